package api_test

import (
	"net/http"
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
