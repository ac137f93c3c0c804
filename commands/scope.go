package commands

import (
	"slices"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
)

// The scope checks of §2-issuer-scope: a role the issuer table narrows to
// the aggregate's unit or owner is checked as soon as the aggregate is
// loaded, before any decision about its state, so a refused actor learns
// nothing of the state (403 before 404/409/422). An aggregate that does
// not exist is left to the decision (not found).

// ErrOtherUnitHead refuses a department head outside the aggregate's unit.
var ErrOtherUnitHead = domain.Forbidden("a department head acts only in their own org unit")

// headsUnit refuses the actor, acting as role, when role is DEPT_HEAD and
// the actor does not head unit. A head without an org unit heads none.
func headsUnit(m Meta, role domain.Role, unit string) error {
	if role != domain.RoleDeptHead {
		return nil
	}
	return inUnit(m, unit, ErrOtherUnitHead)
}

// inUnit refuses the actor with refusal unless they belong to unit.
func inUnit(m Meta, unit string, refusal error) error {
	if m.Actor.OrgUnitID == "" || m.Actor.OrgUnitID != unit {
		return refusal
	}
	return nil
}

// customerScope checks a customer command's scope: a sales rep acts only
// on a customer they own and a department head only in its unit.
func customerScope(c customer.Customer, m Meta, role domain.Role) error {
	if !c.Exists() {
		return nil
	}
	if role == domain.RoleSalesRep && m.Actor.EmployeeID != c.OwnerRepID {
		return customer.ErrNotOwner
	}
	return headsUnit(m, role, c.OrgUnitID)
}

// customerServedScope is customerScope for the service commands a rep
// may issue for any customer they serve: one they own or of their unit.
func customerServedScope(c customer.Customer, m Meta, role domain.Role) error {
	if !c.Exists() {
		return nil
	}
	if role == domain.RoleSalesRep {
		return c.ServedBy(m.Actor.EmployeeID, m.Actor.OrgUnitID)
	}
	return headsUnit(m, role, c.OrgUnitID)
}

// scopedCustomer wraps decide with check, run on the loaded customer first.
func scopedCustomer(m Meta, role domain.Role, check func(customer.Customer, Meta, domain.Role) error,
	decide func(customer.Customer) ([]domain.Event, error)) func(customer.Customer) ([]domain.Event, error) {
	return func(c customer.Customer) ([]domain.Event, error) {
		if err := check(c, m, role); err != nil {
			return nil, err
		}
		return decide(c)
	}
}

// ErrNotDrafter refuses a change of a draft by anyone but its drafter.
var ErrNotDrafter = domain.Forbidden("only the drafter may change a draft")

// paperUnderWork is the text a contract command works on: the amendment
// under way on a signed contract, otherwise the contract's own paper.
func paperUnderWork(ct contract.Contract) contract.Paper {
	if ct.Amendment != nil && ct.IsSigned() {
		return *ct.Amendment
	}
	return ct.Paper
}

// contractHeadScope refuses a department head who does not head the unit
// of the drafter of the paper under review (§1.5, §2.2.4).
func contractHeadScope(ct contract.Contract, m Meta, role domain.Role) error {
	if !ct.Exists() {
		return nil
	}
	return headsUnit(m, role, paperUnderWork(ct).DrafterOrgUnitID)
}

// contractDrafterScope refuses anyone but the drafter of the paper under
// work.
func contractDrafterScope(ct contract.Contract, m Meta) error {
	if ct.Exists() && paperUnderWork(ct).DrafterID != m.Actor.EmployeeID {
		return ErrNotDrafter
	}
	return nil
}

// ErrNotHandlingDepartment refuses a complaint handler of another
// department than the one the complaint was routed to.
var ErrNotHandlingDepartment = domain.Forbidden("only the department the complaint was routed to handles it")

// complaintManagement takes up complaints escalated beyond a department's
// authority, whatever department handles them (§3.7-escalation).
var complaintManagement = []domain.Role{domain.RoleGM, domain.RoleDeputyGM, domain.RoleGMOffice}

// complaintHandlerScope refuses a handler acting as role outside the
// department complaint c was routed to (§3.7: progress and resolution come
// from the handling department). Management acts on every complaint, and
// customer service too when serviceWide: it runs the complaint process.
func complaintHandlerScope(c complaint.Complaint, m Meta, role domain.Role, serviceWide bool) error {
	if c.Status == complaint.StatusNone || slices.Contains(complaintManagement, role) || (serviceWide && role == domain.RoleCustomerService) {
		return nil
	}
	return inUnit(m, c.DepartmentID, ErrNotHandlingDepartment)
}
