package api_test

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/queries"
)

// TestWorkPlans_EndToEnd walks a rep's reports and plans through the API
// on Friday 27 November 2026 (company time): a daily report with its
// visits, a weekly report filed late, December's plan returned,
// resubmitted and approved by the head of the rep's unit, with the
// refusals on the way (wrong role, wrong order, a period over, bad
// content), and what the head reads of who has filed.
func TestWorkPlans_EndToEnd(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	var now atomic.Pointer[time.Time]
	set := func(t time.Time) { now.Store(&t) }
	set(time.Date(2026, 11, 27, 10, 0, 0, 0, cst))
	env := apptest.New(t, func() time.Time { return *now.Load() })
	team := employeeTeamOf(t, env)
	e := "/employees/emp-new"
	onboardNewHire(t, env, team)
	orderCommand(t, env, e+"/start-work", team.head, map[string]any{})

	visit := map[string]any{"customer": "Ningbo Pumps", "contact_name": "Li Lei", "contact_title": "buyer", "contact_department": "purchasing",
		"phone": "13800000000", "minutes": 90, "outcome": "asked for a quote"}
	daily := map[string]any{"report_id": "d-1127", "period": "DAILY", "period_start": "2026-11-27", "content": "visited Ningbo Pumps",
		"next_plan": "send the quote", "visits": []any{visit}}
	t.Run("a visit without the contact's title is refused and writes nothing (E12-content)", func(t *testing.T) {
		bad := map[string]any{"customer": "Ningbo Pumps", "contact_name": "Li Lei", "phone": "138", "minutes": 30}
		body := map[string]any{"report_id": "d-x", "period": "DAILY", "period_start": "2026-11-27", "content": "x", "next_plan": "y", "visits": []any{bad}}
		p := customerExpectProblem(t, "no title", env.Do(t, "POST", e+"/work-reports", team.hire, body), http.StatusUnprocessableEntity, "invalid-field")
		if len(p.Errors) == 0 || p.Errors[0].Field != "visits[0].contact_title" {
			t.Errorf("problem %+v, want visits[0].contact_title named", p)
		}
	})
	t.Run("a report of a day not begun is refused (E12-due)", func(t *testing.T) {
		ahead := map[string]any{"report_id": "d-1128", "period": "DAILY", "period_start": "2026-11-28", "content": "x", "next_plan": "y"}
		if p := customerExpectProblem(t, "tomorrow", env.Do(t, "POST", e+"/work-reports", team.hire, ahead), http.StatusConflict, "rejected-by-rule"); p.Rule != "E12-due" {
			t.Errorf("rule %q, want E12-due", p.Rule)
		}
	})
	t.Run("a colleague does not file the rep's report", func(t *testing.T) {
		customerExpectProblem(t, "colleague", env.Do(t, "POST", e+"/work-reports", team.colleague, daily), http.StatusForbidden, "forbidden")
	})
	orderCommand(t, env, e+"/work-reports", team.hire, daily)

	plan := map[string]any{"period": "MONTHLY", "period_start": "2026-12-01", "content": "visit ten water utilities"}
	t.Run("the department head does not file the rep's plan (WP1)", func(t *testing.T) {
		customerExpectProblem(t, "head files", env.Do(t, "POST", e+"/work-plans", team.head, plan), http.StatusForbidden, "forbidden")
	})
	t.Run("a plan of a month that is over is refused (WP1-due)", func(t *testing.T) {
		october := map[string]any{"period": "MONTHLY", "period_start": "2026-10-01", "content": "too late"}
		if p := customerExpectProblem(t, "October", env.Do(t, "POST", e+"/work-plans", team.hire, october), http.StatusConflict, "rejected-by-rule"); p.Rule != "WP1-due" {
			t.Errorf("rule %q, want WP1-due", p.Rule)
		}
	})
	submitted := orderCommand(t, env, e+"/work-plans", team.hire, plan)
	id := strings.TrimPrefix(submitted.Stream, "workplan-")
	path := "/work-plans/" + id
	t.Run("a head of another unit does not approve it (WP2)", func(t *testing.T) {
		customerExpectProblem(t, "other head", env.Do(t, "POST", path+"/approval", team.otherHead, map[string]any{}), http.StatusForbidden, "forbidden")
	})
	t.Run("the GM does not approve a rep's plan (WP2)", func(t *testing.T) {
		customerExpectProblem(t, "GM", env.Do(t, "POST", path+"/approval", team.gm, map[string]any{}), http.StatusForbidden, "forbidden")
	})
	orderCommand(t, env, path+"/return", team.head, map[string]any{"reason": "name the customers"})
	t.Run("a returned plan is not approved before it is resubmitted (WP2)", func(t *testing.T) {
		if p := customerExpectProblem(t, "approve returned", env.Do(t, "POST", path+"/approval", team.head, map[string]any{}), http.StatusConflict, "rejected-by-rule"); p.Rule != "WP2" {
			t.Errorf("rule %q, want WP2", p.Rule)
		}
	})
	plan["content"] = "visit the ten utilities of the Ningbo list"
	orderCommand(t, env, e+"/work-plans", team.hire, plan)
	approved := orderCommand(t, env, path+"/approval", team.head, map[string]any{"comment": "agreed"})
	t.Run("an approved plan is final (WP2)", func(t *testing.T) {
		customerExpectProblem(t, "return approved", env.Do(t, "POST", path+"/return", team.head, map[string]any{"reason": "x"}), http.StatusConflict, "rejected-by-rule")
		customerExpectProblem(t, "resubmit approved", env.Do(t, "POST", e+"/work-plans", team.hire, plan), http.StatusConflict, "rejected-by-rule")
	})

	// Monday 30 November: the week of the 23rd's report comes late.
	set(time.Date(2026, 11, 30, 9, 0, 0, 0, cst))
	team = employeeTeamOf(t, env) // tokens of the new day
	weekly := map[string]any{"report_id": "w-1123", "period": "WEEKLY", "period_start": "2026-11-23", "content": "first week", "next_plan": "quotes"}
	late := orderCommand(t, env, e+"/work-reports", team.hire, weekly)

	var v queries.WorkPlanView
	customerRead(t, "the head reads the plan", env.Do(t, "GET", path+"?after="+approved.Position, team.head, nil), &v)
	if v.Status != "APPROVED" || v.Revision != 2 || v.OrgUnitID != "ou-sales" || v.Late || v.DecidedBy != "head-1" {
		t.Errorf("plan %+v, want approved at revision 2, of ou-sales, on time, by head-1", v)
	}
	customerRead(t, "the rep reads their plan", env.Do(t, "GET", path, team.hire, nil), &v)
	customerExpectProblem(t, "a colleague reads it", env.Do(t, "GET", path, team.colleague, nil), http.StatusForbidden, "forbidden")
	customerExpectProblem(t, "a head lists another unit's plans", env.Do(t, "GET", "/work-plans?org_unit_id=ou-ops", team.head, nil), http.StatusForbidden, "forbidden")
	var plans struct{ Items []queries.WorkPlanView }
	customerRead(t, "another head lists plans", env.Do(t, "GET", "/work-plans?after="+late.Position, team.otherHead, nil), &plans)
	if len(plans.Items) != 0 {
		t.Errorf("another unit's head lists %+v, want nothing of ou-sales", plans.Items)
	}

	var filing struct{ Items []queries.ReportFilingView }
	customerRead(t, "who filed the week", env.Do(t, "GET", "/work-reports/filing?period=WEEKLY&period_start=2026-11-23&after="+late.Position, team.head, nil), &filing)
	if len(filing.Items) != 1 || filing.Items[0].EmployeeID != "emp-new" || filing.Items[0].Status != "FILED" || !filing.Items[0].Late {
		t.Errorf("filing %+v, want emp-new's weekly report, filed late", filing.Items)
	}
	customerRead(t, "who filed the next week", env.Do(t, "GET", "/work-reports/filing?period=WEEKLY&period_start=2026-11-30", team.head, nil), &filing)
	if len(filing.Items) != 1 || filing.Items[0].Status != "NOT_FILED" {
		t.Errorf("filing %+v, want emp-new not filed", filing.Items)
	}
	customerRead(t, "who filed this week", env.Do(t, "GET", "/work-reports/filing?period=WEEKLY", team.head, nil), &filing)
	if len(filing.Items) != 1 || filing.Items[0].Status != "NOT_FILED" {
		t.Errorf("this week's filing %+v, want emp-new not filed: the week of the 30th runs", filing.Items)
	}
	customerExpectProblem(t, "filing of a day written wrong", env.Do(t, "GET", "/work-reports/filing?period_start=30.11.2026", team.head, nil), http.StatusBadRequest, "malformed-request")
	var reports struct{ Items []queries.WorkReportView }
	customerRead(t, "the rep's daily reports", env.Do(t, "GET", "/work-reports?period=DAILY&employee_id=emp-new", team.head, nil), &reports)
	if len(reports.Items) != 1 || reports.Items[0].Visits != 1 || reports.Items[0].Minutes != 90 || reports.Items[0].Late {
		t.Errorf("daily reports %+v, want the 27th's, one visit of 90 minutes, on time", reports.Items)
	}
	customerRead(t, "a colleague lists reports", env.Do(t, "GET", "/work-reports", team.colleague, nil), &reports)
	for _, r := range reports.Items {
		if r.EmployeeID != "rep-9" {
			t.Errorf("a colleague sees %s's report", r.EmployeeID)
		}
	}
}
