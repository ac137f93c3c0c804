package api_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// supervisionClock is a clock the test moves: the notice's deadline has
// to pass.
type supervisionClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *supervisionClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *supervisionClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// supervisionPeople are the supervision team, the checked department's
// head, a head of another department, and the sales assistant and
// supervisor of the quarterly report. Tokens are issued for the clock's
// now, so they are issued again after the clock moved.
type supervisionPeople struct {
	supervisor, head, otherHead, assistant, teamLead, rep string
}

func supervisionPeopleOf(t *testing.T, env *apptest.Env) supervisionPeople {
	return supervisionPeople{
		supervisor: env.Token(t, "ps-1", "ou-ops", domain.RoleProcessSupervisor),
		head:       env.Token(t, "head-1", "ou-sales", domain.RoleDeptHead),
		otherHead:  env.Token(t, "head-2", "ou-service", domain.RoleDeptHead),
		assistant:  env.Token(t, "asst-1", "ou-sales", domain.RoleSalesAssistant),
		teamLead:   env.Token(t, "sup-1", "ou-sales", domain.RoleTeamSupervisor),
		rep:        env.Token(t, "rep-1", "ou-sales", domain.RoleSalesRep),
	}
}

// TestSupervision_NoticeFromSpotCheckToOverdueAndVerified walks a
// rectification notice end to end: a spot check, the notice with its
// deadline, acknowledgement, the deadline day (on time, extendable), the
// day after (overdue, no extension, a late rectification), verification;
// refusing the wrong roles and the wrong order on the way.
func TestSupervision_NoticeFromSpotCheckToOverdueAndVerified(t *testing.T) {
	issueDay := time.Date(2027, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := &supervisionClock{now: issueDay}
	env := apptest.New(t, clock.Now)
	p := supervisionPeopleOf(t, env)

	check := supervisionCreate(t, env, "/spot-checks", p.supervisor, map[string]any{"department_id": "ou-sales", "process": "daily reports",
		"checked_on": "2027-03-02", "findings": []map[string]any{{"aspect": "TIMELINESS", "description": "three reports late"}}},
		"Idempotency-Key", "sc-1")
	notice := map[string]any{"spot_check_id": check.ID, "department_id": "ou-sales", "assignee_id": "head-1",
		"requirement": "file the daily reports before leaving", "deadline": "2027-03-16"}
	t.Run("the spot check is listed with its finding", func(t *testing.T) {
		var page queries.Page[queries.SpotCheckView]
		orderCall(t, env, http.MethodGet, "/spot-checks?department_id=ou-sales&after="+check.Position, p.supervisor, nil, http.StatusOK).JSON(t, &page)
		if len(page.Items) != 1 || page.Items[0].SpotCheckID != check.ID || page.Items[0].Nonconforming != 1 {
			t.Fatalf("spot checks = %+v, want the one recorded, with one nonconforming finding", page.Items)
		}
		orderCall(t, env, http.MethodGet, "/spot-checks?from=2027-03-02&to=2026-03-01", p.supervisor, nil, http.StatusBadRequest)
	})
	t.Run("a department head may not issue a notice", func(t *testing.T) {
		orderRefused(t, env, "/rectification-notices", p.head, notice, http.StatusForbidden, "forbidden", "Idempotency-Key", "n-head")
	})
	t.Run("a deadline before the day of issue is refused by rule", func(t *testing.T) {
		past := map[string]any{"department_id": "ou-sales", "assignee_id": "head-1", "requirement": "x", "deadline": "2027-03-01"}
		orderRefused(t, env, "/rectification-notices", p.supervisor, past, http.StatusConflict, "rejected-by-rule", "Idempotency-Key", "n-past")
	})
	t.Run("a notice without a deadline names the field", func(t *testing.T) {
		none := map[string]any{"department_id": "ou-sales", "assignee_id": "head-1", "requirement": "x"}
		pr := orderRefused(t, env, "/rectification-notices", p.supervisor, none, http.StatusUnprocessableEntity, "invalid-field", "Idempotency-Key", "n-none")
		if len(pr.Errors) != 1 || pr.Errors[0].Field != "deadline" {
			t.Errorf("errors = %+v, want deadline", pr.Errors)
		}
	})
	n := "/rectification-notices/" + supervisionCreate(t, env, "/rectification-notices", p.supervisor, notice, "Idempotency-Key", "n-1").ID

	t.Run("the rectification cannot be reported before the notice is acknowledged", func(t *testing.T) {
		orderRefused(t, env, n+"/rectification", p.head, map[string]any{"note": "done"}, http.StatusConflict, "rejected-by-rule")
	})
	t.Run("the head of another department may not acknowledge it", func(t *testing.T) {
		orderRefused(t, env, n+"/acknowledgement", p.otherHead, map[string]any{}, http.StatusForbidden, "forbidden")
	})
	ack := orderCommand(t, env, n+"/acknowledgement", p.head, map[string]any{})

	clock.set(time.Date(2027, 3, 16, 22, 0, 0, 0, time.UTC)) // the deadline day
	p = supervisionPeopleOf(t, env)
	t.Run("on the deadline day the notice is open, not overdue", func(t *testing.T) {
		v := supervisionNotice(t, env, p.supervisor, n+"?day=2027-03-16&after="+ack.Position)
		if v.Overdue || v.Status != "ACKNOWLEDGED" {
			t.Fatalf("notice on the deadline day = %s, overdue %v; want ACKNOWLEDGED, not overdue", v.Status, v.Overdue)
		}
	})

	clock.set(time.Date(2027, 3, 17, 8, 0, 0, 0, time.UTC)) // the day after
	p = supervisionPeopleOf(t, env)
	t.Run("the day after, the deadline cannot be extended", func(t *testing.T) {
		pr := orderRefused(t, env, n+"/deadline-extension", p.supervisor, map[string]any{"deadline": "2027-03-31"}, http.StatusConflict, "rejected-by-rule")
		if pr.Rule != "§3.15-extension" {
			t.Errorf("rule = %q, want §3.15-extension", pr.Rule)
		}
	})
	t.Run("the day after, the open notice is listed as overdue by one day", func(t *testing.T) {
		var page queries.Page[queries.RectificationNoticeView]
		orderCall(t, env, http.MethodGet, "/rectification-notices?overdue=true", p.supervisor, nil, http.StatusOK).JSON(t, &page)
		if len(page.Items) != 1 || !page.Items[0].Overdue || page.Items[0].DaysOverdue != 1 {
			t.Fatalf("overdue notices = %+v, want the notice overdue by 1 day", page.Items)
		}
	})
	orderCommand(t, env, n+"/rectification", p.head, map[string]any{"note": "reports are filed at 17:00 daily"})
	t.Run("the department may not verify its own rectification", func(t *testing.T) {
		orderRefused(t, env, n+"/verification", p.head, map[string]any{"passed": true}, http.StatusForbidden, "forbidden")
	})
	res := orderCommand(t, env, n+"/verification", p.supervisor, map[string]any{"passed": true})
	t.Run("a verified notice is closed: no longer open, never overdue", func(t *testing.T) {
		v := supervisionNotice(t, env, p.supervisor, n+"?after="+res.Position)
		if v.Status != "VERIFIED" || v.Overdue || !v.RectifiedLate {
			t.Fatalf("notice = %s, overdue %v, rectified late %v; want VERIFIED, not overdue, rectified late", v.Status, v.Overdue, v.RectifiedLate)
		}
		var page queries.Page[queries.RectificationNoticeView]
		orderCall(t, env, http.MethodGet, "/rectification-notices", p.supervisor, nil, http.StatusOK).JSON(t, &page)
		if len(page.Items) != 0 {
			t.Errorf("open notices = %+v, want none", page.Items)
		}
	})
	t.Run("the notice's history lists its four events", func(t *testing.T) {
		var page queries.Page[queries.HistoryEntry]
		orderCall(t, env, http.MethodGet, n+"/history?order=oldest", p.supervisor, nil, http.StatusOK).JSON(t, &page)
		if len(page.Items) != 4 {
			t.Fatalf("history = %d entries, want 4 (issued, acknowledged, rectified, verified)", len(page.Items))
		}
	})
	t.Run("a sales rep may not read notices", func(t *testing.T) {
		orderCall(t, env, http.MethodGet, "/rectification-notices", p.rep, nil, http.StatusForbidden)
	})
}

// supervisionCreate runs a creation that must succeed (201).
func supervisionCreate(t *testing.T, env *apptest.Env, path, tok string, body any, headers ...string) api.CommandResponse {
	t.Helper()
	var res api.CommandResponse
	orderCall(t, env, http.MethodPost, path, tok, body, http.StatusCreated, headers...).JSON(t, &res)
	return res
}

func supervisionNotice(t *testing.T, env *apptest.Env, tok, path string) queries.RectificationNoticeView {
	t.Helper()
	var v queries.RectificationNoticeView
	orderCall(t, env, http.MethodGet, path, tok, nil, http.StatusOK).JSON(t, &v)
	return v
}

// TestSupervision_QuarterlyReportAndYearlyEvaluation walks the sales
// assistant's quarterly report from draft to acceptance through one
// return, and records a yearly process evaluation; the reads show the
// quarters and years without one.
func TestSupervision_QuarterlyReportAndYearlyEvaluation(t *testing.T) {
	clock := &supervisionClock{now: time.Date(2027, 7, 2, 9, 0, 0, 0, time.UTC)}
	env := apptest.New(t, clock.Now)
	p := supervisionPeopleOf(t, env)
	r := "/analysis-reports/2027-Q2"

	t.Run("a sales rep may not draft the report", func(t *testing.T) {
		orderRefused(t, env, r+"/draft", p.rep, map[string]any{"content": "x"}, http.StatusForbidden, "forbidden")
	})
	t.Run("a quarter not started yet cannot be reported on", func(t *testing.T) {
		orderRefused(t, env, "/analysis-reports/2027-Q4/draft", p.assistant, map[string]any{"content": "x"}, http.StatusConflict, "rejected-by-rule")
	})
	t.Run("a malformed quarter names the field", func(t *testing.T) {
		orderRefused(t, env, "/analysis-reports/2027-Q5/draft", p.assistant, map[string]any{"content": "x"}, http.StatusUnprocessableEntity, "invalid-field")
	})
	orderCommand(t, env, r+"/draft", p.assistant, map[string]any{"content": "Q2 sales up 8% on Q1"})
	t.Run("a second report for the quarter is a conflict", func(t *testing.T) {
		orderRefused(t, env, r+"/draft", p.assistant, map[string]any{"content": "again"}, http.StatusConflict, "conflict")
	})
	t.Run("a draft not submitted cannot be reviewed", func(t *testing.T) {
		orderRefused(t, env, r+"/review", p.teamLead, map[string]any{"accepted": true}, http.StatusConflict, "rejected-by-rule")
	})
	orderCommand(t, env, r+"/submission", p.assistant, map[string]any{})
	t.Run("the assistant may not accept their own report", func(t *testing.T) {
		orderRefused(t, env, r+"/review", p.assistant, map[string]any{"accepted": true}, http.StatusForbidden, "forbidden")
	})
	orderCommand(t, env, r+"/review", p.teamLead, map[string]any{"accepted": false, "comment": "compare with last year too"})
	orderCommand(t, env, r+"/revision", p.assistant, map[string]any{"content": "Q2 up 8% on Q1 and 12% on last year"})
	orderCommand(t, env, r+"/submission", p.assistant, map[string]any{})
	res := orderCommand(t, env, r+"/review", p.teamLead, map[string]any{"accepted": true})

	t.Run("the quarters without a report are missing", func(t *testing.T) {
		var page queries.Page[queries.QuarterReport]
		orderCall(t, env, http.MethodGet, "/analysis-reports?from=2027-Q1&to=2027-Q3&after="+res.Position, p.teamLead, nil, http.StatusOK).JSON(t, &page)
		if len(page.Items) != 3 || !page.Items[0].Missing || page.Items[1].Missing || !page.Items[2].Missing {
			t.Fatalf("quarters = %+v, want only 2027-Q2 reported", page.Items)
		}
		if got := page.Items[1].Report; got.Status != "ACCEPTED" || got.Returns != 1 {
			t.Errorf("2027-Q2 = %+v, want ACCEPTED after one return", got)
		}
	})
	t.Run("an evaluation held in another year than it evaluates is refused", func(t *testing.T) {
		bad := map[string]any{"year": 2026, "held_on": "2027-06-30", "scope": "all", "findings": "x"}
		orderRefused(t, env, "/process-evaluations", p.supervisor, bad, http.StatusConflict, "rejected-by-rule", "Idempotency-Key", "ev-bad")
	})
	ev := supervisionCreate(t, env, "/process-evaluations", p.supervisor, map[string]any{"year": 2027, "held_on": "2027-06-30",
		"scope": "all sales processes", "findings": "quotation approvals slow", "recommendations": "delegate below 30%"},
		"Idempotency-Key", "ev-1")
	t.Run("the years without an evaluation are missing", func(t *testing.T) {
		var page queries.Page[queries.EvaluationYear]
		orderCall(t, env, http.MethodGet, "/process-evaluations?from_year=2026&to_year=2027&after="+ev.Position, p.supervisor, nil, http.StatusOK).JSON(t, &page)
		if len(page.Items) != 2 || !page.Items[0].Missing || page.Items[1].Missing || len(page.Items[1].Evaluations) != 1 {
			t.Fatalf("years = %+v, want 2026 missing, 2027 with one evaluation", page.Items)
		}
	})
	t.Run("a span the wrong way round or a malformed quarter is refused", func(t *testing.T) {
		orderCall(t, env, http.MethodGet, "/process-evaluations?from_year=2027&to_year=2026", p.supervisor, nil, http.StatusBadRequest)
		orderCall(t, env, http.MethodGet, "/analysis-reports?from=2027-Q3&to=2027-Q1", p.supervisor, nil, http.StatusBadRequest)
		orderCall(t, env, http.MethodGet, "/analysis-reports?from=Q3", p.supervisor, nil, http.StatusBadRequest)
	})
}
