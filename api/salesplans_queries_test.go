package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// salesPlanRead reads plan id as tok once the read model has passed the
// command's position, and checks its status, version and ETag.
func salesPlanRead(t *testing.T, env *apptest.Env, tok, id string, res api.CommandResponse, status string) queries.SalesPlanView {
	t.Helper()
	resp := orderCall(t, env, http.MethodGet, "/sales-plans/"+id+"?after="+res.Position, tok, nil, http.StatusOK)
	var v queries.SalesPlanView
	resp.JSON(t, &v)
	if v.Status != status || v.Version != int64(res.Version) {
		t.Errorf("plan after the command = %s at version %d, want %s at %d", v.Status, v.Version, status, res.Version)
	}
	if tag := resp.Header.Get("ETag"); tag != fmt.Sprintf(`"%d"`, res.Version) {
		t.Errorf("ETag = %s, want \"%d\"", tag, res.Version)
	}
	return v
}

// salesPlanLastStep fails unless v's last workflow step is step by actor
// with decision.
func salesPlanLastStep(t *testing.T, v queries.SalesPlanView, step, actor, decision string) {
	t.Helper()
	if len(v.Steps) == 0 {
		t.Fatalf("plan %s has no steps", v.PlanID)
	}
	last := v.Steps[len(v.Steps)-1]
	if last.Step != step || last.ActorID != actor || last.Decision != decision || last.At.IsZero() {
		t.Errorf("last step = %+v, want %s by %s (%q)", last, step, actor, decision)
	}
}

// TestSalesPlans_ReadAfterEachStep reads the plan after every step of its
// flow, as its managers and as a rep.
func TestSalesPlans_ReadAfterEachStep(t *testing.T) {
	env := apptest.New(t, nil)
	team := orderTeamOf(t, env)
	mgmt := env.Token(t, "mgmt-1", "ou-sales", domain.RoleSalesMgmt)
	leader := env.Token(t, "lead-1", "ou-board", domain.RoleLeadership)
	year := time.Now().In(salesPlanZone).Year()

	drafted := orderCommand(t, env, "/sales-plans", mgmt, map[string]any{"year": year, "org_unit_id": "ou-sales", "region": "East",
		"target": "1200000.00", "strategy": "grow pump sales", "customer_groups": []string{"water utilities", "farms"}})
	sp := "/sales-plans/" + drafted.ID
	v := salesPlanRead(t, env, mgmt, drafted.ID, drafted, "DRAFT")
	if v.Year != year || v.OrgUnitID != "ou-sales" || v.Region != "East" || v.Target != 120000000 || v.Currency != "CNY" ||
		v.Strategy != "grow pump sales" || strings.Join(v.CustomerGroups, ",") != "water utilities,farms" {
		t.Errorf("drafted plan = %+v", v)
	}
	if len(v.Targets) != 1 || v.Targets[0].Period != fmt.Sprint(year) || v.Targets[0].Level != "ORG_UNIT" || v.Targets[0].Amount != 120000000 {
		t.Errorf("a draft's targets = %+v, want only its annual target", v.Targets)
	}
	salesPlanLastStep(t, v, "DRAFTED", "mgmt-1", "")

	returned := orderCommand(t, env, sp+"/review", team.head, map[string]any{"passed": false, "comment": "too low"})
	salesPlanLastStep(t, salesPlanRead(t, env, team.gm, drafted.ID, returned, "DRAFT"), "REVIEWED", "head-1", "RETURNED")
	reviewed := orderCommand(t, env, sp+"/review", team.head, map[string]any{"passed": true, "comment": "realistic"})
	v = salesPlanRead(t, env, leader, drafted.ID, reviewed, "REVIEWED")
	salesPlanLastStep(t, v, "REVIEWED", "head-1", "PASSED")
	if last := v.Steps[len(v.Steps)-1]; last.Role != "DEPT_HEAD" || last.Comment != "realistic" {
		t.Errorf("review step = %+v, want DEPT_HEAD saying realistic", last)
	}
	approved := orderCommand(t, env, sp+"/approval", leader, map[string]any{"comment": "approved at the annual meeting"})
	salesPlanLastStep(t, salesPlanRead(t, env, team.head, drafted.ID, approved, "APPROVED"), "APPROVED", "lead-1", "PASSED")

	decomposed := orderCommand(t, env, sp+"/decomposition", team.head, map[string]any{"targets": salesPlanTargets(year, "40000.00")})
	v = salesPlanRead(t, env, mgmt, drafted.ID, decomposed, "DECOMPOSED")
	salesPlanLastStep(t, v, "DECOMPOSED", "head-1", "")
	salesPlanDecomposition(t, v, year)

	activated := orderCommand(t, env, sp+"/activation", mgmt, map[string]any{})
	v = salesPlanRead(t, env, team.gm, drafted.ID, activated, "ACTIVE")
	salesPlanLastStep(t, v, "ACTIVATED", "mgmt-1", "")
	if len(v.Steps) != 6 {
		t.Errorf("steps = %+v, want drafted, returned, passed, approved, decomposed, activated", v.Steps)
	}
	salesPlanReaders(t, env, team, drafted.ID, activated)
}

// salesPlanDecomposition checks the targets of a plan decomposed by
// salesPlanTargets: the year, then quarters, then months, each month's
// org unit before its team before its people.
func salesPlanDecomposition(t *testing.T, v queries.SalesPlanView, year int) {
	t.Helper()
	if len(v.Targets) != 1+4+12*4 {
		t.Fatalf("targets = %d, want %d", len(v.Targets), 1+4+12*4)
	}
	var got []string
	for _, x := range v.Targets[:7] {
		got = append(got, fmt.Sprintf("%s %s %s %s", x.Period, x.Level, x.AssigneeID, domain.Fen(int64(x.Amount)).Decimal()))
	}
	want := []string{
		fmt.Sprintf("%d ORG_UNIT ou-sales 1200000.00", year),
		fmt.Sprintf("%d-Q1 ORG_UNIT ou-sales 300000.00", year), fmt.Sprintf("%d-Q2 ORG_UNIT ou-sales 300000.00", year),
		fmt.Sprintf("%d-Q3 ORG_UNIT ou-sales 300000.00", year), fmt.Sprintf("%d-Q4 ORG_UNIT ou-sales 300000.00", year),
		fmt.Sprintf("%d-01 ORG_UNIT ou-sales 100000.00", year), fmt.Sprintf("%d-01 TEAM team-a 100000.00", year),
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("first targets =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	rep1 := v.Targets[7]
	if rep1.Level != "PERSON" || rep1.AssigneeID != "rep-1" || rep1.TeamID != "team-a" || strings.Join(rep1.Indicators, ",") != "new customers" {
		t.Errorf("rep-1's January = %+v, want PERSON of team-a with its indicator", rep1)
	}
}

// salesPlanReaders checks who may read the active plan id, last changed
// by the command that answered current.
func salesPlanReaders(t *testing.T, env *apptest.Env, team orderTeam, id string, current api.CommandResponse) {
	sp := "/sales-plans/" + id
	t.Run("a rep reads their org unit's plan with only their own targets", func(t *testing.T) {
		var v queries.SalesPlanView
		orderCall(t, env, http.MethodGet, sp, team.rep, nil, http.StatusOK).JSON(t, &v)
		if len(v.Targets) != 12 {
			t.Fatalf("rep-1 sees %d targets, want their 12 months", len(v.Targets))
		}
		for _, x := range v.Targets {
			if x.Level != "PERSON" || x.AssigneeID != "rep-1" {
				t.Errorf("rep-1 sees %+v", x)
			}
		}
	})
	t.Run("a rep of another org unit, and roles without access, are refused", func(t *testing.T) {
		other := env.Token(t, "rep-9", "ou-north", domain.RoleSalesRep)
		salesPlanProblem(t, env, sp, other, http.StatusForbidden, "forbidden")
		if got := salesPlanPages(t, env, other, ""); got != "" {
			t.Errorf("rep-9 of ou-north lists %q, want none of ou-sales's plans", got)
		}
		for _, tok := range []string{team.finance, team.warehouse, team.legal} {
			salesPlanProblem(t, env, sp, tok, http.StatusForbidden, "forbidden")
			salesPlanProblem(t, env, "/sales-plans", tok, http.StatusForbidden, "forbidden")
		}
	})
	t.Run("an unchanged plan is 304 Not Modified", func(t *testing.T) {
		orderCall(t, env, http.MethodGet, sp, team.gm, nil, http.StatusNotModified, "If-None-Match", fmt.Sprintf(`"%d"`, current.Version))
	})
	t.Run("an unknown plan is a 404 problem", func(t *testing.T) {
		salesPlanProblem(t, env, "/sales-plans/no-such-plan", team.gm, http.StatusNotFound, "not-found")
	})
}

// salesPlanProblem fails unless GET path as tok is a problem+json of
// status and kind.
func salesPlanProblem(t *testing.T, env *apptest.Env, path, tok string, status int, kind string) {
	t.Helper()
	resp := orderCall(t, env, http.MethodGet, path, tok, nil, status)
	var p orderProblem
	resp.JSON(t, &p)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") || p.Type != orderProblemBase+kind {
		t.Errorf("GET %s: %s %q, want a problem+json of type %s", path, ct, p.Type, kind)
	}
}

// TestSalesPlans_List filters and pages the plan list.
func TestSalesPlans_List(t *testing.T) {
	env := apptest.New(t, nil)
	team := orderTeamOf(t, env)
	mgmt := env.Token(t, "mgmt-1", "ou-sales", domain.RoleSalesMgmt)
	// a plan is reviewed by the head of its own unit (§2-issuer-scope)
	northHead := env.Token(t, "head-2", "ou-north", domain.RoleDeptHead)
	draft := func(year int, orgUnit, region string) api.CommandResponse {
		return orderCommand(t, env, "/sales-plans", mgmt, map[string]any{"year": year, "org_unit_id": orgUnit, "region": region,
			"target": "1000.00", "strategy": "grow"})
	}
	draft(2030, "ou-sales", "East")
	draft(2031, "ou-sales", "East")
	draft(2030, "ou-north", "North")
	last := draft(2032, "ou-north", "North")
	reviewed := orderCommand(t, env, "/sales-plans/"+last.ID+"/review", northHead, map[string]any{"passed": true})
	after := "&after=" + reviewed.Position

	for _, tc := range []struct{ query, want string }{
		{"sort=year", "2030 ou-sales|2030 ou-north|2031 ou-sales|2032 ou-north"},
		{"sort=-year", "2032 ou-north|2031 ou-sales|2030 ou-sales|2030 ou-north"},
		{"year=2030&sort=year", "2030 ou-sales|2030 ou-north"},
		{"org_unit_id=ou-sales&sort=year", "2030 ou-sales|2031 ou-sales"},
		{"region=North&sort=year", "2030 ou-north|2032 ou-north"},
		{"status=REVIEWED", "2032 ou-north"},
		{"status=ACTIVE", ""},
	} {
		t.Run(tc.query, func(t *testing.T) {
			if got := salesPlanPages(t, env, team.gm, tc.query+after); !salesPlanSameSet(got, tc.want, strings.Contains(tc.query, "sort=")) {
				t.Errorf("GET /sales-plans?%s = %q, want %q", tc.query, got, tc.want)
			}
		})
	}
	t.Run("a rep lists only their own org unit's plans", func(t *testing.T) {
		if got := salesPlanPages(t, env, team.rep, "sort=year"+after); got != "2030 ou-sales|2031 ou-sales" {
			t.Errorf("rep-1's plans = %q", got)
		}
		salesPlanProblem(t, env, "/sales-plans?org_unit_id=ou-north", team.rep, http.StatusForbidden, "forbidden")
	})
	t.Run("bad filters are bad query parameters", func(t *testing.T) {
		for _, q := range []string{"year=twenty", "sort=name", "limit=0", "cursor=garbage!"} {
			salesPlanProblem(t, env, "/sales-plans?"+q, team.gm, http.StatusBadRequest, "malformed-request")
		}
	})
}

// salesPlanPages walks the list two plans a page and prints "year org
// unit" rows.
func salesPlanPages(t *testing.T, env *apptest.Env, tok, query string) string {
	t.Helper()
	var rows []string
	cursor := ""
	for range 10 {
		var page queries.Page[queries.SalesPlanView]
		orderCall(t, env, http.MethodGet, "/sales-plans?limit=2&"+query+cursor, tok, nil, http.StatusOK).JSON(t, &page)
		for _, v := range page.Items {
			if v.Steps != nil || v.Targets != nil {
				t.Errorf("a listed plan carries steps or targets: %+v", v)
			}
			rows = append(rows, fmt.Sprintf("%d %s", v.Year, v.OrgUnitID))
		}
		if page.NextCursor == "" {
			break
		}
		cursor = "&cursor=" + page.NextCursor
	}
	return strings.Join(rows, "|")
}

// salesPlanSameSet compares rows; plans of the same year come in plan id
// order, which the test does not choose, so with a year sort rows of one
// year may come in either order.
func salesPlanSameSet(got, want string, sorted bool) bool {
	if got == want {
		return true
	}
	g, w := strings.Split(got, "|"), strings.Split(want, "|")
	if len(g) != len(w) {
		return false
	}
	for i := range g {
		if sorted && strings.Fields(g[i])[0] != strings.Fields(w[i])[0] {
			return false
		}
	}
	seen := map[string]int{}
	for i := range g {
		seen[g[i]]++
		seen[w[i]]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}
