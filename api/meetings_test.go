package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// meetingTeam are the people who hold, book, excuse and sign meetings.
type meetingTeam struct {
	head, office, gm, rep, warehouse string
}

func meetingTeamOf(t *testing.T, env *apptest.Env) meetingTeam {
	return meetingTeam{
		head:      env.Token(t, "head-1", "ou-sales", domain.RoleDeptHead),
		office:    env.Token(t, "office-1", "ou-admin", domain.RoleAdminOffice),
		gm:        env.Token(t, "gm-1", "ou-gm", domain.RoleGM),
		rep:       env.Token(t, "rep-1", "ou-sales", domain.RoleSalesRep),
		warehouse: env.Token(t, "wh-1", "ou-warehouse", domain.RoleWarehouse),
	}
}

// meetingCreated posts a creation and returns its answer.
func meetingCreated(t *testing.T, env *apptest.Env, path, tok string, body any) api.CommandResponse {
	t.Helper()
	var res api.CommandResponse
	orderCall(t, env, http.MethodPost, path, tok, body, http.StatusCreated).JSON(t, &res)
	return res
}

func meetingBody(kind string, start time.Time, minutes int, important bool) map[string]any {
	b := map[string]any{"kind": kind, "title": "sales meeting", "org_unit_id": "ou-sales", "chair_id": "head-1",
		"starts_at": start.Format(time.RFC3339), "duration_minutes": minutes, "attendees": []string{"rep-1", "rep-2"}}
	if important {
		b["important"], b["signatories"] = true, []string{"head-1", "gm-1"}
	}
	return b
}

// TestMeetings_ScheduledHeldMinutedCountersigned walks two meetings: one
// ahead, booked and excused from in time; one three days ago, whose
// deadlines have passed, held, minuted, countersigned and closed; with
// the refusals of each rule on the way.
func TestMeetings_ScheduledHeldMinutedCountersigned(t *testing.T) {
	env := apptest.New(t, nil)
	team := meetingTeamOf(t, env)
	now := time.Now().UTC().Truncate(time.Second)

	t.Run("the stand-ups' length limits: 15 minutes in, 16 refused (§3.14-length)", func(t *testing.T) {
		meetingCreated(t, env, "/meetings", team.head, meetingBody("MORNING_STANDUP", now.Add(time.Hour), 15, false))
		p := orderRefused(t, env, "/meetings", team.head, meetingBody("MORNING_STANDUP", now.Add(time.Hour), 16, false), http.StatusConflict, "rejected-by-rule")
		if p.Rule != "§3.14-length" {
			t.Errorf("rule = %q", p.Rule)
		}
	})
	t.Run("a weekly sales meeting not on Monday 17:30 is refused (§3.14-weekly)", func(t *testing.T) {
		monday := nextMonday1730(now)
		meetingCreated(t, env, "/meetings", team.head, meetingBody("WEEKLY_SALES", monday, 60, false))
		orderRefused(t, env, "/meetings", team.head, meetingBody("WEEKLY_SALES", monday.Add(24*time.Hour), 60, false), http.StatusConflict, "rejected-by-rule")
	})
	t.Run("a rep does not call meetings", func(t *testing.T) {
		orderRefused(t, env, "/meetings", team.rep, meetingBody("MONTHLY_DEPARTMENT", now.Add(48*time.Hour), 60, false), http.StatusForbidden, "forbidden")
	})

	ahead := "/meetings/" + meetingCreated(t, env, "/meetings", team.head, meetingBody("PROJECT_PROGRESS", now.Add(48*time.Hour), 60, true)).ID
	orderRefused(t, env, ahead+"/room-booking", team.head, map[string]any{"room": "A"}, http.StatusForbidden, "forbidden")
	orderCommand(t, env, ahead+"/room-booking", team.office, map[string]any{"room": "A"})
	excuse := map[string]any{"employee_id": "rep-2", "reason": "at a customer"}
	if p := orderRefused(t, env, ahead+"/excused-absences", team.head, excuse, http.StatusConflict, "rejected-by-rule"); p.Rule != "§3.14-leave" {
		t.Errorf("an important meeting's leave by the head: rule %q, want §3.14-leave", p.Rule)
	}
	orderCommand(t, env, ahead+"/excused-absences", team.gm, excuse)

	past := "/meetings/" + meetingCreated(t, env, "/meetings", team.head, meetingBody("PROJECT_PROGRESS", now.Add(-72*time.Hour), 60, true)).ID
	t.Run("deadlines passed: the room a day ahead, leave before the start", func(t *testing.T) {
		if p := orderRefused(t, env, past+"/room-booking", team.office, map[string]any{"room": "A"}, http.StatusConflict, "rejected-by-rule"); p.Rule != "§3.14-room" {
			t.Errorf("rule = %q, want §3.14-room", p.Rule)
		}
		if p := orderRefused(t, env, past+"/excused-absences", team.gm, excuse, http.StatusConflict, "rejected-by-rule"); p.Rule != "§3.14-leave" {
			t.Errorf("rule = %q, want §3.14-leave", p.Rule)
		}
	})
	orderRefused(t, env, past+"/minutes", team.head, map[string]any{"content": "x"}, http.StatusConflict, "rejected-by-rule")
	start := now.Add(-72 * time.Hour)
	heldRes := orderCommand(t, env, past+"/held", team.head, map[string]any{"started_at": start.Format(time.RFC3339),
		"ended_at": start.Add(time.Hour).Format(time.RFC3339), "present": []string{"rep-1"}})
	if p := orderRefused(t, env, past+"/closure", team.head, map[string]any{}, http.StatusConflict, "rejected-by-rule"); p.Rule != "§3.14-minutes" {
		t.Errorf("close without minutes: rule %q", p.Rule)
	}
	held := meetingRead(t, env, team.rep, "/meetings?open_minutes=true", heldRes.Position)
	if len(held) != 1 || held[0].Attendance[1].State != queries.AttendanceAbsent {
		t.Errorf("open minutes = %+v, want the past meeting with rep-2 absent", held)
	}
	orderCommand(t, env, past+"/minutes", team.head, map[string]any{"content": "progress reviewed", "actions": []string{"ship by Friday"}})
	orderRefused(t, env, past+"/countersignatures", team.rep, map[string]any{}, http.StatusConflict, "rejected-by-rule")
	signed := orderCommand(t, env, past+"/countersignatures", team.head, map[string]any{})
	if p := orderRefused(t, env, past+"/closure", team.head, map[string]any{}, http.StatusConflict, "rejected-by-rule"); p.Rule != "§3.14-countersign" {
		t.Errorf("close with a signature missing: rule %q", p.Rule)
	}
	if got := meetingRead(t, env, team.gm, "/meetings?uncountersigned=true", signed.Position); len(got) != 1 {
		t.Errorf("uncountersigned = %+v, want the past meeting", got)
	}
	orderCommand(t, env, past+"/countersignatures", team.gm, map[string]any{})
	closed := orderCommand(t, env, past+"/closure", team.head, map[string]any{})

	var v queries.MeetingView
	orderCall(t, env, http.MethodGet, past+"?after="+closed.Position, team.head, nil, http.StatusOK).JSON(t, &v)
	if v.Status != "CLOSED" || v.Uncountersigned || v.OpenMinutes || len(v.Signatures) != 2 || v.Signatures[1].SignedAt == nil {
		t.Errorf("closed meeting = %+v", v)
	}
	t.Run("the warehouse does not read meetings", func(t *testing.T) {
		orderCall(t, env, http.MethodGet, "/meetings", team.warehouse, nil, http.StatusForbidden)
	})
}

// nextMonday1730 is the first Monday 17:30 company time at least two days
// after now.
func nextMonday1730(now time.Time) time.Time {
	cst := time.FixedZone("company", 8*3600)
	d := now.In(cst).AddDate(0, 0, 2)
	for d.Weekday() != time.Monday {
		d = d.AddDate(0, 0, 1)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 17, 30, 0, 0, cst)
}

// meetingRead lists meetings at path as tok, after position.
func meetingRead(t *testing.T, env *apptest.Env, tok, path, after string) []queries.MeetingView {
	t.Helper()
	if after != "" {
		path += "&after=" + after
	}
	var page queries.Page[queries.MeetingView]
	orderCall(t, env, http.MethodGet, path, tok, nil, http.StatusOK).JSON(t, &page)
	return page.Items
}

// TestResearch_ProposedToReported walks a market-research project from
// its proposal to its report, refusing the wrong roles and the wrong
// order on the way.
func TestResearch_ProposedToReported(t *testing.T) {
	env := apptest.New(t, nil)
	researcher := env.Token(t, "mr-1", "ou-mkt", domain.RoleMarketResearcher)
	head := env.Token(t, "head-1", "ou-mkt", domain.RoleDeptHead)
	leader := env.Token(t, "lead-1", "ou-board", domain.RoleLeadership)
	rep := env.Token(t, "rep-1", "ou-sales", domain.RoleSalesRep)
	plan := map[string]any{"title": "pump demand", "org_unit_id": "ou-mkt", "purpose": "size the market", "scope": "East China",
		"methods": []string{"QUESTIONNAIRES"}, "starts_on": "2026-03-01", "due_on": "2026-04-30"}
	report := map[string]any{"introduction": "why", "methodology": "120 questionnaires", "findings": "demand up 8%",
		"conclusions": "add two reps", "feedback_unit_ids": []string{"ou-sales"}}

	orderRefused(t, env, "/research-projects", rep, plan, http.StatusForbidden, "forbidden")
	p := "/research-projects/" + meetingCreated(t, env, "/research-projects", researcher, plan).ID
	if pr := orderRefused(t, env, p+"/approval", leader, map[string]any{}, http.StatusConflict, "rejected-by-rule"); pr.Rule != "§3.6-approval" {
		t.Errorf("approval before review: rule %q", pr.Rule)
	}
	orderRefused(t, env, p+"/review", leader, map[string]any{"passed": true}, http.StatusForbidden, "forbidden")
	orderCommand(t, env, p+"/review", head, map[string]any{"passed": true})
	orderRefused(t, env, p+"/approval", head, map[string]any{}, http.StatusForbidden, "forbidden")
	if pr := orderRefused(t, env, p+"/start", researcher, map[string]any{}, http.StatusConflict, "rejected-by-rule"); pr.Rule != "§3.6-order" {
		t.Errorf("start before approval: rule %q", pr.Rule)
	}
	orderCommand(t, env, p+"/approval", leader, map[string]any{"comment": "go"})
	if pr := orderRefused(t, env, p+"/report", researcher, report, http.StatusConflict, "rejected-by-rule"); pr.Rule != "§3.6-order" {
		t.Errorf("report before start: rule %q", pr.Rule)
	}
	orderCommand(t, env, p+"/start", researcher, map[string]any{})
	noUnits := map[string]any{"introduction": "why", "methodology": "m", "findings": "f", "conclusions": "c"}
	orderRefused(t, env, p+"/report", researcher, noUnits, http.StatusUnprocessableEntity, "invalid-field")
	reported := orderCommand(t, env, p+"/report", researcher, report)

	var page queries.Page[queries.ResearchProjectView]
	orderCall(t, env, http.MethodGet, "/research-projects?status=REPORTED&after="+reported.Position, head, nil, http.StatusOK).JSON(t, &page)
	if len(page.Items) != 1 || page.Items[0].Report == nil || page.Items[0].ApprovedBy != "lead-1" {
		t.Errorf("reported projects = %+v", page.Items)
	}
	var counts queries.Page[queries.ResearchProjectCount]
	orderCall(t, env, http.MethodGet, "/research-projects-by-state", leader, nil, http.StatusOK).JSON(t, &counts)
	for _, c := range counts.Items {
		if want := map[bool]int64{true: 1}[c.Status == "REPORTED"]; c.Count != want {
			t.Errorf("%s: %d projects, want %d", c.Status, c.Count, want)
		}
	}
	orderCall(t, env, http.MethodGet, p, rep, nil, http.StatusForbidden)
}
