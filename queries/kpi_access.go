package queries

import (
	"slices"

	"github.com/opsledger/opsledger/domain"
)

// Who reads the KPIs. Leadership (the GM, the GM's office, the deputy GM,
// leadership, the board) and the oversight roles (auditor, supervisory
// board, process supervisor) read every figure of the company; a
// department head (or deputy, or branch manager) reads their own org
// unit's; a sales rep reads their own rows. Some KPIs have readers of
// their own: finance reads receivables in full, HR the employee figures.
// Anyone else is refused.

// KPICompanyReaders read every KPI for the whole company.
var KPICompanyReaders = []domain.Role{domain.RoleGM, domain.RoleGMOffice, domain.RoleDeputyGM, domain.RoleLeadership,
	domain.RoleBoard, domain.RoleAuditor, domain.RoleSupervisorBoard, domain.RoleProcessSupervisor}

// KPIDepartmentReaders read every KPI for their own org unit.
var KPIDepartmentReaders = []domain.Role{domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleBranchManager}

// KPIScopeFor is the scope actor reads k in; orgUnit narrows it to one
// org unit (refused when it is not the caller's own and the caller does
// not read the company's).
func KPIScopeFor(actor domain.Actor, k KPIDefinition, orgUnit string) (KPIScope, error) {
	if _, ok := actor.ActingAs(append(slices.Clone(KPICompanyReaders), k.AllReaders...)...); ok {
		return KPIScope{Kind: ScopeAll, OrgUnit: orgUnit}, nil
	}
	if _, ok := actor.ActingAs(KPIDepartmentReaders...); ok && actor.OrgUnitID != "" {
		if orgUnit != "" && orgUnit != actor.OrgUnitID {
			return KPIScope{}, domain.Forbidden("a department head reads the figures of their own org unit only")
		}
		return KPIScope{Kind: ScopeDepartment, OrgUnit: actor.OrgUnitID}, nil
	}
	if actor.Has(domain.RoleSalesRep) && actor.EmployeeID != "" {
		if orgUnit != "" && orgUnit != actor.OrgUnitID {
			return KPIScope{}, domain.Forbidden("a sales rep reads their own figures only")
		}
		return KPIScope{Kind: ScopeOwn, Person: actor.EmployeeID}, nil
	}
	return KPIScope{}, domain.Forbidden("the KPIs are read by leadership, the oversight roles, department heads and sales reps (their own)")
}

// MayReadKPI reports whether actor reads k at all.
func MayReadKPI(actor domain.Actor, k KPIDefinition) bool {
	_, err := KPIScopeFor(actor, k, "")
	return err == nil
}
