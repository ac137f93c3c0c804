package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/workplan"
)

// WorkPlans handles the commands on the employees' monthly and weekly
// work plans (§3.2, WP1, WP2).
type WorkPlans struct {
	plans      repository[workplan.WorkPlan]
	employees  repository[employee.Employee]
	regulation regulation[employee.Regulation]
	now        func() time.Time
}

func newWorkPlans(log *eventLog, versions *domain.RegulationVersions[employee.Regulation]) *WorkPlans {
	return &WorkPlans{
		plans:      newRepository(log, workplan.WorkPlan.Evolve, "work plan"),
		employees:  log.employees,
		regulation: newRegulation(employeeRegulation, versions, employee.DefaultRegulation),
		now:        log.now,
	}
}

// SubmitWorkPlan submits (or, after a return, resubmits) an employee's
// plan of a month or a week.
type SubmitWorkPlan struct {
	EmployeeID  string
	Period      workplan.Period
	PeriodStart time.Time
	Content     string
}

// SubmitWorkPlan records workplan.Submitted on the plan of the employee
// and period, filed by the sales employee themself (WP1), for the org
// unit their file names, due under the company calendar of the employee
// regulation in force (WP1-due).
func (h *WorkPlans) SubmitWorkPlan(ctx context.Context, m Meta, cmd SubmitWorkPlan) (Result, error) {
	role, err := authorizeSelf(m, "SubmitWorkPlan", cmd.EmployeeID, domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	planner, _, err := h.employees.Load(ctx, employee.Stream(cmd.EmployeeID))
	if err != nil {
		return Result{}, err
	}
	if err := planner.AtWork(); err != nil {
		return Result{}, err
	}
	reg, version := h.regulation.at(m.businessTime(h.now))
	draft := workplan.Draft{EmployeeID: cmd.EmployeeID, OrgUnitID: planner.OrgUnitID, Period: cmd.Period, PeriodStart: cmd.PeriodStart, Content: cmd.Content}
	return h.onPlan(ctx, m, workplan.PlanID(cmd.EmployeeID, cmd.Period, cmd.PeriodStart), role, version, func(w workplan.WorkPlan) ([]domain.Event, error) {
		return w.Submit(draft, reg.Location(), h.now())
	})
}

// ApproveWorkPlan records the department head's approval of a plan.
type ApproveWorkPlan struct {
	PlanID  string
	Comment string
}

// ApproveWorkPlan records workplan.Approved (WP2): the head of the plan's
// org unit approves it.
func (h *WorkPlans) ApproveWorkPlan(ctx context.Context, m Meta, cmd ApproveWorkPlan) (Result, error) {
	role, err := authorize(m, "ApproveWorkPlan", domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	return h.onPlan(ctx, m, cmd.PlanID, role, "", func(w workplan.WorkPlan) ([]domain.Event, error) {
		return w.Approve(m.Actor.EmployeeID, role, cmd.Comment, h.now())
	})
}

// ReturnWorkPlan returns a plan for rework, saying why.
type ReturnWorkPlan struct {
	PlanID string
	Reason string
}

// ReturnWorkPlan records workplan.Returned (WP2).
func (h *WorkPlans) ReturnWorkPlan(ctx context.Context, m Meta, cmd ReturnWorkPlan) (Result, error) {
	role, err := authorize(m, "ReturnWorkPlan", domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	return h.onPlan(ctx, m, cmd.PlanID, role, "", func(w workplan.WorkPlan) ([]domain.Event, error) {
		return w.Return(m.Actor.EmployeeID, role, cmd.Reason, h.now())
	})
}

// onPlan runs a plan decision, refusing first a department head of
// another org unit than the plan's (§2-issuer-scope).
func (h *WorkPlans) onPlan(ctx context.Context, m Meta, id string, role domain.Role, version string, decide func(workplan.WorkPlan) ([]domain.Event, error)) (Result, error) {
	return h.plans.Update(ctx, m, decision[workplan.WorkPlan]{
		stream:     workplan.Stream(id),
		role:       role,
		regulation: version,
		decide: func(w workplan.WorkPlan) ([]domain.Event, error) {
			if w.Exists() {
				if err := headsUnit(m, role, w.OrgUnitID); err != nil {
					return nil, err
				}
			}
			return decide(w)
		},
	})
}
