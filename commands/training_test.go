package commands_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/training"
	"github.com/opsledger/opsledger/eventstore/memory"
)

// trainingNow is 10:00 on 10 March 2026 in the company calendar (UTC+8).
var trainingNow = time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC)

var (
	trainingHead   = inOrgUnit(quotationMeta("head-1", domain.RoleDeptHead), "ou-sales")
	trainingOther  = inOrgUnit(quotationMeta("head-2", domain.RoleDeptHead), "ou-service")
	trainingLeader = quotationMeta("lead-1", domain.RoleLeadership)
	trainingHR     = inOrgUnit(quotationMeta("hr-1", domain.RoleHR), "ou-hr")
	trainingRep    = inOrgUnit(quotationMeta("rep-1", domain.RoleSalesRep), "ou-sales")

	trainingPlan = commands.DraftTrainingPlan{PlanID: "tp-1", Details: training.PlanDetails{Year: 2026, OrgUnitID: "ou-sales",
		Goals: "quote by margin", Content: "pumps, valves, quoting", Kinds: []training.Kind{training.KindProfessional},
		Modes: []training.Mode{training.ModeInternal}, Schedule: "first Monday of each month"}}
	trainingSession = commands.ScheduleTrainingSession{SessionID: "ts-1", Details: training.SessionDetails{PlanID: "tp-1",
		OrgUnitID: "ou-sales", Title: "Quoting by margin", Kind: training.KindProfessional, Mode: training.ModeInternal,
		Trainer: "head-1", StartsAt: trainingNow.Add(-48 * time.Hour), DurationMinutes: 60}}
)

// trainingWorld has rep-1 at work in ou-sales.
func trainingWorld(t *testing.T) *customerWorld {
	t.Helper()
	codec := commands.Codec()
	store := memory.New()
	w := &customerWorld{t: t, h: commands.New(store, codec, func() time.Time { return trainingNow }), store: store, codec: codec}
	w.seed(employee.Stream("rep-1"),
		employee.QualificationChecked{EmployeeID: "rep-1", CandidateName: "Wang Lei", Passed: true, CheckedBy: "hr-1", CheckedAt: trainingNow.AddDate(0, -6, 0)},
		employee.Hired{EmployeeID: "rep-1", Name: "Wang Lei", Role: domain.RoleSalesRep, OrgUnitID: "ou-sales", ProbationMonths: 3, HiredBy: "hr-1", HiredAt: trainingNow.AddDate(0, -6, 0)},
		employee.StartedWork{EmployeeID: "rep-1", StartedAt: trainingNow.AddDate(0, -6, 0), ProbationEndsOn: trainingNow.AddDate(0, -3, 0)},
	)
	return w
}

func (w *customerWorld) approvedTrainingPlan() {
	w.t.Helper()
	ctx := context.Background()
	for _, step := range []func() (commands.Result, error){
		func() (commands.Result, error) {
			return w.h.Training.DraftTrainingPlan(ctx, trainingHead, trainingPlan)
		},
		func() (commands.Result, error) {
			return w.h.Training.ReviewTrainingPlan(ctx, trainingHead, commands.ReviewTrainingPlan{PlanID: "tp-1", Passed: true})
		},
		func() (commands.Result, error) {
			return w.h.Training.ApproveTrainingPlan(ctx, trainingLeader, commands.ApproveTrainingPlan{PlanID: "tp-1"})
		},
	} {
		if _, err := step(); err != nil {
			w.t.Fatalf("plan step: %v", err)
		}
	}
}

func TestTraining_PlanRolesAndOrder(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		run  func(w *customerWorld) error
		want error
	}{
		{"a sales rep does not draft the plan (§1.6)", func(w *customerWorld) error {
			_, err := w.h.Training.DraftTrainingPlan(ctx, trainingRep, trainingPlan)
			return err
		}, domain.ErrForbidden},
		{"another department's head does not draft it", func(w *customerWorld) error {
			_, err := w.h.Training.DraftTrainingPlan(ctx, trainingOther, trainingPlan)
			return err
		}, domain.ErrForbidden},
		{"leadership approves only a reviewed plan (§3.5-plan-approval)", func(w *customerWorld) error {
			if _, err := w.h.Training.DraftTrainingPlan(ctx, trainingHR, trainingPlan); err != nil {
				return err
			}
			_, err := w.h.Training.ApproveTrainingPlan(ctx, trainingLeader, commands.ApproveTrainingPlan{PlanID: "tp-1"})
			return err
		}, training.ErrNotReviewed},
		{"HR does not review the plan (§3.5-plan-approval)", func(w *customerWorld) error {
			if _, err := w.h.Training.DraftTrainingPlan(ctx, trainingHR, trainingPlan); err != nil {
				return err
			}
			_, err := w.h.Training.ReviewTrainingPlan(ctx, trainingHR, commands.ReviewTrainingPlan{PlanID: "tp-1", Passed: true})
			return err
		}, domain.ErrForbidden},
		{"no session before the plan is approved (§3.5-plan-first)", func(w *customerWorld) error {
			if _, err := w.h.Training.DraftTrainingPlan(ctx, trainingHead, trainingPlan); err != nil {
				return err
			}
			_, err := w.h.Training.ScheduleTrainingSession(ctx, trainingHead, trainingSession)
			return err
		}, training.ErrPlanNotApproved},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.run(trainingWorld(t)); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestTraining_SessionToCertificate(t *testing.T) {
	ctx := context.Background()
	w := trainingWorld(t)
	w.approvedTrainingPlan()
	short := trainingSession
	short.Details.DurationMinutes = 59
	if _, err := w.h.Training.ScheduleTrainingSession(ctx, trainingHead, short); !errors.Is(err, training.ErrTooShort) {
		t.Fatalf("a 59-minute session: err = %v, want %v (§5.19)", err, training.ErrTooShort)
	}
	if _, err := w.h.Training.ScheduleTrainingSession(ctx, trainingHead, trainingSession); err != nil {
		t.Fatalf("a 60-minute session: %v", err)
	}
	// 23:30 on 1 March company time is 15:30 UTC that day: March's session.
	held := commands.RecordTrainingSessionHeld{SessionID: "ts-1", HeldAt: time.Date(2026, 3, 1, 15, 30, 0, 0, time.UTC),
		DurationMinutes: 75, Attendees: []string{"rep-1"}}
	if _, err := w.h.Training.RecordTrainingSessionHeld(ctx, trainingOther, held); !errors.Is(err, domain.ErrForbidden) {
		t.Fatalf("another department's head records the session: err = %v, want forbidden", err)
	}
	if _, err := w.h.Training.RecordTrainingSessionHeld(ctx, trainingHead, held); err != nil {
		t.Fatalf("RecordTrainingSessionHeld: %v", err)
	}
	got, _ := w.read(training.SessionStream("ts-1"))
	if h, ok := got[1].(training.SessionHeld); !ok || h.Month != "2026-03" || !h.Counts {
		t.Fatalf("held = %+v, want March, counted", got[1])
	}
	score := 80
	if _, err := w.h.Training.EvaluateTraining(ctx, trainingHead, commands.EvaluateTraining{SessionID: "ts-1",
		Evaluation: training.Evaluation{EmployeeID: "rep-1", Method: training.MethodExam, Score: &score}}); err != nil {
		t.Fatalf("EvaluateTraining: %v", err)
	}
	reward := domain.Yuan(300)
	award := commands.AwardTrainingCertificate{SessionID: "ts-1", Certificate: training.Certificate{EmployeeID: "rep-1",
		CertificateID: "cert-1", Name: "Margin quoting", Reward: &reward}}
	if _, err := w.h.Training.AwardTrainingCertificate(ctx, trainingRep, award); !errors.Is(err, domain.ErrForbidden) {
		t.Fatalf("a rep awards a certificate: err = %v, want forbidden", err)
	}
	if _, err := w.h.Training.AwardTrainingCertificate(ctx, trainingHR, award); err != nil {
		t.Fatalf("AwardTrainingCertificate: %v", err)
	}
	t.Run("the certificate's reward is on the employee file, in the reward catalogue's type (§3.5-certificate)", func(t *testing.T) {
		file, _ := w.read(employee.Stream("rep-1"))
		r, ok := file[len(file)-1].(employee.Rewarded)
		if !ok || r.Type != "QUALIFICATION_ACHIEVED" || r.Amount == nil || !r.Amount.Equal(reward) || r.RewardID != "certificate-cert-1" {
			t.Fatalf("last event on the file = %+v, want the certificate's reward", file[len(file)-1])
		}
	})
	t.Run("awarding it again records nothing", func(t *testing.T) {
		before, _ := w.read(employee.Stream("rep-1"))
		if _, err := w.h.Training.AwardTrainingCertificate(ctx, trainingHR, award); err != nil {
			t.Fatalf("again: %v", err)
		}
		after, _ := w.read(employee.Stream("rep-1"))
		if len(after) != len(before) {
			t.Fatalf("the file grew from %d to %d events", len(before), len(after))
		}
	})
}
