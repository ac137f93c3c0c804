package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/salesplan"
)

// SalesPlans handles the commands on annual sales plans, under the sales
// target and commission regulation in force.
type SalesPlans struct {
	plans      repository[salesplan.SalesPlan]
	regulation regulation[salesplan.Regulation]
	now        func() time.Time
}

func newSalesPlans(log *eventLog, versions *domain.RegulationVersions[salesplan.Regulation]) *SalesPlans {
	return &SalesPlans{
		plans:      newRepository(log, salesplan.SalesPlan.Evolve, "sales plan"),
		regulation: newRegulation(salesPlanRegulation, versions, salesplan.DefaultRegulation),
		now:        log.now,
	}
}

// DraftSalesPlan drafts (or reworks) an org unit's annual sales plan.
type DraftSalesPlan struct {
	PlanID  string
	Details salesplan.Details
}

// DraftSalesPlan records salesplan.Drafted; the sales-management group or
// the department head prepares the plan (§5.14-approval).
func (h *SalesPlans) DraftSalesPlan(ctx context.Context, m Meta, cmd DraftSalesPlan) (Result, error) {
	role, err := authorize(m, "DraftSalesPlan", domain.RoleSalesMgmt, domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	if role == domain.RoleDeptHead && cmd.Details.OrgUnitID != "" { // an empty unit is the decision's invalid field
		if err := inUnit(m, cmd.Details.OrgUnitID, ErrOtherUnitPlan); err != nil {
			return Result{}, err
		}
	}
	return h.onSalesPlan(ctx, m, cmd.PlanID, role, func(sp salesplan.SalesPlan, _ salesplan.Regulation, now time.Time) ([]domain.Event, error) {
		return sp.Draft(cmd.PlanID, cmd.Details, m.Actor.EmployeeID, now)
	})
}

// ReviewSalesPlan records the department head's review of a draft.
type ReviewSalesPlan struct {
	PlanID  string
	Passed  bool
	Comment string
}

// ReviewSalesPlan records salesplan.Reviewed.
func (h *SalesPlans) ReviewSalesPlan(ctx context.Context, m Meta, cmd ReviewSalesPlan) (Result, error) {
	role, err := authorize(m, "ReviewSalesPlan", domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	return h.onSalesPlan(ctx, m, cmd.PlanID, role, func(sp salesplan.SalesPlan, _ salesplan.Regulation, now time.Time) ([]domain.Event, error) {
		return sp.Review(m.Actor.EmployeeID, role, cmd.Passed, cmd.Comment, now)
	})
}

// ApproveSalesPlan records company leadership's approval.
type ApproveSalesPlan struct {
	PlanID  string
	Comment string
}

// ApproveSalesPlan records salesplan.Approved for a reviewed plan.
func (h *SalesPlans) ApproveSalesPlan(ctx context.Context, m Meta, cmd ApproveSalesPlan) (Result, error) {
	role, err := authorize(m, "ApproveSalesPlan", domain.RoleLeadership)
	if err != nil {
		return Result{}, err
	}
	return h.onSalesPlan(ctx, m, cmd.PlanID, role, func(sp salesplan.SalesPlan, _ salesplan.Regulation, now time.Time) ([]domain.Event, error) {
		return sp.Approve(m.Actor.EmployeeID, role, cmd.Comment, now)
	})
}

// DecomposeSalesPlan decomposes an approved plan into quarterly and
// monthly targets for the org unit, its teams and its people.
type DecomposeSalesPlan struct {
	PlanID  string
	Targets []salesplan.Allocation
}

// DecomposeSalesPlan records salesplan.Decomposed and one
// salesplan.TargetAllocated per target; the department head decomposes
// sales tasks (§5.14-decomposition), with the sales-management group.
func (h *SalesPlans) DecomposeSalesPlan(ctx context.Context, m Meta, cmd DecomposeSalesPlan) (Result, error) {
	role, err := authorize(m, "DecomposeSalesPlan", domain.RoleDeptHead, domain.RoleSalesMgmt)
	if err != nil {
		return Result{}, err
	}
	return h.onSalesPlan(ctx, m, cmd.PlanID, role, func(sp salesplan.SalesPlan, p salesplan.Regulation, now time.Time) ([]domain.Event, error) {
		return sp.Decompose(cmd.Targets, m.Actor.EmployeeID, p, now)
	})
}

// ActivateSalesPlan puts a fully decomposed plan into force.
type ActivateSalesPlan struct {
	PlanID string
}

// ActivateSalesPlan records salesplan.Activated.
func (h *SalesPlans) ActivateSalesPlan(ctx context.Context, m Meta, cmd ActivateSalesPlan) (Result, error) {
	role, err := authorize(m, "ActivateSalesPlan", domain.RoleDeptHead, domain.RoleSalesMgmt)
	if err != nil {
		return Result{}, err
	}
	return h.onSalesPlan(ctx, m, cmd.PlanID, role, func(sp salesplan.SalesPlan, p salesplan.Regulation, now time.Time) ([]domain.Event, error) {
		return sp.Activate(m.Actor.EmployeeID, p, now)
	})
}

// ReviseSalesTargets re-allocates targets of an active plan, keeping
// every sum.
type ReviseSalesTargets struct {
	PlanID  string
	Changes []salesplan.Allocation
	Reason  string
}

// ReviseSalesTargets records one salesplan.TargetRevised per change.
func (h *SalesPlans) ReviseSalesTargets(ctx context.Context, m Meta, cmd ReviseSalesTargets) (Result, error) {
	role, err := authorize(m, "ReviseSalesTargets", domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	return h.onSalesPlan(ctx, m, cmd.PlanID, role, func(sp salesplan.SalesPlan, p salesplan.Regulation, now time.Time) ([]domain.Event, error) {
		return sp.Revise(cmd.Changes, cmd.Reason, m.Actor.EmployeeID, p, now)
	})
}

// CloseSalesPlan ends an active plan.
type CloseSalesPlan struct {
	PlanID string
	Reason string
}

// CloseSalesPlan records salesplan.Closed.
func (h *SalesPlans) CloseSalesPlan(ctx context.Context, m Meta, cmd CloseSalesPlan) (Result, error) {
	role, err := authorize(m, "CloseSalesPlan", domain.RoleDeptHead, domain.RoleLeadership)
	if err != nil {
		return Result{}, err
	}
	return h.onSalesPlan(ctx, m, cmd.PlanID, role, func(sp salesplan.SalesPlan, _ salesplan.Regulation, now time.Time) ([]domain.Event, error) {
		return sp.Close(cmd.Reason, m.Actor.EmployeeID, now)
	})
}

// ErrOtherUnitPlan refuses a department head's work on another org unit's plan.
var ErrOtherUnitPlan = domain.Forbidden("a department head prepares, reviews and decomposes only their own org unit's sales plan")

// salesPlanScope refuses a department head acting on another org unit's
// plan (§1.6 annual sales plan: reviewed by the department manager).
// The sales-management group prepares and decomposes the plans of every
// unit (it "decomposes targets and assigns them to salespeople", §1.4;
// Appendix A leaves the owner unit configurable), and leadership approves
// and closes every unit's plan.
func salesPlanScope(sp salesplan.SalesPlan, m Meta, role domain.Role) error {
	if sp.Status == salesplan.StatusNone || role != domain.RoleDeptHead {
		return nil
	}
	return inUnit(m, sp.Details.OrgUnitID, ErrOtherUnitPlan)
}

// onSalesPlan runs a plan decision under the sales plan regulation in force
// at its business time, recording its version.
func (h *SalesPlans) onSalesPlan(ctx context.Context, m Meta, id string, role domain.Role, decide func(salesplan.SalesPlan, salesplan.Regulation, time.Time) ([]domain.Event, error)) (Result, error) {
	now := h.now()
	reg, version := h.regulation.at(m.businessTime(h.now))
	return h.plans.Update(ctx, m, decision[salesplan.SalesPlan]{
		stream:     salesplan.Stream(id),
		role:       role,
		regulation: version,
		decide: func(sp salesplan.SalesPlan) ([]domain.Event, error) {
			if err := salesPlanScope(sp, m, role); err != nil {
				return nil, err
			}
			return decide(sp, reg, now)
		},
	})
}
