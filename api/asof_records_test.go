package api_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
	sv "github.com/opsledger/opsledger/domain/supervision"
)

// asOfRecordAggregates are the aggregates whose GET /{resource}/{id}
// came with their as-of reads and history (recordRoutes): read-model
// rows (analysis reports, stock transfers, replenishment requests) and
// domain states folded from the log (materials requests, training plans
// and sessions). TestAsOf_EveryAggregate runs them as the others.
var asOfRecordAggregates = []asOfAggregate{
	{"analysis report", "/analysis-reports/2001-Q1", func(t *testing.T, env *apptest.Env) asOfSubject {
		p := supervisionPeopleOf(t, env)
		path := "/analysis-reports/" + sv.QuarterOf(time.Now()).String()
		asOfPost(t, env, path+"/draft", p.assistant, map[string]any{"content": "sales up 8%"}, nil, http.StatusOK)
		return asOfSubject{path: path, reader: p.teamLead, stranger: p.rep,
			change: func(t *testing.T, envelope map[string]any) api.CommandResponse {
				return asOfPost(t, env, path+"/submission", p.assistant, map[string]any{}, envelope, http.StatusOK)
			}, field: "status", before: "DRAFTED", after: "SUBMITTED"}
	}},
	{"stock transfer", "/stock-transfers/no-such-transfer", func(t *testing.T, env *apptest.Env) asOfSubject {
		west := env.Token(t, "wh-west", "br-west", domain.RoleWarehouse)
		east := env.Token(t, "wh-east", "br-east", domain.RoleWarehouse)
		asOfPost(t, env, "/branches/br-west/stock-receipts", west, stockPump(10, map[string]any{"source_ref": "HQ-DN-1"}), nil, http.StatusOK)
		path := "/stock-transfers/" + asOfPost(t, env, "/stock-transfers", east, stockPump(4, map[string]any{"from_branch_id": "br-west"}), nil, http.StatusCreated).ID
		return asOfSubject{path: path, reader: east, stranger: env.Token(t, "hr-1", "ou-hr", domain.RoleHR),
			change: func(t *testing.T, envelope map[string]any) api.CommandResponse {
				return asOfPost(t, env, path+"/approval", west, map[string]any{}, envelope, http.StatusOK)
			}, field: "status", before: "REQUESTED", after: "APPROVED"}
	}},
	{"replenishment request", "/replenishment-requests/no-such-request", func(t *testing.T, env *apptest.Env) asOfSubject {
		east := env.Token(t, "wh-east", "br-east", domain.RoleWarehouse)
		id := asOfPost(t, env, "/replenishment-requests", east, stockPump(5, map[string]any{"reason": "trade fair"}), nil, http.StatusCreated).ID
		return asOfSubject{path: "/replenishment-requests/" + id, reader: east, stranger: env.Token(t, "hr-1", "ou-hr", domain.RoleHR),
			change: func(t *testing.T, envelope map[string]any) api.CommandResponse {
				return asOfPost(t, env, "/branches/br-east/stock-receipts", east, stockPump(5, map[string]any{"replenishment_id": id, "source_ref": "HQ-DN-2"}), envelope, http.StatusOK)
			}, field: "delivered", before: "0", after: "5"}
	}},
	{"materials request", "/materials-requests/no-such-form", func(t *testing.T, env *apptest.Env) asOfSubject {
		rep := env.Token(t, "rep-east", "br-east", domain.RoleSalesRep)
		manager := env.Token(t, "bm-east", "br-east", domain.RoleBranchManager)
		path := "/materials-requests/" + asOfPost(t, env, "/materials-requests", rep, map[string]any{"purpose": "demo unit",
			"lines": []map[string]any{stockPump(1, map[string]any{"unit_cost": "1000.00"})}}, nil, http.StatusCreated).ID
		return asOfSubject{path: path, reader: rep, stranger: env.Token(t, "rep-west", "br-west", domain.RoleSalesRep),
			change: func(t *testing.T, envelope map[string]any) api.CommandResponse {
				return asOfPost(t, env, path+"/signature", manager, map[string]any{}, envelope, http.StatusOK)
			}, field: "status", before: "REQUESTED", after: "SIGNED"}
	}},
	{"training plan", "/training-plans/no-such-plan", func(t *testing.T, env *apptest.Env) asOfSubject {
		p := trainingPeopleOf(t, env)
		path := "/training-plans/" + asOfPost(t, env, "/training-plans", p.head, asOfTrainingPlan(), nil, http.StatusCreated).ID
		return asOfSubject{path: path, reader: p.hr, stranger: p.otherHead,
			change: func(t *testing.T, envelope map[string]any) api.CommandResponse {
				return asOfPost(t, env, path+"/review", p.head, map[string]any{"passed": true}, envelope, http.StatusOK)
			}, field: "status", before: "DRAFT", after: "REVIEWED"}
	}},
	{"training session", "/training-sessions/no-such-session", func(t *testing.T, env *apptest.Env) asOfSubject {
		p := trainingPeopleOf(t, env)
		plan := "/training-plans/" + asOfPost(t, env, "/training-plans", p.head, asOfTrainingPlan(), nil, http.StatusCreated).ID
		asOfPost(t, env, plan+"/review", p.head, map[string]any{"passed": true}, nil, http.StatusOK)
		asOfPost(t, env, plan+"/approval", p.leader, map[string]any{}, nil, http.StatusOK)
		startsAt := time.Now().Add(-2 * time.Hour).UTC()
		path := "/training-sessions/" + asOfPost(t, env, "/training-sessions", p.head, map[string]any{"plan_id": plan[len("/training-plans/"):],
			"org_unit_id": "ou-sales", "title": "Quoting by margin", "kind": "PROFESSIONAL", "mode": "INTERNAL", "trainer": "head-1",
			"starts_at": startsAt, "duration_minutes": 60}, nil, http.StatusCreated).ID
		return asOfSubject{path: path, reader: p.head, stranger: p.otherHead,
			change: func(t *testing.T, envelope map[string]any) api.CommandResponse {
				return asOfPost(t, env, path+"/held", p.head, map[string]any{"held_at": startsAt, "duration_minutes": 75, "attendees": []string{"rep-1"}}, envelope, http.StatusOK)
			}, field: "status", before: "SCHEDULED", after: "HELD"}
	}},
}

func asOfTrainingPlan() map[string]any {
	return map[string]any{"year": time.Now().Year(), "org_unit_id": "ou-sales", "goals": "sharper product knowledge",
		"content": "pumps, valves, quoting by margin", "kinds": []string{"PROFESSIONAL"}, "modes": []string{"INTERNAL"},
		"schedule": "first Monday of each month"}
}

// Given a spot check and a process evaluation, each recorded once (they
// are never changed) with an effective time before the time of its
// filing, when each is read in force at that effective time, then it is
// there (the retroactive filing counts from then); just before it, or in
// force then as known before its filing, or as of before it, it did not
// exist yet (404); as of now it is its current state at version 1. A
// stranger is refused it and its history; its history shows the reason.
func TestAsOf_RecordedOnce(t *testing.T) {
	for _, tc := range []struct {
		name, create, unknown string
		body                  func() map[string]any
	}{
		{"spot check", "/spot-checks", "/spot-checks/no-such-check", func() map[string]any {
			return map[string]any{"department_id": "ou-sales", "process": "daily reports", "checked_on": time.Now().UTC().Format(time.DateOnly),
				"findings": []map[string]any{{"aspect": "TIMELINESS", "description": "three reports late"}}}
		}},
		{"process evaluation", "/process-evaluations", "/process-evaluations/no-such-evaluation", func() map[string]any {
			today := time.Now().UTC()
			return map[string]any{"year": today.Year(), "held_on": today.Format(time.DateOnly), "scope": "all sales processes",
				"findings": "quotation approvals slow", "recommendations": "delegate below 30%"}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := apptest.New(t, nil)
			p := supervisionPeopleOf(t, env)
			auditor := env.Token(t, "aud-1", "ou-audit", domain.RoleAuditor)
			before := momentAfter()
			effective := momentAfter()
			known := momentAfter()
			rec := asOfPost(t, env, tc.create, p.supervisor, tc.body(), map[string]any{
				"effective_at": effective.UTC().Format(time.RFC3339Nano), "reason": "filed after the fact"}, http.StatusCreated)
			path := tc.create + "/" + rec.ID
			current, _ := asOfRecord(t, env, p.head, path+"?after="+rec.Position)
			if current["version"] != float64(1) {
				t.Fatalf("current %v, want version 1", current)
			}
			for _, q := range []string{asOfQuery("as_of", time.Now()), asOfQuery("valid_at", effective)} {
				got, resp := asOfRecord(t, env, p.head, path+q)
				if got["version"] != float64(1) || resp.Header.Get("X-Opsledger-Position") == "" {
					t.Errorf("%s: %v, want version 1 with its position", q, got)
				}
			}
			for _, c := range []struct {
				name, query string
				status      int
			}{
				{"in force just before it took effect", asOfQuery("valid_at", effective.Add(-time.Microsecond)), http.StatusNotFound},
				{"in force then, as known before its filing", asOfQuery("valid_at", effective, "as_of", known), http.StatusNotFound},
				{"as of before it", asOfQuery("as_of", before), http.StatusNotFound},
				{"as of the future", asOfQuery("as_of", time.Now().Add(time.Hour)), http.StatusBadRequest},
				{"as_of not a time", "?as_of=last-week", http.StatusBadRequest},
			} {
				if resp := env.Do(t, "GET", path+c.query, auditor, nil); resp.Status != c.status {
					t.Errorf("%s: status %d, want %d; %s", c.name, resp.Status, c.status, resp.Body)
				}
			}
			if resp := env.Do(t, "GET", tc.unknown+asOfQuery("as_of", time.Now()), auditor, nil); resp.Status != http.StatusNotFound {
				t.Errorf("never existed: status %d, want 404", resp.Status)
			}
			for _, q := range []string{"", asOfQuery("as_of", time.Now()), "/history"} {
				if resp := env.Do(t, "GET", path+q, p.rep, nil); resp.Status != http.StatusForbidden {
					t.Errorf("a rep reads %s%s: status %d, want 403", path, q, resp.Status)
				}
			}
			assertHistoryOfOne(t, env, path, p.head, auditor, "filed after the fact")
		})
	}
}

// assertHistoryOfOne checks the history of a record of one event: the
// reader sees its envelope with the reason and no body, the auditor its
// body too; both see its reason.
func assertHistoryOfOne(t *testing.T, env *apptest.Env, path, reader, auditor, reason string) {
	t.Helper()
	for _, who := range []struct {
		tok      string
		withBody bool
	}{{reader, false}, {auditor, true}} {
		resp := env.Do(t, "GET", path+"/history", who.tok, nil)
		var p historyPage
		if resp.Status != http.StatusOK {
			t.Fatalf("history of %s: %d %s", path, resp.Status, resp.Body)
		}
		resp.JSON(t, &p)
		if len(p.Items) != 1 || p.Items[0].Version != 1 || p.Items[0].ActorID == "" || p.Items[0].Reason != reason ||
			(p.Items[0].Data != nil) != who.withBody {
			t.Errorf("history of %s = %+v, want its one event, body %v", path, p.Items, who.withBody)
		}
	}
}

// Given a regulation with a version adopted retroactively (in force from
// twenty days back) and then an amendment from a month ahead, when its
// versions are read as of a time, then they are the versions the company
// knew then (the default alone before the first adoption); in force at a
// time, those in force by then, the retroactive one included from its
// start, but not as known before its adoption. Its history lists both
// adoptions with their reason, to every employee; bad times are 400, an
// unknown regulation 404.
func TestAsOf_RegulationVersions(t *testing.T) {
	env := apptest.New(t, nil)
	gm := env.Token(t, "gm-1", "hq", domain.RoleGM)
	rep := env.Token(t, "rep-1", "ou-one", domain.RoleSalesRep)
	auditor := env.Token(t, "aud-1", "ou-audit", domain.RoleAuditor)
	now := time.Now().Truncate(time.Second)
	retro, ahead := now.AddDate(0, 0, -20), now.AddDate(0, 0, 30)
	before := momentAfter()
	adopt := func(version string, from time.Time, retroactive bool) {
		body := map[string]any{"version": version, "effective_from": from.UTC().Format(time.RFC3339), "reason": "margins under pressure",
			"parameters": map[string]any{"rep_authority": "55.00", "dept_head": "45.00", "gm_office": "25.00"}, "retroactive": retroactive}
		stockPost(t, env, "/regulations/quotation/versions", gm, body, http.StatusOK)
	}
	adopt("backdated", retro, true)
	between := momentAfter()
	adopt("next", ahead, false)
	versions := func(query string) []string {
		t.Helper()
		var page struct {
			Items []struct {
				Version        string     `json:"version"`
				EffectiveUntil *time.Time `json:"effective_until"`
			} `json:"items"`
		}
		resp := env.Do(t, "GET", "/regulations/quotation/versions"+query, rep, nil)
		if resp.Status != http.StatusOK {
			t.Fatalf("versions%s: %d %s", query, resp.Status, resp.Body)
		}
		resp.JSON(t, &page)
		var out []string
		for i, v := range page.Items {
			if (v.EffectiveUntil == nil) != (i == len(page.Items)-1) {
				t.Errorf("versions%s: %s ends at %v, want only the last open", query, v.Version, v.EffectiveUntil)
			}
			out = append(out, v.Version)
		}
		return out
	}
	for _, tc := range []struct {
		name, query string
		want        []string
	}{
		{"as of before any adoption", asOfQuery("as_of", before), []string{"default"}},
		{"as of between the adoptions", asOfQuery("as_of", between), []string{"default", "backdated"}},
		{"as of now", asOfQuery("as_of", time.Now()), []string{"default", "backdated", "next"}},
		{"in force before the retroactive version's start", asOfQuery("valid_at", retro.Add(-time.Second)), []string{"default"}},
		{"in force from its start, filed after it", asOfQuery("valid_at", retro), []string{"default", "backdated"}},
		{"in force then, as known before its filing", asOfQuery("valid_at", retro, "as_of", before), []string{"default"}},
		{"in force once the amendment starts", asOfQuery("valid_at", ahead), []string{"default", "backdated", "next"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := versions(tc.query); !slices.Equal(got, tc.want) {
				t.Errorf("versions %v, want %v", got, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		name, path string
		status     int
	}{
		{"as_of in the future", "/regulations/quotation/versions" + asOfQuery("as_of", time.Now().Add(time.Hour)), http.StatusBadRequest},
		{"as_of not a time", "/regulations/quotation/versions?as_of=june", http.StatusBadRequest},
		{"an unknown regulation", "/regulations/no-such/versions" + asOfQuery("as_of", time.Now()), http.StatusNotFound},
		{"an unknown regulation's history", "/regulations/no-such/history", http.StatusNotFound},
	} {
		if resp := env.Do(t, "GET", tc.path, rep, nil); resp.Status != tc.status {
			t.Errorf("%s: status %d, want %d; %s", tc.name, resp.Status, tc.status, resp.Body)
		}
	}
	for _, who := range []string{rep, auditor} {
		var p historyPage
		resp := env.Do(t, "GET", "/regulations/quotation/history", who, nil)
		if resp.Status != http.StatusOK {
			t.Fatalf("history: %d %s", resp.Status, resp.Body)
		}
		resp.JSON(t, &p)
		if len(p.Items) != 2 || p.Items[0].Version != 2 || p.Items[0].Reason != "margins under pressure" ||
			p.Items[0].CorrelationID == "" || (p.Items[0].Data != nil) != (who == auditor) {
			t.Errorf("history = %+v, want both adoptions newest first with their reason", p.Items)
		}
	}
}
