package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// openAPIDocument builds the OpenAPI 3.1 document from the registered
// routes, so every served route is documented and nothing else is.
func (s *Server) openAPIDocument() map[string]any {
	paths := map[string]any{}
	add := func(rt Route, public bool) {
		item, _ := paths[rt.Pattern].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.Pattern] = item
		}
		op := operation(rt)
		if public {
			op["security"] = []any{}
		}
		item[strings.ToLower(rt.Method)] = op
	}
	for _, rt := range operationalRoutes {
		add(rt, true)
	}
	for _, rt := range s.routes {
		add(rt, false)
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "opsledger API", "version": "1",
			"description": "Commands and queries of the opsledger operations ledger. Amounts are decimal strings in CNY."},
		"paths": paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
			"schemas":         map[string]any{"Problem": schemaOf(reflect.TypeOf(Problem{}))},
		},
		"security": []any{map[string]any{"bearer": []any{}}},
	}
}

// operationalRoutes are the routes mount serves outside authentication:
// probes, metrics and the documentation itself. They are listed here by
// hand; a test walks the router so this list cannot drift.
var operationalRoutes = []Route{
	{Method: http.MethodGet, Pattern: "/healthz", Tag: "Operations", Summary: "Liveness probe", Response: map[string]string{}, Status: http.StatusOK},
	{Method: http.MethodGet, Pattern: "/readyz", Tag: "Operations", Summary: "Readiness probe: 200 ready, or 200 degraded naming read models stopped on a parked event; 503 when the database or event store is unreachable",
		Response: map[string]string{}, Status: http.StatusOK},
	{Method: http.MethodGet, Pattern: "/metrics", Tag: "Operations", Summary: "Prometheus metrics (text exposition format)", Status: http.StatusOK},
	{Method: http.MethodGet, Pattern: "/openapi.json", Tag: "Operations", Summary: "This OpenAPI document", Response: map[string]any{}, Status: http.StatusOK},
	{Method: http.MethodGet, Pattern: "/docs", Tag: "Operations", Summary: "Browsable HTML list of the routes", Status: http.StatusOK},
}

func operation(rt Route) map[string]any {
	var params []any
	for _, p := range pathParams(rt.Pattern) {
		params = append(params, map[string]any{"name": p, "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
	}
	for _, q := range rt.Query {
		params = append(params, map[string]any{"name": q.Name, "in": "query", "schema": map[string]any{"type": "string"}})
	}
	op := map[string]any{
		"summary":     rt.Summary,
		"operationId": strings.ToLower(rt.Method) + strings.NewReplacer("/", "_", "{", "", "}", "", "-", "_").Replace(rt.Pattern),
	}
	if rt.Tag != "" {
		op["tags"] = []string{rt.Tag}
	}
	if len(params) > 0 {
		op["parameters"] = params
	}
	if rt.Request != nil {
		op["requestBody"] = map[string]any{"required": true,
			"content": map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(rt.Request))}}}
	}
	ok := map[string]any{"description": http.StatusText(rt.Status)}
	if rt.Response != nil {
		ok["content"] = map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(rt.Response))}}
	}
	problem := map[string]any{"description": "problem", "content": map[string]any{
		"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}}}
	op["responses"] = map[string]any{strconv.Itoa(rt.Status): ok, "default": problem}
	return op
}

var (
	timeType      = reflect.TypeOf(time.Time{})
	marshalerType = reflect.TypeOf((*json.Marshaler)(nil)).Elem()
)

// schemaOf describes a Go type as a JSON Schema (2020-12, as OpenAPI 3.1
// uses), following encoding/json's rules for names and embedding.
func schemaOf(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	// Times and dates first: time.Time is also a json.Marshaler.
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == reflect.TypeFor[Date]():
		return map[string]any{"type": "string", "format": "date", "description": "a date such as 2027-01-15 (an RFC 3339 date-time is also accepted)"}
	case t == reflect.TypeFor[Month]():
		return map[string]any{"type": "string", "pattern": `^\d{4}-\d{2}(-\d{2}.*)?$`, "description": "a month such as 2027-01 (a date in the month is also accepted)"}
	case t.Implements(marshalerType) || reflect.PointerTo(t).Implements(marshalerType):
		return map[string]any{"description": "custom JSON encoding (decimal strings for amounts and percentages)"}
	case t.Kind() == reflect.String:
		return map[string]any{"type": "string"}
	case t.Kind() == reflect.Bool:
		return map[string]any{"type": "boolean"}
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return map[string]any{"type": "integer"}
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		return map[string]any{}
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem())}
	case t.Kind() == reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem())}
	case t.Kind() == reflect.Struct:
		props := map[string]any{}
		addFields(t, props)
		return map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	}
	return map[string]any{}
}

func addFields(t reflect.Type, props map[string]any) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			addFields(f.Type, props)
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = schemaOf(f.Type)
	}
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.openAPIDocument())
}
