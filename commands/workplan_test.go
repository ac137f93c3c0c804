package commands_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/workplan"
	"github.com/opsledger/opsledger/eventstore"
)

// The work plan world: e-1 of "sales" at work since employeeT0 (Monday 5
// January 2026), planning February.
var (
	feb1       = time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	febPlanID  = workplan.PlanID("e-1", workplan.PeriodMonthly, feb1)
	febPlan    = commands.SubmitWorkPlan{EmployeeID: "e-1", Period: workplan.PeriodMonthly, PeriodStart: feb1, Content: "visit ten customers"}
	otherHead  = inOrgUnit(employeeMeta("dh-2", domain.RoleDeptHead), "service")
	otherRep   = employeeMeta("e-2", domain.RoleSalesRep)
	headNoUnit = employeeMeta("dh-3", domain.RoleDeptHead)
)

func TestWorkPlans_SubmitApproveReturn(t *testing.T) {
	ctx := context.Background()
	w := newEmployeeWorld(t).onProbation()
	w.now = time.Date(2026, 1, 30, 2, 0, 0, 0, time.UTC)

	// Given the rep's February plan submitted, returned and resubmitted
	w.ok(w.h.WorkPlans.SubmitWorkPlan(ctx, employeeRep, febPlan))
	w.ok(w.h.WorkPlans.ReturnWorkPlan(ctx, employeeHead, commands.ReturnWorkPlan{PlanID: febPlanID, Reason: "name the customers"}))
	again := febPlan
	again.Content = "visit c-1 … c-10"
	w.ok(w.h.WorkPlans.SubmitWorkPlan(ctx, employeeRep, again))

	// When the head of the rep's unit approves it
	w.ok(w.h.WorkPlans.ApproveWorkPlan(ctx, employeeHead, commands.ApproveWorkPlan{PlanID: febPlanID, Comment: "good"}))

	// Then the plan's stream holds the chain, recorded for the rep's unit
	got, ok, err := loadPlan(t, w)
	if err != nil || !ok || got.Status != workplan.StatusApproved || got.OrgUnitID != "sales" || got.Revision != 2 {
		t.Fatalf("plan = %+v (%v, %v), want approved, of sales, revision 2", got, ok, err)
	}
	if n := countIn(t, w.store, workplan.Stream(febPlanID), "workplan.submitted"); n != 2 {
		t.Errorf("submissions = %d, want 2", n)
	}
}

func loadPlan(t *testing.T, w *employeeWorld) (workplan.WorkPlan, bool, error) {
	t.Helper()
	recs := readAll(t, w, workplan.Stream(febPlanID))
	var events []domain.Event
	for _, r := range recs {
		e, err := commands.Codec().Decode(r.Type, r.SchemaVersion, r.Data)
		if err != nil {
			return workplan.WorkPlan{}, false, err
		}
		events = append(events, e)
	}
	return domain.Fold(workplan.WorkPlan.Evolve, events...), len(events) > 0, nil
}

func TestWorkPlans_issuers(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		run  func(w *employeeWorld) error
		want error
	}{
		{"a rep submits only their own plan (WP1)", func(w *employeeWorld) error {
			_, err := w.h.WorkPlans.SubmitWorkPlan(ctx, otherRep, febPlan)
			return err
		}, domain.ErrForbidden},
		{"a department head does not submit a rep's plan (WP1)", func(w *employeeWorld) error {
			_, err := w.h.WorkPlans.SubmitWorkPlan(ctx, employeeHead, febPlan)
			return err
		}, domain.ErrForbidden},
		{"a plan of an employee not at work is refused", func(w *employeeWorld) error {
			m := employeeMeta("e-9", domain.RoleSalesRep)
			plan := febPlan
			plan.EmployeeID = "e-9"
			_, err := w.h.WorkPlans.SubmitWorkPlan(ctx, m, plan)
			return err
		}, employee.ErrNotFound},
		{"a head of another unit does not approve (§2-issuer-scope)", func(w *employeeWorld) error {
			w.ok(w.h.WorkPlans.SubmitWorkPlan(ctx, employeeRep, febPlan))
			_, err := w.h.WorkPlans.ApproveWorkPlan(ctx, otherHead, commands.ApproveWorkPlan{PlanID: febPlanID})
			return err
		}, commands.ErrOtherUnitHead},
		{"a head of no unit does not return (§2-issuer-scope)", func(w *employeeWorld) error {
			w.ok(w.h.WorkPlans.SubmitWorkPlan(ctx, employeeRep, febPlan))
			_, err := w.h.WorkPlans.ReturnWorkPlan(ctx, headNoUnit, commands.ReturnWorkPlan{PlanID: febPlanID, Reason: "vague"})
			return err
		}, commands.ErrOtherUnitHead},
		{"HR does not approve plans (WP2)", func(w *employeeWorld) error {
			w.ok(w.h.WorkPlans.SubmitWorkPlan(ctx, employeeRep, febPlan))
			_, err := w.h.WorkPlans.ApproveWorkPlan(ctx, employeeHR, commands.ApproveWorkPlan{PlanID: febPlanID})
			return err
		}, domain.ErrForbidden},
		{"an approved plan is not returned (WP2)", func(w *employeeWorld) error {
			w.ok(w.h.WorkPlans.SubmitWorkPlan(ctx, employeeRep, febPlan))
			w.ok(w.h.WorkPlans.ApproveWorkPlan(ctx, employeeHead, commands.ApproveWorkPlan{PlanID: febPlanID}))
			_, err := w.h.WorkPlans.ReturnWorkPlan(ctx, employeeHead, commands.ReturnWorkPlan{PlanID: febPlanID, Reason: "late"})
			return err
		}, workplan.ErrFinal},
		{"a plan not submitted is not found", func(w *employeeWorld) error {
			_, err := w.h.WorkPlans.ApproveWorkPlan(ctx, employeeHead, commands.ApproveWorkPlan{PlanID: febPlanID})
			return err
		}, workplan.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newEmployeeWorld(t).onProbation()
			w.now = time.Date(2026, 1, 30, 2, 0, 0, 0, time.UTC)
			if err := tt.run(w); !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want %v", err, tt.want)
			}
		})
	}
}

func readAll(t *testing.T, w *employeeWorld, stream string) []eventstore.Recorded {
	t.Helper()
	recs, err := w.store.ReadStream(context.Background(), stream, eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatalf("ReadStream() error = %v", err)
	}
	return recs
}
