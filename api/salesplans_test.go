package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/api/apitest"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// salesPlanZone is the company time zone calendar periods are cut in.
var salesPlanZone = time.FixedZone("company", 8*3600)

// salesPlanTargets decomposes a 1,200,000.00 plan of ou-sales for year:
// 300,000.00 a quarter, 100,000.00 a month, all of it to team-a, whose
// months split 60,000.00 to rep-1 and 40,000.00 to rep-2. lastRep2 is
// rep-2's December target, to break the sums.
func salesPlanTargets(year int, lastRep2 string) []map[string]any {
	var out []map[string]any
	for q := 1; q <= 4; q++ {
		out = append(out, map[string]any{"period": fmt.Sprintf("%d-Q%d", year, q), "level": "ORG_UNIT", "assignee_id": "ou-sales", "amount": "300000.00"})
	}
	for m := 1; m <= 12; m++ {
		p := fmt.Sprintf("%d-%02d", year, m)
		rep2 := "40000.00"
		if m == 12 {
			rep2 = lastRep2
		}
		out = append(out,
			map[string]any{"period": p, "level": "ORG_UNIT", "assignee_id": "ou-sales", "amount": "100000.00"},
			map[string]any{"period": p, "level": "TEAM", "assignee_id": "team-a", "amount": "100000.00"},
			map[string]any{"period": p, "level": "PERSON", "assignee_id": "rep-1", "team_id": "team-a", "amount": "60000.00", "indicators": []string{"new customers"}},
			map[string]any{"period": p, "level": "PERSON", "assignee_id": "rep-2", "team_id": "team-a", "amount": rep2})
	}
	return out
}

// salesPlanRows reads sales vs target as tok.
func salesPlanRows(t *testing.T, env *apptest.Env, tok, query string) []queries.SalesTargetView {
	t.Helper()
	var page queries.Page[queries.SalesTargetView]
	orderCall(t, env, http.MethodGet, "/sales-vs-target?"+query, tok, nil, http.StatusOK).JSON(t, &page)
	return page.Items
}

// TestSalesPlans_DraftedToActive drafts, reviews, approves, decomposes and
// activates a plan, then compares a signed contract against its targets.
func TestSalesPlans_DraftedToActive(t *testing.T) {
	env := apptest.New(t, nil)
	team := orderTeamOf(t, env)
	mgmt := env.Token(t, "mgmt-1", "ou-sales", domain.RoleSalesMgmt)
	leader := env.Token(t, "lead-1", "ou-board", domain.RoleLeadership)
	now := time.Now().In(salesPlanZone)
	year, month := now.Year(), fmt.Sprintf("%d-%02d", now.Year(), now.Month())

	draft := map[string]any{"year": year, "org_unit_id": "ou-sales", "region": "East", "target": "1200000.00",
		"strategy": "grow pump sales in Zhejiang", "customer_groups": []string{"water utilities"}}
	t.Run("a sales rep may not draft the plan", func(t *testing.T) {
		orderRefused(t, env, "/sales-plans", team.rep, draft, http.StatusForbidden, "forbidden")
	})
	first := orderCall(t, env, http.MethodPost, "/sales-plans", mgmt, draft, http.StatusCreated, "Idempotency-Key", "plan-1")
	var drafted api.CommandResponse
	first.JSON(t, &drafted)
	t.Run("a replayed Idempotency-Key gets the same answer and records nothing", func(t *testing.T) {
		again := orderCall(t, env, http.MethodPost, "/sales-plans", mgmt, draft, http.StatusCreated, "Idempotency-Key", "plan-1")
		apitest.CheckReplay(t, first, again)
	})
	sp := "/sales-plans/" + drafted.ID
	t.Run("a stale If-Match is refused", func(t *testing.T) {
		orderRefused(t, env, sp+"/review", team.head, map[string]any{"passed": true}, http.StatusPreconditionFailed, "stale-version",
			"If-Match", fmt.Sprintf(`"%d"`, drafted.Version-1))
	})
	reviewed := orderCommand(t, env, sp+"/review", team.head, map[string]any{"passed": true, "comment": "realistic"}, "If-Match", fmt.Sprintf(`"%d"`, drafted.Version))
	if reviewed.Version != drafted.Version+1 {
		t.Errorf("review at version %d, want %d: the replay must have recorded nothing", reviewed.Version, drafted.Version+1)
	}
	salesPlanApprovedAndDecomposed(t, env, team, leader, sp, year)
	orderCommand(t, env, sp+"/activation", mgmt, map[string]any{})

	_, _, signed := orderSignedContract(t, env, team, 7, "100000.00", "65000.00")
	salesPlanVsTarget(t, env, team, month, signed)
}

// salesPlanVsTarget checks this month's targets against the one signed
// contract of rep-1 (100,000.00), and who may read which rows.
func salesPlanVsTarget(t *testing.T, env *apptest.Env, team orderTeam, month, position string) {
	t.Run("a rep reads their own row", func(t *testing.T) {
		rows := salesPlanRows(t, env, team.rep, "period="+month+"&after="+position)
		if len(rows) != 1 || rows[0].ID != "rep-1" || rows[0].Target != "60000.00" || rows[0].Actual != "100000.00" || rows[0].CompletionRate != "166.66" {
			t.Errorf("rep-1's rows = %+v, want 60000.00 target, 100000.00 actual, 166.66%%", rows)
		}
	})
	t.Run("a rep may not read other rows", func(t *testing.T) {
		orderCall(t, env, http.MethodGet, "/sales-vs-target?dimension=person&id=rep-2", team.rep, nil, http.StatusForbidden)
		orderCall(t, env, http.MethodGet, "/sales-vs-target?dimension=department", team.rep, nil, http.StatusForbidden)
	})
	t.Run("managers read the department", func(t *testing.T) {
		rows := salesPlanRows(t, env, team.gm, "dimension=department&period="+month+"&after="+position)
		if len(rows) != 1 || rows[0].ID != "ou-sales" || rows[0].Target != "100000.00" || rows[0].Actual != "100000.00" || rows[0].CompletionRate != "100.00" {
			t.Errorf("department rows = %+v, want ou-sales at 100.00%% of 100000.00", rows)
		}
		people := salesPlanRows(t, env, team.head, "dimension=person&period="+month+"&after="+position)
		if len(people) != 2 {
			t.Errorf("person rows for the head = %+v, want rep-1 and rep-2", people)
		}
	})
	t.Run("other roles are refused", func(t *testing.T) {
		orderCall(t, env, http.MethodGet, "/sales-vs-target", team.finance, nil, http.StatusForbidden)
	})
}

// salesPlanApprovedAndDecomposed has leadership approve the reviewed plan
// sp and the department head decompose it, refusing the wrong approver
// and a decomposition that does not sum.
func salesPlanApprovedAndDecomposed(t *testing.T, env *apptest.Env, team orderTeam, leader, sp string, year int) {
	t.Helper()
	t.Run("a department head may not approve", func(t *testing.T) {
		orderRefused(t, env, sp+"/approval", team.head, map[string]any{}, http.StatusForbidden, "forbidden")
	})
	orderCommand(t, env, sp+"/approval", leader, map[string]any{"comment": "approved at the annual meeting"})
	t.Run("a decomposition that does not sum is refused by rule", func(t *testing.T) {
		p := orderRefused(t, env, sp+"/decomposition", team.head, map[string]any{"targets": salesPlanTargets(year, "39999.00")},
			http.StatusConflict, "rejected-by-rule")
		if p.Rule != "§5.14-decomposition" {
			t.Errorf("rule = %q, want §5.14-decomposition", p.Rule)
		}
	})
	decomposed := orderCommand(t, env, sp+"/decomposition", team.head, map[string]any{"targets": salesPlanTargets(year, "40000.00")})
	if decomposed.Events != 1+4+12*4 {
		t.Errorf("decomposition recorded %d events, want %d", decomposed.Events, 1+4+12*4)
	}
}
