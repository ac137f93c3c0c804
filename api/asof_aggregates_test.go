package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
)

// asOfSubject is one record of an aggregate the as-of and history tests
// read: its path, who reads it and who may not, and the change they read
// around (made with the envelope fields given, so it can be effective
// before it is recorded), which moves field from before to after.
type asOfSubject struct {
	path, reader, stranger string
	change                 func(t *testing.T, envelope map[string]any) api.CommandResponse
	field, before, after   string
}

// asOfAggregate opens one record of an aggregate for the tests.
type asOfAggregate struct {
	name    string
	unknown string // the path of a record that never existed
	open    func(t *testing.T, env *apptest.Env) asOfSubject
}

func asOfPost(t *testing.T, env *apptest.Env, path, tok string, body map[string]any, envelope map[string]any, want int) api.CommandResponse {
	t.Helper()
	for k, v := range envelope {
		body[k] = v
	}
	var res api.CommandResponse
	orderCall(t, env, http.MethodPost, path, tok, body, want, "Idempotency-Key", "asof-"+strings.ReplaceAll(path, "/", "-")).JSON(t, &res)
	return res
}

// asOfAggregates are the aggregates whose as-of reads came after the
// first seven (customers, quotations, contracts, orders, employees,
// complaints, sales plans; see asof_test.go).
var asOfAggregates = []asOfAggregate{
	{"expense claim", "/expense-claims/no-such-claim", func(t *testing.T, env *apptest.Env) asOfSubject {
		rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
		gm := env.Token(t, "gm-1", "GM", domain.RoleGM)
		today := time.Now().Format(time.DateOnly)
		path := "/expense-claims/" + asOfPost(t, env, "/expense-claims", rep, map[string]any{"purpose": "visits",
			"items": []map[string]any{{"kind": "BUSINESS_CARDS", "amount": "120.00", "incurred_on": today, "voucher_ref": "PRINT-3"}}}, nil, http.StatusCreated).ID
		return asOfSubject{path: path, reader: rep, stranger: env.Token(t, "rep-2", "SALES-SOUTH", domain.RoleSalesRep),
			change: func(t *testing.T, envelope map[string]any) api.CommandResponse {
				return asOfPost(t, env, path+"/prior-approval", gm, map[string]any{"comment": "cards"}, envelope, http.StatusOK)
			}, field: "status", before: "DRAFT", after: "PRIOR_APPROVED"}
	}},
	{"work plan", "/work-plans/no-such-plan", func(t *testing.T, env *apptest.Env) asOfSubject {
		team := employeeTeamOf(t, env)
		e := "/employees/emp-new"
		onboardNewHire(t, env, team)
		orderCommand(t, env, e+"/start-work", team.head, map[string]any{})
		next := time.Now().UTC().AddDate(0, 1, 0)
		start := time.Date(next.Year(), next.Month(), 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		submitted := orderCommand(t, env, e+"/work-plans", team.hire, map[string]any{"period": "MONTHLY", "period_start": start, "content": "visit ten utilities"})
		path := "/work-plans/" + strings.TrimPrefix(submitted.Stream, "workplan-")
		return asOfSubject{path: path, reader: team.hire, stranger: team.colleague,
			change: func(t *testing.T, envelope map[string]any) api.CommandResponse {
				return asOfPost(t, env, path+"/approval", team.head, map[string]any{"comment": "agreed"}, envelope, http.StatusOK)
			}, field: "status", before: "SUBMITTED", after: "APPROVED"}
	}},
	{"rectification notice", "/rectification-notices/no-such-notice", func(t *testing.T, env *apptest.Env) asOfSubject {
		p := supervisionPeopleOf(t, env)
		deadline := time.Now().UTC().AddDate(0, 0, 14).Format(time.DateOnly)
		path := "/rectification-notices/" + asOfPost(t, env, "/rectification-notices", p.supervisor, map[string]any{"department_id": "ou-sales",
			"assignee_id": "head-1", "requirement": "file the daily reports", "deadline": deadline}, nil, http.StatusCreated).ID
		return asOfSubject{path: path, reader: p.head, stranger: p.rep,
			change: func(t *testing.T, envelope map[string]any) api.CommandResponse {
				return asOfPost(t, env, path+"/acknowledgement", p.head, map[string]any{}, envelope, http.StatusOK)
			}, field: "status", before: "ISSUED", after: "ACKNOWLEDGED"}
	}},
	{"meeting", "/meetings/no-such-meeting", func(t *testing.T, env *apptest.Env) asOfSubject {
		team := meetingTeamOf(t, env)
		path := "/meetings/" + asOfPost(t, env, "/meetings", team.head, meetingBody("PROJECT_PROGRESS", time.Now().Add(48*time.Hour), 60, false), nil, http.StatusCreated).ID
		return asOfSubject{path: path, reader: team.rep, stranger: team.warehouse,
			change: func(t *testing.T, envelope map[string]any) api.CommandResponse {
				return asOfPost(t, env, path+"/room-booking", team.office, map[string]any{"room": "A"}, envelope, http.StatusOK)
			}, field: "room", before: "", after: "A"}
	}},
	{"market-research project", "/research-projects/no-such-project", func(t *testing.T, env *apptest.Env) asOfSubject {
		researcher := env.Token(t, "mr-1", "ou-mkt", domain.RoleMarketResearcher)
		head := env.Token(t, "head-1", "ou-mkt", domain.RoleDeptHead)
		path := "/research-projects/" + asOfPost(t, env, "/research-projects", researcher, map[string]any{"title": "pump demand", "org_unit_id": "ou-mkt",
			"purpose": "size the market", "scope": "East China", "methods": []string{"QUESTIONNAIRES"}, "starts_on": "2026-03-01", "due_on": "2026-04-30"},
			nil, http.StatusCreated).ID
		return asOfSubject{path: path, reader: head, stranger: env.Token(t, "rep-1", "ou-sales", domain.RoleSalesRep),
			change: func(t *testing.T, envelope map[string]any) api.CommandResponse {
				return asOfPost(t, env, path+"/review", head, map[string]any{"passed": true}, envelope, http.StatusOK)
			}, field: "status", before: "PROPOSED", after: "REVIEWED"}
	}},
}

// asOfRecord reads path as tok and returns the record as a map, its
// version and the position header.
func asOfRecord(t *testing.T, env *apptest.Env, tok, path string) (map[string]any, apptest.Response) {
	t.Helper()
	resp := env.Do(t, "GET", path, tok, nil)
	if resp.Status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, resp.Status, resp.Body)
	}
	var m map[string]any
	resp.JSON(t, &m)
	return m, resp
}

// asOfField is a field of a record as text: "" when absent, a number or
// a boolean as JSON writes it.
func asOfField(m map[string]any, field string) string {
	if v, ok := m[field]; ok && v != nil {
		return fmt.Sprint(v)
	}
	return ""
}

// Given a record of each aggregate changed by an event recorded after a
// moment T but effective at an earlier moment E (a retroactive filing),
// when it is read as of T, then it shows the state before the change,
// with the version it reflects and the position of its last event; as of
// now, the current state; in force at E, the change (valid time before
// recorded time); in force at E as known at T, and in force just before
// E, the state before it. An as_of in the future or not a time is 400,
// one before the record existed 404, a record that never existed 404.
func TestAsOf_EveryAggregate(t *testing.T) {
	for _, agg := range slices.Concat(asOfAggregates, asOfRecordAggregates) {
		t.Run(agg.name, func(t *testing.T) {
			env := apptest.New(t, nil)
			auditor := env.Token(t, "aud-1", "ou-audit", domain.RoleAuditor)
			beforeOpen := momentAfter()
			s := agg.open(t, env)
			effective := momentAfter()
			known := momentAfter()
			changed := s.change(t, map[string]any{"effective_at": effective.UTC().Format(time.RFC3339Nano), "reason": "filed after the fact"})
			current, _ := asOfRecord(t, env, s.reader, s.path+"?after="+changed.Position)
			if got := asOfField(current, s.field); got != s.after {
				t.Fatalf("current %s %q, want %q", s.field, got, s.after)
			}
			for _, tc := range []struct {
				name, query, want string
				version           func(v float64) bool
			}{
				{"as of before the change", asOfQuery("as_of", known), s.before, func(v float64) bool { return v < current["version"].(float64) }},
				{"as of now", asOfQuery("as_of", time.Now()), s.after, func(v float64) bool { return v == current["version"].(float64) }},
				{"in force when it took effect, retroactive filing included", asOfQuery("valid_at", effective), s.after, nil},
				{"in force just before it took effect", asOfQuery("valid_at", effective.Add(-time.Microsecond)), s.before, nil},
				{"in force when it took effect, as known before it was filed", asOfQuery("valid_at", effective, "as_of", known), s.before, nil},
			} {
				t.Run(tc.name, func(t *testing.T) {
					got, resp := asOfRecord(t, env, s.reader, s.path+tc.query)
					if asOfField(got, s.field) != tc.want {
						t.Errorf("%s %q, want %q", s.field, asOfField(got, s.field), tc.want)
					}
					if v, ok := got["version"].(float64); !ok || v < 1 || (tc.version != nil && !tc.version(v)) {
						t.Errorf("version %v (current %v)", got["version"], current["version"])
					}
					if resp.Header.Get("X-Opsledger-Position") == "" {
						t.Error("no X-Opsledger-Position on an as-of answer")
					}
				})
			}
			for _, tc := range []struct {
				name, path string
				status     int
			}{
				{"as_of in the future", s.path + asOfQuery("as_of", time.Now().Add(time.Hour)), http.StatusBadRequest},
				{"as_of not a time", s.path + "?as_of=yesterday", http.StatusBadRequest},
				{"valid_at not a time", s.path + "?valid_at=2026-13-45", http.StatusBadRequest},
				{"as_of before the record existed", s.path + asOfQuery("as_of", beforeOpen), http.StatusNotFound},
				{"valid_at before the record existed", s.path + asOfQuery("valid_at", beforeOpen), http.StatusNotFound},
				{"a record that never existed", agg.unknown + asOfQuery("as_of", time.Now()), http.StatusNotFound},
			} {
				t.Run(tc.name, func(t *testing.T) {
					if resp := env.Do(t, "GET", tc.path, auditor, nil); resp.Status != tc.status {
						t.Errorf("status %d, want %d; %s", resp.Status, tc.status, resp.Body)
					}
				})
			}
			t.Run("a stranger is refused the past as the present", func(t *testing.T) {
				if resp := env.Do(t, "GET", s.path+asOfQuery("as_of", known), s.stranger, nil); resp.Status != http.StatusForbidden {
					t.Errorf("status %d, want 403; %s", resp.Status, resp.Body)
				}
			})
			t.Run("its history, paged, bodies to the auditors only", func(t *testing.T) {
				var versions []int64
				for cursor := ""; ; {
					resp := env.Do(t, "GET", s.path+"/history?limit=1"+cursor, auditor, nil)
					if resp.Status != http.StatusOK {
						t.Fatalf("history: %d %s", resp.Status, resp.Body)
					}
					var p historyPage
					resp.JSON(t, &p)
					for _, e := range p.Items {
						versions = append(versions, e.Version)
						if e.ActorID == "" || e.ActorRole == "" || e.CorrelationID == "" || e.Data == nil {
							t.Errorf("version %d: %+v, want actor, role, correlation and body", e.Version, e)
						}
					}
					if p.NextCursor == "" {
						break
					}
					cursor = "&cursor=" + p.NextCursor
				}
				if int64(len(versions)) != int64(current["version"].(float64)) || versions[0] != int64(current["version"].(float64)) {
					t.Errorf("versions newest first %v, want %v down to 1", versions, current["version"])
				}
				resp := env.Do(t, "GET", s.path+"/history", s.reader, nil)
				var p historyPage
				if resp.Status != http.StatusOK {
					t.Fatalf("reader's history: %d %s", resp.Status, resp.Body)
				}
				resp.JSON(t, &p)
				if len(p.Items) == 0 || p.Items[0].Data != nil || p.Items[0].Reason != "filed after the fact" {
					t.Errorf("reader's history %+v, want the envelope with its reason and no body", p.Items)
				}
				if resp := env.Do(t, "GET", s.path+"/history", s.stranger, nil); resp.Status != http.StatusForbidden {
					t.Errorf("a stranger's history: status %d, want 403; %s", resp.Status, resp.Body)
				}
			})
		})
	}
}

// Given a pay statement issued for last month after a moment T, when it
// is read as of T, then it did not exist yet (404); as of now it is the
// statement at version 1, as its current state; as of the future 400; a
// rep who is not its employee is refused.
func TestAsOf_PayStatement(t *testing.T) {
	env := apptest.New(t, nil)
	finance := env.Token(t, "fin-1", "FINANCE", domain.RoleFinance)
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	other := env.Token(t, "rep-2", "SALES-SOUTH", domain.RoleSalesRep)
	month := time.Now().UTC().AddDate(0, -1, 0).Format("2006-01")
	statements := "/employees/rep-1/pay-statements"
	before := momentAfter()
	issued := customerExpect(t, "issue", env.Do(t, "POST", statements, finance, map[string]any{"month": month}), http.StatusOK)
	path := statements + "/" + month
	current, _ := asOfRecord(t, env, rep, path+"?after="+issued.Position)
	got, resp := asOfRecord(t, env, rep, path+asOfQuery("as_of", time.Now()))
	if got["version"] != float64(1) || current["version"] != float64(1) || got["net"] != current["net"] || resp.Header.Get("X-Opsledger-Position") == "" {
		t.Errorf("as of now %v, want the current statement %v at version 1 with its position", got, current)
	}
	for _, tc := range []struct {
		name, query string
		status      int
	}{
		{"as of before it was issued", asOfQuery("as_of", before), http.StatusNotFound},
		{"in force before it was issued", asOfQuery("valid_at", before), http.StatusNotFound},
		{"as of the future", asOfQuery("as_of", time.Now().Add(time.Hour)), http.StatusBadRequest},
		{"as_of not a time", "?as_of=last-month", http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if resp := env.Do(t, "GET", path+tc.query, finance, nil); resp.Status != tc.status {
				t.Errorf("status %d, want %d; %s", resp.Status, tc.status, resp.Body)
			}
		})
	}
	if resp := env.Do(t, "GET", path+asOfQuery("as_of", time.Now()), other, nil); resp.Status != http.StatusForbidden {
		t.Errorf("another rep: status %d, want 403", resp.Status)
	}
	t.Run("its history: the employee reads the envelope, the auditor the body, another rep nothing", func(t *testing.T) {
		assertHistoryOfOne(t, env, path, rep, env.Token(t, "aud-1", "ou-audit", domain.RoleAuditor), "")
		if resp := env.Do(t, "GET", path+"/history", other, nil); resp.Status != http.StatusForbidden {
			t.Errorf("another rep's history: status %d, want 403", resp.Status)
		}
		if resp := env.Do(t, "GET", statements+"/2026-13/history", finance, nil); resp.Status != http.StatusBadRequest {
			t.Errorf("a month that is not one: status %d, want 400", resp.Status)
		}
	})
}
