package training_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/training"
)

func TestTrainingPlan_Draft(t *testing.T) {
	var none training.TrainingPlan
	withDetails := func(edit func(*training.PlanDetails)) training.PlanDetails {
		d := details
		edit(&d)
		return d
	}
	tests := []struct {
		name  string
		given training.TrainingPlan
		d     training.PlanDetails
		want  error
	}{
		{"a department drafts goals, content, kinds, modes and schedule (§3.5-plan-contents)", none, details, nil},
		{"the goals are required (§3.5-plan-contents)", none, withDetails(func(d *training.PlanDetails) { d.Goals = " " }), invalid},
		{"the schedule is required (§3.5-plan-contents)", none, withDetails(func(d *training.PlanDetails) { d.Schedule = "" }), invalid},
		{"a kind outside the regulation's is refused", none, withDetails(func(d *training.PlanDetails) { d.Kinds = []training.Kind{"FUN"} }), invalid},
		{"at least one mode is required", none, withDetails(func(d *training.PlanDetails) { d.Modes = nil }), invalid},
		{"the year has four digits", none, withDetails(func(d *training.PlanDetails) { d.Year = 26 }), invalid},
		{"a reviewed plan is not redrafted", given(training.TrainingPlan.Evolve, draftedPlan(), reviewedPlan()), details, training.ErrPastDrafting},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := tt.given.Draft("tp-1", tt.d, "head-1", t0)
			then(t, events, err, tt.want, func(es []domain.Event) bool { return len(es) == 1 })
		})
	}
	t.Run("drafting the same content again records nothing", func(t *testing.T) {
		events, err := given(training.TrainingPlan.Evolve, draftedPlan()).Draft("tp-1", details, "head-1", t0)
		then(t, events, err, nil, func(es []domain.Event) bool { return len(es) == 0 })
	})
}

func TestTrainingPlan_Review(t *testing.T) {
	drafted := given(training.TrainingPlan.Evolve, draftedPlan())
	tests := []struct {
		name    string
		role    domain.Role
		passed  bool
		comment string
		want    error
	}{
		{"the department manager passes the draft (§3.5-plan-approval)", domain.RoleDeptHead, true, "", nil},
		{"only the department manager reviews (§3.5-plan-approval)", domain.RoleHR, true, "", training.ErrReviewerRole},
		{"a plan sent back needs a comment", domain.RoleDeptHead, false, "", invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := drafted.Review("head-1", tt.role, tt.passed, tt.comment, t0)
			then(t, events, err, tt.want, func(es []domain.Event) bool { return len(es) == 1 })
		})
	}
	t.Run("a plan sent back is drafted again", func(t *testing.T) {
		events, err := drafted.Review("head-1", domain.RoleDeptHead, false, "add the online courses", t0)
		then(t, events, err, nil, nil)
		if p := given(training.TrainingPlan.Evolve, append([]domain.Event{draftedPlan()}, events...)...); p.Status != training.PlanStatusDraft {
			t.Errorf("status = %s, want DRAFT", p.Status)
		}
	})
}

func TestTrainingPlan_Approve(t *testing.T) {
	tests := []struct {
		name  string
		given training.TrainingPlan
		role  domain.Role
		want  error
	}{
		{"leadership approves a reviewed plan (§3.5-plan-approval)", given(training.TrainingPlan.Evolve, draftedPlan(), reviewedPlan()), domain.RoleLeadership, nil},
		{"a plan not reviewed cannot be approved (§3.5-plan-approval)", given(training.TrainingPlan.Evolve, draftedPlan()), domain.RoleLeadership, training.ErrNotReviewed},
		{"the department manager cannot approve (§3.5-plan-approval)", given(training.TrainingPlan.Evolve, draftedPlan(), reviewedPlan()), domain.RoleDeptHead, training.ErrApproverRole},
		{"an unknown plan is not found", training.TrainingPlan{}, domain.RoleLeadership, training.ErrPlanNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := tt.given.Approve("lead-1", tt.role, "", t0)
			then(t, events, err, tt.want, func(es []domain.Event) bool { return len(es) == 1 })
		})
	}
}
