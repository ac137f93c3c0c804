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
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
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
	env := apptest.New(t, nil)
	tok := safetyToken(t, env)
	var n int
	for _, rt := range env.App.API.Routes() {
		if rt.Method != http.MethodPost {
			continue
		}
		n++
		t.Run(rt.Pattern, func(t *testing.T) {
			path := safetyPath(rt.Pattern)
			for _, c := range badinputCases(t, env, tok, rt) {
				before := safetyHead(t, env)
				resp := env.Do(t, http.MethodPost, path, c.token, c.body, c.headers...)
				what := c.name + " (POST " + path + ")"
				p := safetyExpectProblem(t, what, resp, c.status...)
				if c.kind != "" && p.Type != safetyProblemBase+c.kind {
					t.Errorf("%s: problem type %q, want %s", what, p.Type, safetyProblemBase+c.kind)
				}
				if bytes.Contains(resp.Body, []byte("<script")) {
					t.Errorf("%s: raw <script in the answer: %.300s", what, resp.Body)
				}
				if after := safetyHead(t, env); after != before {
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
func badinputCases(t *testing.T, env *apptest.Env, tok string, rt api.Route) []badinputCase {
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
		{name: "an expired token", token: badinputToken(t, []byte(apptest.Secret), -2*time.Hour), body: `{}`, kind: "unauthenticated", status: []int{401}},
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

// TestBadInput_QueryRoutes sends list routes page sizes and cursors they
// must refuse, and every GET route a position it cannot wait for.
func TestBadInput_QueryRoutes(t *testing.T) {
	env := apptest.New(t, nil)
	tok := safetyToken(t, env)
	lists := 0
	for _, rt := range env.App.API.Routes() {
		if rt.Method != http.MethodGet {
			continue
		}
		t.Run(rt.Pattern, func(t *testing.T) {
			path := safetyPath(rt.Pattern)
			refused := []string{"after=abc", "after=1", "after=-1-2", "after=1-x", "after=99999999999999999999999-0", "after=%00"}
			var harmless []string
			if strings.HasPrefix(reflect.TypeOf(rt.Response).Name(), "Page[") {
				lists++
				refused = append(refused, "limit=100000", "limit=-1", "limit=0", "limit=abc", "limit=1.5", "limit=%00", "cursor=garbage!")
				// A forged cursor cannot always be told from a real one;
				// it must still never be a server error.
				harmless = append(harmless, "cursor="+badinputCursor(1), "cursor="+badinputCursor(2), "cursor="+badinputCursor(3))
			}
			for _, q := range rt.Query {
				if q != "after" && q != "limit" && q != "cursor" {
					refused = append(refused, q+"=%00")
					harmless = append(harmless, q+"="+url.QueryEscape(badinputSQL), q+"="+url.QueryEscape("<script>alert(1)</script>"))
				}
			}
			for _, q := range refused {
				resp := env.Do(t, http.MethodGet, path+"?"+q, tok, nil)
				safetyExpectProblem(t, "GET "+path+"?"+q, resp)
			}
			for _, q := range harmless {
				badinputNo5xx(t, "GET "+path+"?"+q, env.Do(t, http.MethodGet, path+"?"+q, tok, nil))
			}
			resp := env.Do(t, http.MethodGet, path, tok, nil, api.AfterHeader, "not-a-position")
			safetyExpectProblem(t, "GET "+path+" with a malformed "+api.AfterHeader, resp)
		})
	}
	if lists == 0 {
		t.Fatal("no list route (response Page[...]) is documented")
	}
}

// badinputSQL is an SQL injection attempt.
const badinputSQL = "'; DROP TABLE x; --"

// badinputNo5xx fails on a server error, and on a refusal that is not a
// problem document.
func badinputNo5xx(t *testing.T, what string, resp apptest.Response) {
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
func TestBadInput_PathParams(t *testing.T) {
	env := apptest.New(t, nil)
	tok := safetyToken(t, env)
	for _, rt := range env.App.API.Routes() {
		if !strings.Contains(rt.Pattern, "{") {
			continue
		}
		for _, v := range []string{"%00", url.PathEscape(badinputSQL), url.PathEscape("<script>alert(1)</script>"), "..%2F..%2Fetc"} {
			path := strings.ReplaceAll(safetyPath(rt.Pattern), "4242424242", v)
			var body any
			if rt.Method == http.MethodPost {
				body = `{}`
			}
			before := safetyHead(t, env)
			resp := env.Do(t, rt.Method, path, tok, body)
			badinputNo5xx(t, rt.Method+" "+path, resp)
			if v == "%00" && resp.Status < 400 {
				t.Errorf("%s %s: status %d, want a NUL in the path refused", rt.Method, path, resp.Status)
			}
			if after := safetyHead(t, env); after != before && resp.Status >= 400 {
				t.Errorf("%s %s: refused, yet it wrote events", rt.Method, path)
			}
		}
	}
}

// TestBadInput_Routing checks the answers to routes and methods that do
// not exist.
func TestBadInput_Routing(t *testing.T) {
	env := apptest.New(t, nil)
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
	for _, rt := range env.App.API.Routes() {
		served[rt.Method+" "+rt.Pattern] = true
	}
	for _, rt := range env.App.API.Routes() {
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

// badinputInjections are stored verbatim or refused, never run or echoed
// raw.
var badinputInjections = []string{badinputSQL, "<script>alert(1)</script>", "{{7*7}}", "\u0000", "a\u0000b"}

// badinputBases are valid-looking bodies of create routes the injections
// go into, one text field at a time.
var badinputBases = map[string]map[string]any{
	"/customers": {"name": "Acme Pumps", "address": "1 River Road", "primary_contact": "Li Wei",
		"phone": "+86 21 5555 0100", "source": "ON_SITE", "region": "East"},
}

// TestBadInput_Injection puts injection strings into every text field of a
// create request: each is stored verbatim and returned JSON-escaped, or
// refused with a 4xx, never a 5xx.
func TestBadInput_Injection(t *testing.T) {
	env := apptest.New(t, nil)
	tok := env.Token(t, "emp-safety", "SALES", domain.RoleSalesRep)
	rt, ok := badinputCreateRoute(env)
	if !ok {
		t.Fatal("no create route is documented")
	}
	view := badinputViewRoute(env, rt.Pattern+"/{id}")
	n := 0
	for _, f := range safetyFields(reflect.TypeOf(rt.Request), nil) {
		if f.Type.Kind() != reflect.String || len(f.Path) != 1 {
			continue
		}
		for _, payload := range badinputInjections {
			n++
			body := map[string]any{}
			for k, v := range badinputBases[rt.Pattern] {
				body[k] = v
			}
			body["number"] = fmt.Sprintf("INJ-%d", n)
			body[f.Path[0]] = payload
			what := fmt.Sprintf("POST %s with %s = %q", rt.Pattern, f, payload)
			resp := env.Do(t, http.MethodPost, rt.Pattern, tok, body)
			if resp.Status != http.StatusCreated {
				safetyExpectProblem(t, what, resp)
				continue
			}
			if bytes.Contains(resp.Body, []byte("<script")) {
				t.Errorf("%s: raw <script in the answer: %s", what, resp.Body)
			}
			if view {
				badinputCheckStored(t, env, tok, what, resp, f.Path[0], payload)
			}
		}
	}
}

// badinputCreateRoute is the customer registration if it is served, else
// the first create route.
func badinputCreateRoute(env *apptest.Env) (api.Route, bool) {
	var first *api.Route
	for _, rt := range env.App.API.Routes() {
		if rt.Method != http.MethodPost || rt.Status != http.StatusCreated || rt.Request == nil {
			continue
		}
		if rt.Pattern == "/customers" {
			return rt, true
		}
		if first == nil {
			first = &rt
		}
	}
	if first == nil {
		return api.Route{}, false
	}
	return *first, true
}

func badinputViewRoute(env *apptest.Env, pattern string) bool {
	for _, rt := range env.App.API.Routes() {
		if rt.Method == http.MethodGet && rt.Pattern == pattern {
			return true
		}
	}
	return false
}

// badinputCheckStored reads the created resource back: the body holds no
// raw markup, and a field of the same name holds the payload verbatim.
func badinputCheckStored(t *testing.T, env *apptest.Env, tok, what string, created apptest.Response, field, payload string) {
	t.Helper()
	path := created.Header.Get("Location") + "?after=" + created.Header.Get(api.PositionHeader)
	resp := env.Do(t, http.MethodGet, path, tok, nil)
	// 503 means "not caught up yet, retry": a client would.
	for i := 0; i < 3 && resp.Status == http.StatusServiceUnavailable; i++ {
		resp = env.Do(t, http.MethodGet, path, tok, nil)
	}
	if resp.Status != http.StatusOK {
		// Say whether the write shows up later (read-your-writes broke)
		// or never (the read model lost it).
		time.Sleep(2 * time.Second)
		later := env.Do(t, http.MethodGet, created.Header.Get("Location"), tok, nil)
		t.Errorf("%s: accepted, but GET %s answers %d (%d two seconds later): %.300s", what, path, resp.Status, later.Status, resp.Body)
		return
	}
	if bytes.Contains(resp.Body, []byte("<script")) {
		t.Errorf("%s: raw <script in GET %s: %s", what, path, resp.Body)
	}
	var got map[string]any
	resp.JSON(t, &got)
	if v, ok := got[field]; ok && v != payload {
		t.Errorf("%s: GET %s has %s = %q, want it verbatim", what, path, field, v)
	}
}
