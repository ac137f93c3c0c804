package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/api"
)

// badinputCase is one refused request: the problem kind it must be
// answered with (empty: any 4xx problem) and the statuses allowed.
type badinputCase struct {
	name    string
	token   string
	body    any
	headers []string
	kind    string
	status  []int
}

// badinputHuge is a 10 MB JSON body, ten times the cap.
var badinputHuge = []byte(`{"reason":"` + strings.Repeat("a", 10<<20) + `"}`)

// TestBadInput_CommandRoutes sends every documented POST route bodies,
// headers and tokens it must refuse: each is a 4xx problem+json with a
// type, never a 5xx, and the event store is left untouched.
func TestBadInput_CommandRoutes(t *testing.T) {
	env := newMemEnv(t)
	tok := safetyToken(t, env)
	var n int
	for _, rt := range env.Routes() {
		if rt.Method != http.MethodPost {
			continue
		}
		n++
		t.Run(rt.Pattern, func(t *testing.T) {
			path := safetyPath(rt.Pattern)
			for _, c := range badinputCases(t, tok, rt) {
				before := env.Written(t)
				resp := env.Do(t, http.MethodPost, path, c.token, c.body, c.headers...)
				what := c.name + " (POST " + path + ")"
				p := safetyExpectProblem(t, what, resp, c.status...)
				if c.kind != "" && p.Type != safetyProblemBase+c.kind {
					t.Errorf("%s: problem type %q, want %s", what, p.Type, safetyProblemBase+c.kind)
				}
				if bytes.Contains(resp.Body, []byte("<script")) {
					t.Errorf("%s: raw <script in the answer: %.300s", what, resp.Body)
				}
				if after := env.Written(t); after != before {
					t.Errorf("%s: the refused request wrote events (head %v -> %v)", what, before, after)
				}
			}
		})
	}
	if n == 0 {
		t.Fatal("no POST route is documented")
	}
}

// badinputCases are the refused requests for one route.
// They run on the in-memory harness, whose tokens memSecret signs.
func badinputCases(t *testing.T, tok string, rt api.Route) []badinputCase {
	cs := []badinputCase{
		{name: "truncated JSON", token: tok, body: `{"reason": `, kind: "malformed-request", status: []int{400}},
		{name: "trailing comma", token: tok, body: `{"reason": "x",}`, kind: "malformed-request", status: []int{400}},
		{name: "two objects", token: tok, body: `{} {}`, kind: "malformed-request", status: []int{400}},
		{name: "not JSON at all", token: tok, body: `reason=x`, kind: "malformed-request", status: []int{400}},
		{name: "an array instead of an object", token: tok, body: `[]`, status: []int{400, 422}},
		{name: "a string instead of an object", token: tok, body: `"x"`, status: []int{400, 422}},
		{name: "an unknown field", token: tok, body: `{"no_such_field": 1}`, kind: "invalid-field", status: []int{422}},
		{name: "an unknown field named like markup", token: tok, body: `{"<script>alert(1)</script>": 1}`, kind: "invalid-field", status: []int{422}},
		{name: "a 10 MB body", token: tok, body: badinputHuge, kind: "body-too-large", status: []int{413}},
		{name: "invalid UTF-8", token: tok, body: "{\"reason\": \"\xff\xfe\xfd\"}", kind: "malformed-request", status: []int{400}},
		{name: "text/plain", token: tok, body: `{}`, headers: []string{"Content-Type", "text/plain"}, kind: "unsupported-media-type", status: []int{415}},
		{name: "form encoded", token: tok, body: `reason=x`, headers: []string{"Content-Type", "application/x-www-form-urlencoded"}, kind: "unsupported-media-type", status: []int{415}},
		{name: "a malformed Content-Type", token: tok, body: `{}`, headers: []string{"Content-Type", ";;;"}, kind: "unsupported-media-type", status: []int{415}},
		{name: "no token", body: `{}`, kind: "unauthenticated", status: []int{401}},
		{name: "a garbage token", token: "garbage", body: `{}`, kind: "unauthenticated", status: []int{401}},
		{name: "an expired token", token: badinputToken(t, []byte(memSecret), -2*time.Hour), body: `{}`, kind: "unauthenticated", status: []int{401}},
		{name: "a token signed with another secret", token: badinputToken(t, bytes.Repeat([]byte("x"), 40), 0), body: `{}`, kind: "unauthenticated", status: []int{401}},
		{name: "an Idempotency-Key over 255 characters", token: tok, body: `{}`, headers: []string{"Idempotency-Key", strings.Repeat("k", 256)}, status: []int{422}},
	}
	for _, im := range []string{"garbage", `"abc"`, `"-1"`, `"99999999999999999999999"`, `W/`, `""`} {
		cs = append(cs, badinputCase{name: "If-Match " + im, token: tok, body: `{}`, headers: []string{"If-Match", im},
			kind: "malformed-request", status: []int{400}})
	}
	if rt.Request == nil {
		return cs
	}
	for _, f := range safetyFields(reflect.TypeOf(rt.Request), nil) {
		cs = append(cs, badinputCase{name: "a wrong type in " + f.String(), token: tok,
			body: safetyBody(f.Path, safetyWrongValue(f.Type)), status: []int{400, 422}})
		if badinputMoney(f) {
			// On a resource that does not exist, 404 is a fine refusal too.
			want := []int{400, 409, 422}
			if strings.Contains(rt.Pattern, "{") {
				want = append(want, 404)
			}
			cs = append(cs, badinputCase{name: "a negative amount in " + f.String(), token: tok,
				body: safetyBody(f.Path, "-100.00"), status: want})
		}
	}
	return cs
}

// TestBadInput_QueryRoutes sends list routes page sizes they must refuse,
// every GET route a position it cannot wait for, and every filter a NUL:
// the API refuses all of these before a read model is asked. The
// cursors and filter values only the read models decode are
// TestReadSideInput_Queries.
func TestBadInput_QueryRoutes(t *testing.T) {
	env := newMemEnv(t)
	tok := safetyToken(t, env)
	lists := 0
	for _, rt := range env.Routes() {
		if rt.Method != http.MethodGet {
			continue
		}
		t.Run(rt.Pattern, func(t *testing.T) {
			path := safetyPath(rt.Pattern)
			refused := []string{"after=abc", "after=1", "after=-1-2", "after=1-x", "after=99999999999999999999999-0", "after=%00"}
			if badinputListRoute(rt) {
				lists++
				refused = append(refused, "limit=100000", "limit=-1", "limit=0", "limit=abc", "limit=1.5", "limit=%00")
			}
			for _, q := range badinputFilters(rt) {
				refused = append(refused, q+"=%00")
			}
			for _, q := range refused {
				resp := env.Do(t, http.MethodGet, path+"?"+q, tok, nil)
				safetyExpectProblem(t, "GET "+path+"?"+q, resp)
			}
			resp := env.Do(t, http.MethodGet, path, tok, nil, api.AfterHeader, "not-a-position")
			safetyExpectProblem(t, "GET "+path+" with a malformed "+api.AfterHeader, resp)
		})
	}
	if lists == 0 {
		t.Fatal("no list route (response Page[...]) is documented")
	}
}

// badinputListRoute reports whether a route answers with a page of a list.
func badinputListRoute(rt api.Route) bool {
	return rt.Response != nil && strings.HasPrefix(reflect.TypeOf(rt.Response).Name(), "Page[")
}

// badinputFilters are a route's query parameters other than the position
// and the page.
func badinputFilters(rt api.Route) []string {
	var out []string
	for _, q := range rt.Query {
		if q.Name != "after" && q.Name != "limit" && q.Name != "cursor" {
			out = append(out, q.Name)
		}
	}
	return out
}

// badinputSQL is an SQL injection attempt.
const badinputSQL = "'; DROP TABLE x; --"

// badinputNo5xx fails on a server error, and on a refusal that is not a
// problem document.
func badinputNo5xx(t *testing.T, what string, resp response) {
	t.Helper()
	if resp.Status >= 400 {
		safetyExpectProblem(t, what, resp)
	}
	if bytes.Contains(resp.Body, []byte("<script")) {
		t.Errorf("%s: raw <script in the answer: %.300s", what, resp.Body)
	}
}

// TestBadInput_PathParams puts NUL, SQL and markup into every path
// parameter: refused or not found, never a server error or a write.
// TestReadSideInput_PathParams sends the GET routes' ones on to real
// read models.
func TestBadInput_PathParams(t *testing.T) {
	env := newMemEnv(t)
	badinputPathParams(t, env, func(api.Route) bool { return true })
}

// badinputPathParams runs TestBadInput_PathParams over the routes of env
// that pick selects.
func badinputPathParams(t *testing.T, env testEnv, pick func(api.Route) bool) {
	tok := safetyToken(t, env)
	for _, rt := range env.Routes() {
		if !strings.Contains(rt.Pattern, "{") || !pick(rt) {
			continue
		}
		for _, v := range []string{"%00", url.PathEscape(badinputSQL), url.PathEscape("<script>alert(1)</script>"), "..%2F..%2Fetc"} {
			path := strings.ReplaceAll(safetyPath(rt.Pattern), "4242424242", v)
			var body any
			if rt.Method == http.MethodPost {
				body = `{}`
			}
			before := env.Written(t)
			resp := env.Do(t, rt.Method, path, tok, body)
			badinputNo5xx(t, rt.Method+" "+path, resp)
			if v == "%00" && resp.Status < 400 {
				t.Errorf("%s %s: status %d, want a NUL in the path refused", rt.Method, path, resp.Status)
			}
			if after := env.Written(t); after != before && resp.Status >= 400 {
				t.Errorf("%s %s: refused, yet it wrote events", rt.Method, path)
			}
		}
	}
}

// TestBadInput_Routing checks the answers to routes and methods that do
// not exist.
func TestBadInput_Routing(t *testing.T) {
	env := newMemEnv(t)
	tok := safetyToken(t, env)
	for _, path := range []string{"/no-such-route", "/customers/1/no/such/thing"} {
		for _, token := range []string{"", tok} {
			resp := env.Do(t, http.MethodGet, path, token, nil)
			p := safetyExpectProblem(t, "GET "+path, resp, http.StatusNotFound)
			if p.Type != safetyProblemBase+"not-found" && resp.Status == http.StatusNotFound {
				t.Errorf("GET %s: problem type %q, want not-found", path, p.Type)
			}
		}
	}
	served := map[string]bool{}
	for _, rt := range env.Routes() {
		served[rt.Method+" "+rt.Pattern] = true
	}
	for _, rt := range env.Routes() {
		for _, m := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodGet, http.MethodPost} {
			if served[m+" "+rt.Pattern] {
				continue
			}
			path := safetyPath(rt.Pattern)
			resp := env.Do(t, m, path, tok, nil)
			p := safetyExpectProblem(t, fmt.Sprintf("%s %s", m, path), resp, http.StatusMethodNotAllowed)
			if p.Type != safetyProblemBase+"method-not-allowed" {
				t.Errorf("%s %s: problem type %q, want method-not-allowed", m, path, p.Type)
			}
		}
	}
}
