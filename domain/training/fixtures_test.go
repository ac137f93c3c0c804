package training_test

import (
	"errors"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/training"
)

var (
	t0      = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	details = training.PlanDetails{Year: 2026, OrgUnitID: "ou-sales", Goals: "sharper product knowledge",
		Content: "pumps, valves, quoting", Kinds: []training.Kind{training.KindProfessional},
		Modes: []training.Mode{training.ModeInternal}, Schedule: "first Monday of each month"}
	session = training.SessionDetails{PlanID: "tp-1", OrgUnitID: "ou-sales", Title: "Quoting by margin",
		Kind: training.KindProfessional, Mode: training.ModeInternal, Trainer: "head-1",
		StartsAt: t0.Add(24 * time.Hour), DurationMinutes: 60}
)

// given folds history onto the zero state of S.
func given[S any](evolve func(S, domain.Event) S, history ...domain.Event) S {
	var s S
	for _, e := range history {
		s = evolve(s, e)
	}
	return s
}

func draftedPlan() domain.Event {
	return training.PlanDrafted{PlanID: "tp-1", PlanDetails: details, DraftedBy: "head-1", DraftedAt: t0}
}
func reviewedPlan() domain.Event {
	return training.PlanReviewed{PlanID: "tp-1", ReviewerID: "head-1", ReviewerRole: domain.RoleDeptHead, Passed: true}
}
func approvedPlan() domain.Event {
	return training.PlanApproved{PlanID: "tp-1", ApproverID: "lead-1", ApproverRole: domain.RoleLeadership}
}

func approved() training.TrainingPlan {
	return given(training.TrainingPlan.Evolve, draftedPlan(), reviewedPlan(), approvedPlan())
}

func scheduled() domain.Event {
	return training.SessionScheduled{SessionID: "ts-1", SessionDetails: session, ScheduledBy: "head-1"}
}

func held(minutes int, attendees ...string) []domain.Event {
	out := []domain.Event{scheduled(), training.SessionHeld{SessionID: "ts-1", OrgUnitID: "ou-sales", Month: "2026-03",
		DurationMinutes: minutes, Counts: minutes >= 60, Attendees: len(attendees)}}
	for _, a := range attendees {
		out = append(out, training.AttendanceRecorded{SessionID: "ts-1", EmployeeID: a, Month: "2026-03", DurationMinutes: minutes})
	}
	return out
}

// then checks a decision's outcome: the wanted error, or events passing
// check.
func then(t *testing.T, events []domain.Event, err error, want error, check func([]domain.Event) bool) {
	t.Helper()
	switch {
	case want != nil && !errors.Is(err, want):
		t.Fatalf("err = %v, want %v", err, want)
	case want == nil && err != nil:
		t.Fatalf("unexpected error %v", err)
	case want == nil && check != nil && !check(events):
		t.Fatalf("events = %+v", events)
	}
}

// invalid is any invalid-input refusal.
var invalid = domain.ErrInvalid
