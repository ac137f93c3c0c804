package api_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

// The bad-input cases whose answer comes from the read models themselves
// (cursors they decode, filter values and ids that reach their SQL, a
// write read back) run on the whole application, with PostgreSQL: the
// in-memory harness's read side holds no rows and runs no SQL, so there
// they would prove nothing. The rest of the bad-input tests run on the
// harness (badinput_test.go).

// appEnv is the whole application as a testEnv.
type appEnv struct{ *apptest.Env }

func newAppEnv(t *testing.T) appEnv { return appEnv{apptest.New(t, nil)} }

// Do sends a request (see apptest.Env.Do).
func (e appEnv) Do(t testing.TB, method, path, token string, body any, headers ...string) response {
	t.Helper()
	return e.Env.Do(t, method, path, token, body, headers...)
}

// Routes are the documented routes of the application's API.
func (e appEnv) Routes() []api.Route { return e.App.API.Routes() }

// Written counts the events stored, by SQL on the events table.
func (e appEnv) Written(t testing.TB) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var n int
	table := pgx.Identifier{e.App.Config.EventSchema, "events"}.Sanitize()
	if err := e.App.Pool.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		t.Fatalf("count events: %v", err)
	}
	return n
}

// TestReadSideInput_Queries sends list routes cursors and every filter
// SQL and markup: a cursor the read model did not issue is refused; a
// forged one, or a hostile filter value, is never a server error.
func TestReadSideInput_Queries(t *testing.T) {
	env := newAppEnv(t)
	tok := safetyToken(t, env)
	lists := 0
	for _, rt := range env.Routes() {
		if rt.Method != http.MethodGet {
			continue
		}
		t.Run(rt.Pattern, func(t *testing.T) {
			path := safetyPath(rt.Pattern)
			var refused, harmless []string
			if badinputListRoute(rt) {
				lists++
				refused = append(refused, "cursor=garbage!")
				// A forged cursor cannot always be told from a real one;
				// it must still never be a server error.
				harmless = append(harmless, "cursor="+badinputCursor(1), "cursor="+badinputCursor(2), "cursor="+badinputCursor(3))
			}
			for _, q := range badinputFilters(rt) {
				harmless = append(harmless, q+"="+url.QueryEscape(badinputSQL), q+"="+url.QueryEscape("<script>alert(1)</script>"))
			}
			for _, q := range refused {
				resp := env.Do(t, http.MethodGet, path+"?"+q, tok, nil)
				safetyExpectProblem(t, "GET "+path+"?"+q, resp)
			}
			for _, q := range harmless {
				badinputNo5xx(t, "GET "+path+"?"+q, env.Do(t, http.MethodGet, path+"?"+q, tok, nil))
			}
		})
	}
	if lists == 0 {
		t.Fatal("no list route (response Page[...]) is documented")
	}
}

// TestReadSideInput_PathParams is TestBadInput_PathParams on the GET
// routes, whose path parameters reach the read models' SQL.
func TestReadSideInput_PathParams(t *testing.T) {
	badinputPathParams(t, newAppEnv(t), func(rt api.Route) bool { return rt.Method == http.MethodGet })
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

// TestReadSideInput_Injection puts injection strings into every text field
// of a create request: each is stored verbatim and returned JSON-escaped,
// or refused with a 4xx, never a 5xx. Reading it back needs the read
// model the create feeds.
func TestReadSideInput_Injection(t *testing.T) {
	env := newAppEnv(t)
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
func badinputCreateRoute(env testEnv) (api.Route, bool) {
	var first *api.Route
	for _, rt := range env.Routes() {
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

func badinputViewRoute(env testEnv, pattern string) bool {
	for _, rt := range env.Routes() {
		if rt.Method == http.MethodGet && rt.Pattern == pattern {
			return true
		}
	}
	return false
}

// badinputCheckStored reads the created resource back: the body holds no
// raw markup, and a field of the same name holds the payload verbatim.
func badinputCheckStored(t *testing.T, env testEnv, tok, what string, created response, field, payload string) {
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
