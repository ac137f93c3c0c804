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

// trainingPeople are the actors of the training flow.
type trainingPeople struct {
	head, otherHead, rep1, rep2, hr, leader, gm string
}

func trainingPeopleOf(t *testing.T, env *apptest.Env) trainingPeople {
	return trainingPeople{
		head:      env.Token(t, "head-1", "ou-sales", domain.RoleDeptHead),
		otherHead: env.Token(t, "head-2", "ou-service", domain.RoleDeptHead),
		rep1:      env.Token(t, "rep-1", "ou-sales", domain.RoleSalesRep),
		rep2:      env.Token(t, "rep-2", "ou-sales", domain.RoleSalesRep),
		hr:        env.Token(t, "hr-1", "ou-hr", domain.RoleHR),
		leader:    env.Token(t, "lead-1", "ou-board", domain.RoleLeadership),
		gm:        env.Token(t, "gm-1", "ou-gm", domain.RoleGM),
	}
}

// trainingCreate runs a creation that must succeed (201).
func trainingCreate(t *testing.T, env *apptest.Env, path, tok string, body any) api.CommandResponse {
	t.Helper()
	var res api.CommandResponse
	orderCall(t, env, http.MethodPost, path, tok, body, http.StatusCreated).JSON(t, &res)
	return res
}

// trainingRule checks a refusal by rule names the rule.
func trainingRule(t *testing.T, env *apptest.Env, path, tok string, body any, rule string) {
	t.Helper()
	if p := orderRefused(t, env, path, tok, body, http.StatusConflict, "rejected-by-rule"); p.Rule != rule {
		t.Errorf("POST %s: rule %q, want %s", path, p.Rule, rule)
	}
}

// TestTraining_PlanToCertificate walks a department's training from the
// annual plan to a certificate and its reward, refusing the wrong roles
// and the wrong order on the way, then reads the training record and the
// month's sessions.
func TestTraining_PlanToCertificate(t *testing.T) {
	env := apptest.New(t, nil)
	p := trainingPeopleOf(t, env)
	zone := time.FixedZone("company", 8*3600)
	heldAt := time.Now().Add(-2 * time.Hour).UTC()
	month := heldAt.In(zone).Format("2006-01")
	plan := map[string]any{"year": heldAt.In(zone).Year(), "org_unit_id": "ou-sales", "goals": "sharper product knowledge",
		"content": "pumps, valves, quoting by margin", "kinds": []string{"PROFESSIONAL", "GENERAL"}, "modes": []string{"INTERNAL"},
		"schedule": "first Monday of each month, 14:00"}

	t.Run("a sales rep does not draft the plan (§1.6)", func(t *testing.T) {
		orderRefused(t, env, "/training-plans", p.rep1, plan, http.StatusForbidden, "forbidden")
	})
	t.Run("another department's head does not draft it", func(t *testing.T) {
		orderRefused(t, env, "/training-plans", p.otherHead, plan, http.StatusForbidden, "forbidden")
	})
	tp := "/training-plans/" + trainingCreate(t, env, "/training-plans", p.head, plan).ID
	session := func(minutes int) map[string]any {
		return map[string]any{"plan_id": tp[len("/training-plans/"):], "org_unit_id": "ou-sales", "title": "Quoting by margin",
			"kind": "PROFESSIONAL", "mode": "INTERNAL", "trainer": "head-1", "starts_at": heldAt, "duration_minutes": minutes}
	}
	t.Run("no session before the plan is approved (§3.5-plan-first)", func(t *testing.T) {
		trainingRule(t, env, "/training-sessions", p.head, session(60), "§3.5-plan-first")
	})
	t.Run("leadership approves only a reviewed plan (§3.5-plan-approval)", func(t *testing.T) {
		trainingRule(t, env, tp+"/approval", p.leader, map[string]any{}, "§3.5-plan-approval")
	})
	t.Run("the department head does not approve (§3.5-plan-approval)", func(t *testing.T) {
		orderRefused(t, env, tp+"/approval", p.head, map[string]any{}, http.StatusForbidden, "forbidden")
	})
	orderCommand(t, env, tp+"/review", p.head, map[string]any{"passed": true})
	orderCommand(t, env, tp+"/approval", p.leader, map[string]any{"comment": "approved at the annual meeting"})

	t.Run("a 59-minute session is refused (§5.19)", func(t *testing.T) {
		trainingRule(t, env, "/training-sessions", p.head, session(59), "§5.19")
	})
	ts := "/training-sessions/" + trainingCreate(t, env, "/training-sessions", p.head, session(60)).ID
	short := "/training-sessions/" + trainingCreate(t, env, "/training-sessions", p.head, session(60)).ID
	exam := func(employee string, score int) map[string]any {
		return map[string]any{"employee_id": employee, "method": "EXAM", "score": score}
	}
	t.Run("nobody is evaluated before the session is held (§3.5-evaluation)", func(t *testing.T) {
		trainingRule(t, env, ts+"/evaluations", p.head, exam("rep-1", 90), "§3.5-evaluation")
	})
	held := map[string]any{"held_at": heldAt, "duration_minutes": 75, "attendees": []string{"rep-1", "rep-2"}}
	t.Run("another department's head does not record the session", func(t *testing.T) {
		orderRefused(t, env, ts+"/held", p.otherHead, held, http.StatusForbidden, "forbidden")
	})
	orderCommand(t, env, ts+"/held", p.head, held)
	orderCommand(t, env, short+"/held", p.head, map[string]any{"held_at": heldAt, "duration_minutes": 59, "attendees": []string{"rep-1"}})
	orderCommand(t, env, ts+"/evaluations", p.head, exam("rep-1", 60))
	orderCommand(t, env, ts+"/evaluations", p.head, exam("rep-2", 59))

	certificate := func(employee string) map[string]any {
		return map[string]any{"employee_id": employee, "certificate_id": "cert-" + employee, "name": "Margin quoting", "reward": "300.00"}
	}
	t.Run("an attendee who failed the exam earns no certificate (§3.5-certificate)", func(t *testing.T) {
		trainingRule(t, env, ts+"/certificates", p.hr, certificate("rep-2"), "§3.5-certificate")
	})
	t.Run("a sales rep awards no certificate", func(t *testing.T) {
		orderRefused(t, env, ts+"/certificates", p.rep1, certificate("rep-1"), http.StatusForbidden, "forbidden")
	})
	awarded := orderCommand(t, env, ts+"/certificates", p.hr, certificate("rep-1"))
	t.Run("the certificate's reward is on rep-1's file (§3.5-certificate)", func(t *testing.T) {
		var e queries.EmployeeView
		orderCall(t, env, http.MethodGet, "/employees/rep-1?after="+awarded.Position, p.hr, nil, http.StatusOK).JSON(t, &e)
		if e.Rewards != 1 || e.RewardTotal != "300.00" {
			t.Errorf("rep-1's rewards = %d totalling %s, want the certificate's 300.00", e.Rewards, e.RewardTotal)
		}
	})
	trainingReads(t, env, p, month, awarded.Position)
}

// trainingReads reads rep-1's record and the month's sessions after
// position, and who may read them.
func trainingReads(t *testing.T, env *apptest.Env, p trainingPeople, month, position string) {
	t.Run("rep-1 reads their record: both sessions, the exam, the certificate and its reward", func(t *testing.T) {
		var v queries.TrainingRecordView
		orderCall(t, env, http.MethodGet, "/employees/rep-1/training-record?after="+position, p.rep1, nil, http.StatusOK).JSON(t, &v)
		if v.Minutes != 134 || len(v.Sessions) != 2 || len(v.Certificates) != 1 {
			t.Fatalf("record = %+v, want 75 + 59 minutes and one certificate", v)
		}
		counted := 0
		for _, s := range v.Sessions {
			if s.Counts {
				counted++
			}
		}
		if counted != 1 {
			t.Errorf("sessions = %+v, want only the 75-minute one counted (§5.19)", v.Sessions)
		}
		if c := v.Certificates[0]; c.Reward == nil || *c.Reward != queries.MinorUnits(domain.Yuan(300).Minor) {
			t.Errorf("certificate = %+v, want its 300.00 reward", c)
		}
	})
	t.Run("the department head reads it; another rep and another department's head do not", func(t *testing.T) {
		orderCall(t, env, http.MethodGet, "/employees/rep-1/training-record", p.head, nil, http.StatusOK)
		orderCall(t, env, http.MethodGet, "/employees/rep-1/training-record", p.rep2, nil, http.StatusForbidden)
		orderCall(t, env, http.MethodGet, "/employees/rep-1/training-record", p.otherHead, nil, http.StatusForbidden)
	})
	t.Run("the month counts one session of ou-sales and one too short (§5.19)", func(t *testing.T) {
		var page queries.Page[queries.DepartmentTrainingMonth]
		orderCall(t, env, http.MethodGet, "/training/department-months?org_unit_id=ou-sales&month="+month+"&after="+position, p.gm, nil, http.StatusOK).JSON(t, &page)
		if len(page.Items) != 1 || page.Items[0].CountedSessions != 1 || page.Items[0].ShortSessions != 1 || page.Items[0].Missing {
			t.Errorf("ou-sales in %s = %+v, want one counted, one short, not missing", month, page.Items)
		}
	})
	t.Run("ou-service, without a session, misses the month", func(t *testing.T) {
		var page queries.Page[queries.DepartmentTrainingMonth]
		orderCall(t, env, http.MethodGet, "/training/department-months?missing=true&month="+month, p.otherHead, nil, http.StatusOK).JSON(t, &page)
		if len(page.Items) != 1 || page.Items[0].OrgUnitID != "ou-service" || !page.Items[0].Missing {
			t.Errorf("missing for head-2 = %+v, want their ou-service only", page.Items)
		}
	})
	t.Run("a rep, and a head asking for another department, are refused", func(t *testing.T) {
		orderCall(t, env, http.MethodGet, "/training/department-months", p.rep1, nil, http.StatusForbidden)
		orderCall(t, env, http.MethodGet, "/training/department-months?org_unit_id=ou-sales", p.otherHead, nil, http.StatusForbidden)
	})
	t.Run("a malformed month or flag is refused", func(t *testing.T) {
		orderCall(t, env, http.MethodGet, "/training/department-months?month=March", p.gm, nil, http.StatusBadRequest)
		orderCall(t, env, http.MethodGet, "/training/department-months?missing=perhaps", p.gm, nil, http.StatusBadRequest)
	})
}
