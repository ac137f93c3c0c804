package commands_test

import (
	"context"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/eventstore"
)

// A department head trains, approves the trips of, rejects the
// reports of, sets improvement plans and base salaries for only the
// employees of their own unit (§1.5, §1.6: "the department manager"); the
// refusal comes before the employee's state is looked at.
func TestEmployeeCommands_issuerScope(t *testing.T) {
	ctx := context.Background()
	farHead := headOf("head-9", "north")
	forbidden := domain.ErrForbidden
	regular := func(t *testing.T) *employeeWorld { return newEmployeeWorld(t).regular() }
	do := func(f func(*employeeWorld, commands.Meta) (commands.Result, error)) func(*employeeWorld, commands.Meta) error {
		return func(w *employeeWorld, m commands.Meta) error { _, err := f(w, m); return err }
	}
	salary := do(func(w *employeeWorld, m commands.Meta) (commands.Result, error) {
		return w.h.Employees.SetBaseSalary(ctx, m, commands.SetBaseSalary{EmployeeID: "e-1", Amount: domain.Yuan(6000)})
	})
	// given e-1, a regular employee of unit sales
	checkScope(t, regular, func(w *employeeWorld) eventstore.Store { return w.store }, employee.Stream("e-1"), []scopeCase[*employeeWorld]{
		{name: "another unit's head records no training", meta: farHead, wantErr: forbidden,
			run: do(func(w *employeeWorld, m commands.Meta) (commands.Result, error) {
				return w.h.Employees.RecordPreJobTraining(ctx, m, commands.RecordPreJobTraining{EmployeeID: "e-1", Passed: true})
			})},
		{name: "another unit's head approves no trip", meta: farHead, wantErr: forbidden,
			run: do(func(w *employeeWorld, m commands.Meta) (commands.Result, error) {
				return w.h.Employees.ApproveBusinessTrip(ctx, m, commands.ApproveBusinessTrip{EmployeeID: "e-1", TripID: "tr-1"})
			})},
		{name: "another unit's head rejects no report", meta: farHead, wantErr: forbidden,
			run: do(func(w *employeeWorld, m commands.Meta) (commands.Result, error) {
				return w.h.Employees.RejectWorkReport(ctx, m, commands.RejectWorkReport{EmployeeID: "e-1", ReportID: "wr-1", Reason: "sloppy"})
			})},
		{name: "another unit's head sets no improvement plan", meta: farHead, wantErr: forbidden,
			run: do(func(w *employeeWorld, m commands.Meta) (commands.Result, error) {
				return w.h.Employees.StartImprovementPlan(ctx, m, commands.StartImprovementPlan{EmployeeID: "e-1", AppraisalID: "ap-1",
					Goals: "two customers", Deadline: employeeT0.AddDate(0, 5, 0)})
			})},
		{name: "another unit's head approves no base salary", meta: farHead, run: salary, wantErr: forbidden},
		{name: "the unit's head approves the base salary", meta: employeeHead, run: salary},
	})
}

// A department head drafts, reviews, decomposes, activates, revises and
// closes only their own org unit's sales plan (§1.6 annual sales plan);
// the sales-management group prepares every unit's plan and leadership
// approves every unit's plan.
func TestSalesPlanCommands_issuerScope(t *testing.T) {
	ctx := context.Background()
	farMgmt := inOrgUnit(salesPlanMeta("mgmt-9", domain.RoleSalesMgmt), "sales-north")
	farHead := inOrgUnit(salesPlanMeta("head-9", domain.RoleDeptHead), "sales-north")
	forbidden := domain.ErrForbidden
	store := func(w *salesPlanWorld) eventstore.Store { return w.store }
	fresh := func(t *testing.T) *salesPlanWorld { return newSalesPlanWorld(t) }
	drafted := func(t *testing.T) *salesPlanWorld {
		w := newSalesPlanWorld(t)
		w.must(w.h.SalesPlans.DraftSalesPlan(ctx, salesPlanMgmt, salesPlanDraft)) // sp-1 of sales-east
		return w
	}
	draft := func(w *salesPlanWorld, m commands.Meta) error {
		_, err := w.h.SalesPlans.DraftSalesPlan(ctx, m, salesPlanDraft)
		return err
	}
	review := func(w *salesPlanWorld, m commands.Meta) error {
		_, err := w.h.SalesPlans.ReviewSalesPlan(ctx, m, commands.ReviewSalesPlan{PlanID: "sp-1", Passed: true})
		return err
	}
	decompose := func(w *salesPlanWorld, m commands.Meta) error {
		_, err := w.h.SalesPlans.DecomposeSalesPlan(ctx, m, commands.DecomposeSalesPlan{PlanID: "sp-1", Targets: salesPlanTargets()})
		return err
	}
	t.Run("no plan yet", func(t *testing.T) {
		checkScope(t, fresh, store, salesplan.Stream("sp-1"), []scopeCase[*salesPlanWorld]{
			{name: "the unit's sales management drafts its plan", meta: salesPlanMgmt, run: draft},
			{name: "sales management of another unit drafts it", meta: farMgmt, run: draft},
			{name: "another unit's head drafts none for it", meta: farHead, run: draft, wantErr: forbidden},
		})
	})
	t.Run("drafted", func(t *testing.T) {
		checkScope(t, drafted, store, salesplan.Stream("sp-1"), []scopeCase[*salesPlanWorld]{
			{name: "the unit's head reviews", meta: salesPlanHead, run: review},
			{name: "another unit's head reviews nothing", meta: farHead, run: review, wantErr: forbidden},
			{name: "another unit's head is refused before the plan's state is checked", meta: farHead, run: decompose, wantErr: forbidden},
		})
	})
}
