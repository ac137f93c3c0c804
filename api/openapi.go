package api

import (
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// openAPIDocument builds the OpenAPI 3.1 document from the registered
// routes, so every served route is documented and nothing else is.
func (s *Server) openAPIDocument() map[string]any {
	g := newSchemaGen()
	g.schema(reflect.TypeFor[Problem]())
	paths := map[string]any{}
	add := func(rt Route, public bool) {
		item, _ := paths[rt.Pattern].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.Pattern] = item
		}
		op := g.operation(rt, public)
		if public {
			op["security"] = []any{}
		}
		item[strings.ToLower(rt.Method)] = op
	}
	for _, rt := range operationalRoutes {
		add(rt, true)
	}
	for _, rt := range s.routes {
		add(rt, rt.Public)
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "opsledger API", "version": "1",
			"description": apiDescription(), "license": map[string]any{"name": "Proprietary", "identifier": "LicenseRef-Proprietary"}},
		"servers": []any{map[string]any{"url": "/", "description": "the server that serves this document"}},
		"tags":    tags(s.routes),
		"paths":   paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
				"description": "a token from `opsledger token`"}},
			"schemas":   g.components,
			"responses": problemResponses(),
			"headers":   headerComponents(),
		},
		"security":        []any{map[string]any{"bearer": []any{}}},
		"x-problem-types": problemTypeList(),
	}
}

func apiDescription() string {
	return "Commands and queries of the opsledger operations ledger. Amounts are decimal strings in CNY.\n\n" +
		"Commands accept `Idempotency-Key` and `If-Match` and answer with `X-Opsledger-Position`; pass it back as `?after=` " +
		"to read your own write. Errors are `application/problem+json` (RFC 9457); branch on `type`, one of:\n\n" +
		problemTypesMarkdown()
}

// tags names every tag the routes use, sorted, with the operational one.
func tags(routes []Route) []any {
	seen := map[string]bool{"Operations": true}
	out := []any{map[string]any{"name": "Operations", "description": "Probes, metrics and this documentation"}}
	for _, rt := range routes {
		if rt.Tag != "" && !seen[rt.Tag] {
			seen[rt.Tag] = true
			out = append(out, map[string]any{"name": rt.Tag, "description": rt.Tag + " commands and queries"})
		}
	}
	return out
}

// operationalRoutes are the routes mount serves outside authentication:
// probes, metrics and the documentation itself. They are listed here by
// hand; a test walks the router so this list cannot drift.
var operationalRoutes = []Route{
	{Method: http.MethodGet, Pattern: "/healthz", Tag: "Operations", Summary: "Liveness probe", Response: map[string]string{}, Status: http.StatusOK},
	{Method: http.MethodGet, Pattern: "/readyz", Tag: "Operations", Summary: "Readiness probe: 200 ready, or 200 degraded naming read models stopped on a parked event; 503 when the database or event store is unreachable",
		Response: readyBody{}, Status: http.StatusOK},
	{Method: http.MethodGet, Pattern: "/metrics", Tag: "Operations", Summary: "Prometheus metrics (text exposition format)", Status: http.StatusOK},
	{Method: http.MethodGet, Pattern: "/openapi.json", Tag: "Operations", Summary: "This OpenAPI document", Response: map[string]any{}, Status: http.StatusOK},
	{Method: http.MethodGet, Pattern: "/docs", Tag: "Operations", Summary: "API reference rendered from this document", Status: http.StatusOK},
	{Method: http.MethodGet, Pattern: "/docs/{asset}", Tag: "Operations", Summary: "A script or stylesheet of the API reference page", Status: http.StatusOK},
	dashboardRoutes[0], dashboardRoutes[1],
}

func (g *schemaGen) operation(rt Route, public bool) map[string]any {
	op := map[string]any{
		"summary":     rt.Summary,
		"operationId": operationID(rt),
	}
	if rt.Tag != "" {
		op["tags"] = []string{rt.Tag}
	}
	if params := parameters(rt); len(params) > 0 {
		op["parameters"] = params
	}
	if rt.Request != nil {
		op["requestBody"] = map[string]any{"required": true,
			"content": map[string]any{"application/json": map[string]any{"schema": g.schema(reflect.TypeOf(rt.Request))}}}
	}
	responses := map[string]any{strconv.Itoa(rt.Status): g.success(rt)}
	for _, status := range problemStatuses(rt, public) {
		responses[strconv.Itoa(status)] = map[string]any{"$ref": "#/components/responses/" + problemResponseName(status)}
	}
	if rt.Pattern == "/readyz" { // its 503 also lists each component's state
		responses["503"] = map[string]any{"description": "Not ready: the database or the event store cannot be reached",
			"headers": map[string]any{"Retry-After": map[string]any{"$ref": "#/components/headers/RetryAfter"}},
			"content": map[string]any{"application/problem+json": map[string]any{"schema": g.schema(reflect.TypeFor[notReady]())}}}
	}
	op["responses"] = responses
	return op
}

func operationID(rt Route) string {
	return strings.ToLower(rt.Method) + strings.NewReplacer("/", "_", "{", "", "}", "", "-", "_", ".", "_").Replace(rt.Pattern)
}

// success is the documented 2xx answer of rt with its headers.
func (g *schemaGen) success(rt Route) map[string]any {
	ok := map[string]any{"description": http.StatusText(rt.Status)}
	switch {
	case rt.Pattern == "/metrics":
		ok["content"] = map[string]any{"text/plain": map[string]any{"schema": map[string]any{"type": "string"}}}
	case rt.Pattern == "/docs":
		ok["content"] = map[string]any{"text/html": map[string]any{"schema": map[string]any{"type": "string"}}}
	case rt.Pattern == "/docs/{asset}", rt.Pattern == "/dashboard/{asset}":
		ok["content"] = map[string]any{"text/javascript": map[string]any{"schema": map[string]any{"type": "string"}},
			"text/css": map[string]any{"schema": map[string]any{"type": "string"}}}
	case rt.Pattern == "/openapi.json":
		ok["content"] = map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}
	case len(rt.Produces) > 0:
		content := map[string]any{}
		for _, mt := range rt.Produces {
			content[mt] = map[string]any{"schema": map[string]any{"type": "string", "contentMediaType": mt}}
		}
		ok["content"] = content
	case rt.ContentType != "":
		ok["content"] = map[string]any{rt.ContentType: map[string]any{"schema": map[string]any{"type": "string"}}}
	case rt.Response != nil:
		ok["content"] = map[string]any{"application/json": map[string]any{"schema": g.schema(reflect.TypeOf(rt.Response))}}
	}
	if rt.Request != nil { // a command
		h := map[string]any{
			"ETag":                map[string]any{"$ref": "#/components/headers/ETag"},
			PositionHeader:        map[string]any{"$ref": "#/components/headers/Position"},
			"Idempotent-Replayed": map[string]any{"$ref": "#/components/headers/IdempotentReplayed"},
		}
		if rt.Status == http.StatusCreated {
			h["Location"] = map[string]any{"$ref": "#/components/headers/Location"}
		}
		ok["headers"] = h
	}
	if slices.ContainsFunc(rt.Query, func(p QueryParam) bool { return p.Name == "as_of" }) { // an as-of read
		ok["headers"] = map[string]any{
			"ETag":         map[string]any{"$ref": "#/components/headers/ETag"},
			PositionHeader: map[string]any{"$ref": "#/components/headers/Position"},
		}
	}
	return ok
}

func headerComponents() map[string]any {
	str := map[string]any{"type": "string"}
	return map[string]any{
		"ETag":               map[string]any{"description": "the version of the resource after the command; send it back as If-Match", "schema": str},
		"Position":           map[string]any{"description": "the global position of the command's last event; pass it as ?after= to read your own write", "schema": str},
		"IdempotentReplayed": map[string]any{"description": "true when this is the saved answer to an earlier request with the same Idempotency-Key", "schema": map[string]any{"type": "string", "enum": []any{"true"}}},
		"Location":           map[string]any{"description": "the created resource", "schema": str},
		"RetryAfter":         map[string]any{"description": "seconds to wait before retrying", "schema": map[string]any{"type": "string", "pattern": `^\d+$`}},
	}
}

// parameters are rt's path, query and header parameters.
func parameters(rt Route) []any {
	var params []any
	for _, p := range pathParams(rt.Pattern) {
		params = append(params, map[string]any{"name": p, "in": "path", "required": true, "schema": map[string]any{"type": "string", "minLength": 1}})
	}
	params = append(params, queryParameters(rt)...)
	if rt.Request != nil {
		params = append(params,
			map[string]any{"name": "Idempotency-Key", "in": "header", "schema": map[string]any{"type": "string", "minLength": 1},
				"description": "makes a retry safe: the same key answers the first request's answer again"},
			map[string]any{"name": "If-Match", "in": "header", "schema": map[string]any{"type": "string"},
				"description": "an ETag this API returned: the command is refused (412) if the resource has changed since"})
	}
	return params
}

// queryParameters documents the query parameters rt takes.
func queryParameters(rt Route) []any {
	var params []any
	for _, q := range rt.Query {
		p := map[string]any{"name": q.Name, "in": "query", "schema": queryParamSchema(q)}
		if q.Description != "" {
			p["description"] = q.Description
		}
		if q.Requires != "" {
			p["description"] = strings.TrimSpace(q.Description + " (requires " + q.Requires + ")")
		}
		params = append(params, p)
	}
	return params
}

// queryParamSchema is the schema of a query parameter's value: its enum,
// or its format.
func queryParamSchema(q QueryParam) map[string]any {
	switch {
	case len(q.Enum) > 0:
		return map[string]any{"type": "string", "enum": q.Enum}
	case q.Name == "limit":
		return map[string]any{"type": "integer", "minimum": 1}
	case q.Format == FormatInteger:
		return map[string]any{"type": "integer"}
	case q.Format == FormatBoolean:
		return map[string]any{"type": "boolean"}
	case q.Format == FormatDateTime:
		return map[string]any{"type": "string", "format": "date-time"}
	case q.Format == FormatDate:
		return map[string]any{"type": "string", "format": "date"}
	}
	return map[string]any{"type": "string"}
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.openAPIDocument())
}
