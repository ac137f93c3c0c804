package training_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/training"
)

func TestTrainingSession_Schedule(t *testing.T) {
	minutes := func(m int) training.SessionDetails { d := session; d.DurationMinutes = m; return d }
	unit := func(u string) training.SessionDetails { d := session; d.OrgUnitID = u; return d }
	tests := []struct {
		name string
		plan training.TrainingPlan
		d    training.SessionDetails
		year int
		want error
	}{
		{"a 60-minute session under the approved plan is scheduled (§5.19)", approved(), minutes(60), 2026, nil},
		{"a 59-minute session is refused (§5.19)", approved(), minutes(59), 2026, training.ErrTooShort},
		{"a week-long session is scheduled", approved(), minutes(10080), 2026, nil},
		{"a session longer than a week is a mistake", approved(), minutes(10081), 2026, invalid},
		{"a plan not yet approved schedules nothing (§3.5-plan-first)", given(training.TrainingPlan.Evolve, draftedPlan(), reviewedPlan()), session, 2026, training.ErrPlanNotApproved},
		{"another department's plan schedules nothing (§3.5-plan-first)", approved(), unit("ou-service"), 2026, training.ErrPlanOtherUnit},
		{"last year's plan schedules nothing this year (§3.5-plan-first)", approved(), session, 2027, training.ErrPlanOtherYear},
		{"an unknown plan is not found", training.TrainingPlan{}, session, 2026, training.ErrPlanNotFound},
		{"a kind outside the regulation's is refused", approved(), func() training.SessionDetails { d := session; d.Kind = "X"; return d }(), 2026, invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := training.TrainingSession{}.Schedule("ts-1", tt.d, tt.plan, tt.year, "head-1", t0)
			then(t, events, err, tt.want, func(es []domain.Event) bool { return len(es) == 1 })
		})
	}
}

func TestTrainingSession_RecordHeld(t *testing.T) {
	s := given(training.TrainingSession.Evolve, scheduled())
	at := t0.Add(-time.Hour)
	heldFor := func(m int, attendees ...string) training.Held {
		return training.Held{HeldAt: at, Month: "2026-03", DurationMinutes: m, Attendees: attendees}
	}
	counts := func(want bool) func([]domain.Event) bool {
		return func(es []domain.Event) bool {
			h, ok := es[0].(training.SessionHeld)
			return ok && h.Counts == want && len(es) == 3
		}
	}
	tests := []struct {
		name  string
		given training.TrainingSession
		h     training.Held
		want  error
		check func([]domain.Event) bool
	}{
		{"a 60-minute session counts for its month (§5.19)", s, heldFor(60, "rep-1", "rep-2"), nil, counts(true)},
		{"a 59-minute session is recorded but does not count (§5.19)", s, heldFor(59, "rep-1", "rep-2"), nil, counts(false)},
		{"an attendee named twice attends once", s, heldFor(60, "rep-1", "rep-2", "rep-1"), nil, counts(true)},
		{"nobody attended: refused", s, heldFor(60), invalid, nil},
		{"a session longer than a week is a mistake", s, heldFor(10081, "rep-1"), invalid, nil},
		{"a session in the future was not held", s, training.Held{HeldAt: t0.Add(time.Minute), DurationMinutes: 60, Attendees: []string{"rep-1"}}, training.ErrHeldInFuture, nil},
		{"a session is held once", given(training.TrainingSession.Evolve, held(60, "rep-1")...), heldFor(60, "rep-1"), training.ErrAlreadyHeld, nil},
		{"an unscheduled session is not found", training.TrainingSession{}, heldFor(60, "rep-1"), training.ErrSessionNotFound, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := tt.given.RecordHeld(tt.h, "head-1", t0)
			then(t, events, err, tt.want, tt.check)
		})
	}
}

func TestTrainingSession_Evaluate(t *testing.T) {
	s := given(training.TrainingSession.Evolve, held(60, "rep-1", "rep-2")...)
	score := func(n int) *int { return &n }
	exam := func(n int) training.Evaluation {
		return training.Evaluation{EmployeeID: "rep-1", Method: training.MethodExam, Score: score(n)}
	}
	passed := func(want bool) func([]domain.Event) bool {
		return func(es []domain.Event) bool { e, ok := es[0].(training.Evaluated); return ok && e.Passed == want }
	}
	tests := []struct {
		name  string
		given training.TrainingSession
		ev    training.Evaluation
		want  error
		check func([]domain.Event) bool
	}{
		{"an exam of 60 passes (§3.5-evaluation)", s, exam(60), nil, passed(true)},
		{"an exam of 59 fails (§3.5-evaluation)", s, exam(59), nil, passed(false)},
		{"an exam's score is at most 100", s, exam(101), invalid, nil},
		{"an exam needs a score", s, training.Evaluation{EmployeeID: "rep-1", Method: training.MethodExam}, invalid, nil},
		{"a written reflection is evaluated on its text (§3.5-evaluation)", s,
			training.Evaluation{EmployeeID: "rep-2", Method: training.MethodReflection, Reflection: "quote by margin tier", Passed: true}, nil, passed(true)},
		{"a reflection without text is refused", s, training.Evaluation{EmployeeID: "rep-2", Method: training.MethodReflection, Passed: true}, invalid, nil},
		{"an unknown method is refused", s, training.Evaluation{EmployeeID: "rep-2", Method: "GUESS", Reflection: "x"}, invalid, nil},
		{"someone who did not attend is not evaluated (§3.5-evaluation)", s, training.Evaluation{EmployeeID: "rep-9", Method: training.MethodExam, Score: score(90)}, training.ErrNotAttendee, nil},
		{"a session not yet held evaluates nobody (§3.5-evaluation)", given(training.TrainingSession.Evolve, scheduled()), exam(90), training.ErrNotHeld, nil},
		{"an attendee is evaluated once", given(training.TrainingSession.Evolve, append(held(60, "rep-1"),
			training.Evaluated{SessionID: "ts-1", EmployeeID: "rep-1", Method: training.MethodExam, Score: score(40)})...), exam(90), training.ErrAlreadyEvaluated, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := tt.given.Evaluate(tt.ev, "head-1", t0)
			then(t, events, err, tt.want, tt.check)
		})
	}
}

func TestTrainingSession_AwardCertificate(t *testing.T) {
	evaluated := func(employee string, passed bool) domain.Event {
		return training.Evaluated{SessionID: "ts-1", EmployeeID: employee, Method: training.MethodReflection, Reflection: "x", Passed: passed}
	}
	s := given(training.TrainingSession.Evolve, append(held(60, "rep-1", "rep-2"), evaluated("rep-1", true), evaluated("rep-2", false))...)
	awarded := given(training.TrainingSession.Evolve, append(held(60, "rep-1", "rep-2"), evaluated("rep-1", true), evaluated("rep-2", true),
		training.CertificateAwarded{SessionID: "ts-1", EmployeeID: "rep-1", CertificateID: "cert-1", Name: "Pump sizing"})...)
	reward := domain.Yuan(200)
	zero := domain.Yuan(0)
	cert := func(employee, id string, r *domain.Money) training.Certificate {
		return training.Certificate{EmployeeID: employee, CertificateID: id, Name: "Pump sizing", Reward: r}
	}
	tests := []struct {
		name  string
		given training.TrainingSession
		c     training.Certificate
		want  error
		count int
	}{
		{"an attendee who passed earns a certificate with its reward (§3.5-certificate)", s, cert("rep-1", "cert-1", &reward), nil, 1},
		{"an attendee who failed earns none (§3.5-certificate)", s, cert("rep-2", "cert-2", nil), training.ErrNotPassed, 0},
		{"someone never evaluated earns none (§3.5-certificate)", s, cert("rep-9", "cert-9", nil), training.ErrNotPassed, 0},
		{"a reward of zero is refused", s, cert("rep-1", "cert-1", &zero), invalid, 0},
		{"the same certificate again records nothing", awarded, cert("rep-1", "cert-1", nil), nil, 0},
		{"a certificate id held by another attendee is refused", awarded, cert("rep-2", "cert-1", nil), training.ErrCertificateTaken, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := tt.given.AwardCertificate(tt.c, "hr-1", t0)
			then(t, events, err, tt.want, func(es []domain.Event) bool { return len(es) == tt.count })
		})
	}
}
