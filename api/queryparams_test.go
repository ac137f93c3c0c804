package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/domain"
)

// queryBadValue is a value no parameter of format takes.
var queryBadValue = map[string]string{
	api.FormatInteger:  "twelve",
	api.FormatBoolean:  "yes",
	api.FormatDateTime: "2026-13-01T00:00:00Z",
	api.FormatDate:     "31/01/2026",
}

// Given any GET route of the table, when a parameter with listed values
// gets another value, or a typed parameter a malformed one, then the
// answer is 400 naming the parameter (and, for listed values, every one
// of them), before any read model is asked.
func TestQueryParams_RefuseValuesTheParameterDoesNotTake(t *testing.T) {
	env := newMemEnv(t)
	tok := safetyToken(t, env)
	checked := 0
	for _, rt := range env.Routes() {
		if rt.Method != http.MethodGet {
			continue
		}
		for _, p := range rt.Query {
			bad, ok := queryBadValue[p.Format]
			if len(p.Enum) > 0 {
				bad, ok = "bogus", true
			}
			if !ok {
				continue
			}
			checked++
			t.Run(rt.Pattern+"?"+p.Name, func(t *testing.T) {
				path := safetyPath(rt.Pattern) + "?" + p.Name + "=" + url.QueryEscape(bad)
				doc := safetyExpectProblem(t, "GET "+path, env.Do(t, http.MethodGet, path, tok, nil), http.StatusBadRequest)
				if len(doc.Errors) != 1 || doc.Errors[0].Field != p.Name || !strings.Contains(doc.Detail, p.Name) {
					t.Errorf("GET %s: %+v, want the problem to name %s", path, doc, p.Name)
				}
				for _, v := range p.Enum {
					if !strings.Contains(doc.Detail, v) {
						t.Errorf("GET %s: detail %q does not list the allowed value %s", path, doc.Detail, v)
					}
				}
			})
		}
	}
	if checked < 30 {
		t.Fatalf("only %d parameters have values to check: the route table lost its descriptions", checked)
	}
}

// Given a list route, when each listed value of a parameter is sent,
// then none is refused as a bad parameter (the lists are the values the
// read side takes).
func TestQueryParams_AcceptEveryListedValue(t *testing.T) {
	env := newMemEnv(t)
	tok := safetyToken(t, env)
	for _, rt := range env.Routes() {
		if rt.Method != http.MethodGet || strings.Contains(rt.Pattern, "{") {
			continue
		}
		for _, p := range rt.Query {
			for _, v := range p.Enum {
				q := url.Values{p.Name: {v}}
				if p.Requires != "" {
					q.Set(p.Requires, "x")
				}
				path := rt.Pattern + "?" + q.Encode()
				if r := env.Do(t, http.MethodGet, path, tok, nil); r.Status == http.StatusBadRequest {
					t.Errorf("GET %s = 400 %s, want the listed value taken", path, r.Body)
				}
			}
		}
	}
}

// Typed parameters take their well-formed values: dates as a bare day
// or an RFC 3339 time, booleans as true or false.
func TestQueryParams_TakeWellFormedValues(t *testing.T) {
	env := newMemEnv(t)
	tok := env.Token(t, "fin-1", "FIN", domain.RoleFinance)
	for _, q := range []string{"as_of=2027-02-15", "as_of=2027-02-15T00:00:00Z", "outstanding=true", "overdue=false",
		"limit=500", "sort=-outstanding", "bucket=90%2B"} {
		if r := env.Do(t, http.MethodGet, "/receivables?"+q, tok, nil); r.Status != http.StatusOK {
			t.Errorf("GET /receivables?%s = %d %s, want 200", q, r.Status, r.Body)
		}
	}
	for _, q := range []string{"limit=501", "limit=0", "outstanding=1", "as_of=2027-02-30"} {
		doc := safetyExpectProblem(t, "GET /receivables?"+q, env.Do(t, http.MethodGet, "/receivables?"+q, tok, nil), http.StatusBadRequest)
		if name, _, _ := strings.Cut(q, "="); len(doc.Errors) != 1 || doc.Errors[0].Field != name {
			t.Errorf("GET /receivables?%s: %+v, want the problem to name %s", q, doc, name)
		}
	}
}

// Given /sales-vs-target, when id comes without the dimension it is an id
// of, then 400 says id needs dimension (it used to answer nothing).
func TestQueryParams_IdOfSalesVsTargetNeedsItsDimension(t *testing.T) {
	env := newMemEnv(t)
	gm := env.Token(t, "gm-1", "HQ", domain.RoleGM)
	doc := safetyExpectProblem(t, "id without dimension",
		env.Do(t, http.MethodGet, "/sales-vs-target?id=rep-1", gm, nil), http.StatusBadRequest)
	if len(doc.Errors) != 1 || doc.Errors[0].Field != "id" || !strings.Contains(doc.Detail, "dimension") {
		t.Errorf("problem %+v, want it to name id and say it needs dimension", doc)
	}
	if r := env.Do(t, http.MethodGet, "/sales-vs-target?dimension=person&id=rep-1", gm, nil); r.Status != http.StatusOK {
		t.Errorf("with its dimension = %d %s, want 200", r.Status, r.Body)
	}
}

// Given every GET list route that needs no path parameter, when it is
// read, then the body is {"items": [...]} with at most a next_cursor
// beside it: no bare array, whichever list.
func TestResponses_EveryListIsItemsAndNextCursor(t *testing.T) {
	env := newMemEnv(t)
	tok := safetyToken(t, env)
	lists := 0
	for _, rt := range env.Routes() {
		if rt.Method != http.MethodGet || !badinputListRoute(rt) || strings.Contains(rt.Pattern, "{") {
			continue
		}
		lists++
		path := rt.Pattern
		if rt.Pattern == "/orders" {
			path += "?customer_id=c1" // a rep must name one of their customers
		}
		r := env.Do(t, http.MethodGet, path, tok, nil)
		var body map[string]json.RawMessage
		if r.Status != http.StatusOK || json.Unmarshal(r.Body, &body) != nil {
			t.Errorf("GET %s = %d %s, want 200 and an object", path, r.Status, r.Body)
			continue
		}
		if items := strings.TrimSpace(string(body["items"])); !strings.HasPrefix(items, "[") {
			t.Errorf("GET %s: items = %s, want an array", path, items)
		}
		for k := range body {
			if k != "items" && k != "next_cursor" {
				t.Errorf("GET %s: key %q beside items and next_cursor", path, k)
			}
		}
	}
	if lists < 10 {
		t.Fatalf("only %d list routes without path parameters", lists)
	}
}

// snakeCase is a JSON key as every body writes them.
var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// Every documented response body, by its type: an object (a list is a
// Page, never a bare array), whose keys are snake_case, with no
// domain.Money ({"minor": ...}) in it: amounts are decimal strings.
func TestResponses_AreSnakeCaseObjectsWithDecimalAmounts(t *testing.T) {
	env := newMemEnv(t)
	for _, rt := range env.Routes() {
		if rt.Response == nil {
			continue
		}
		typ := reflect.TypeOf(rt.Response)
		if typ.Kind() == reflect.Slice {
			t.Errorf("%s %s answers a bare array (%s), want {items, next_cursor}", rt.Method, rt.Pattern, typ)
			continue
		}
		responseKeys(t, rt.Method+" "+rt.Pattern, typ, map[reflect.Type]bool{})
	}
}

func responseKeys(t *testing.T, where string, typ reflect.Type, seen map[reflect.Type]bool) {
	t.Helper()
	for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
		typ = typ.Elem()
	}
	if seen[typ] || typ.Kind() != reflect.Struct || typ == reflect.TypeFor[time.Time]() {
		return
	}
	seen[typ] = true
	if typ == reflect.TypeFor[domain.Money]() {
		t.Errorf("%s: %s is in the body as {minor, currency}, want a decimal string", where, typ)
		return
	}
	if _, custom := reflect.New(typ).Interface().(json.Marshaler); custom {
		return
	}
	for i := range typ.NumField() {
		f := typ.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			responseKeys(t, where, f.Type, seen)
			continue
		}
		if !snakeCase.MatchString(name) {
			t.Errorf("%s: %s.%s is written as %q, want a snake_case json tag", where, typ.Name(), f.Name, name)
		}
		responseKeys(t, where, f.Type, seen)
	}
}
