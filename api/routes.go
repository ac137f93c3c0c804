package api

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/go-chi/chi/v5"
)

// Route documents one endpoint for the OpenAPI document.
type Route struct {
	Method  string
	Pattern string
	Summary string
	Tag     string
	// Request and Response are zero values of the body types (nil: none).
	Request  any
	Response any
	// Status is the success status code.
	Status int
	// Query lists the query parameters the endpoint accepts (a GET's are
	// checked against it before the handler runs).
	Query []QueryParam
	// MayNotFind documents a 404 for a GET whose path names nothing: what
	// its parameters ask for may not exist.
	MayNotFind bool
	// MayConflict documents a 409 for a GET whose parameters may
	// contradict what the server holds (a client's checkpoint of a tree
	// the log did not sign).
	MayConflict bool
	// Produces lists the media types of a body that is not JSON (an
	// export's files), chosen by the request's Accept header.
	Produces []string
	// ContentType is the success answer's media type when it is not
	// JSON (the event stream, the dashboard's page and assets).
	ContentType string
	// Public routes are served without a token.
	Public bool
}

// routes registers handlers and records them for the document, so the
// two cannot drift apart.
type routes struct {
	s *Server
	r chi.Router
}

func (rt *routes) add(route Route, h http.HandlerFunc) {
	if route.Status == 0 {
		route.Status = http.StatusOK
	}
	rt.r.Method(route.Method, route.Pattern, h)
	rt.s.routes = append(rt.s.routes, route)
}

// command registers a POST endpoint that runs a command on the resource
// its path names (200). The request body is documented as Req.
func command[Req enveloped](rt *routes, pattern, tag, summary string, run commandFunc[Req]) {
	addCommand(rt, actsOn, pattern, tag, summary, run)
}

// create registers a POST endpoint whose command creates a resource (201,
// Location, the id made from the idempotency key). The request body is
// documented as Req.
func create[Req enveloped](rt *routes, pattern, tag, summary string, run commandFunc[Req]) {
	addCommand(rt, creates, pattern, tag, summary, run)
}

// addCommand documents and serves one command route of kind: the
// documented status and the served one both come from kind.
func addCommand[Req enveloped](rt *routes, kind commandKind, pattern, tag, summary string, run commandFunc[Req]) {
	var req Req
	rt.add(Route{Method: http.MethodPost, Pattern: pattern, Summary: summary, Tag: tag, Request: req,
		Response: CommandResponse{}, Status: kind.status()}, handleCommand(rt.s, kind, run))
}

// get registers a GET endpoint returning resp; query describes its
// parameters.
func (rt *routes) get(pattern, tag, summary string, resp any, h http.HandlerFunc, query ...QueryParam) {
	rt.add(Route{Method: http.MethodGet, Pattern: pattern, Summary: summary, Tag: tag, Response: resp, Query: query},
		validQuery(query, h))
}

// validQuery refuses (400 naming the parameter) a query string naming a
// parameter the route does not take, or a value the parameter does not:
// a misspelt filter (?satus=OPEN) or value (?status=OPNE) would otherwise
// answer everything, or nothing, as if it were applied.
func validQuery(params []QueryParam, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery == "" { // the common case: nothing to parse
			h(w, r)
			return
		}
		if p := checkQuery(params, r); p != nil {
			writeProblem(w, r, p)
			return
		}
		h(w, r)
	}
}

func unknownParam(name string, known []string) *Problem {
	takes := "no query parameters"
	if len(known) > 0 {
		takes = "only " + strings.Join(known, ", ")
	}
	p := newProblem(http.StatusBadRequest, kindMalformed, "Unknown query parameter",
		fmt.Sprintf("%q is not a parameter of this endpoint, which takes %s", name, takes))
	p.Errors = []FieldProblem{{Field: name, Reason: "unknown query parameter"}}
	return p
}

// pathParams returns the {names} of a chi pattern.
func pathParams(pattern string) []string {
	var names []string
	for _, seg := range strings.Split(pattern, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			names = append(names, strings.TrimSuffix(strings.TrimPrefix(seg, "{"), "}"))
		}
	}
	return names
}

func typeName(v any) string {
	if v == nil {
		return ""
	}
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Name()
}
