package queries

import (
	"slices"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/salesplan"
)

// Who may read what. The API checks these rules before it answers a query;
// they live beside the views because they are about the views: which
// list a role may read, who sees a key contact's personal data, how an
// employee's record reads to someone who may not see it in full.

// AuditingRoles are the roles whose work is auditing (§1.2): the audit
// department, the supervisory board and the process-supervision team. They
// read every list the compliance questions rest on, read-only.
var AuditingRoles = []domain.Role{domain.RoleAuditor, domain.RoleSupervisorBoard, domain.RoleProcessSupervisor}

// AuditReaders may read the audit trail, the projections' status and
// their dead letters.
var AuditReaders = []domain.Role{domain.RoleAuditor, domain.RoleSupervisorBoard, domain.RoleProcessSupervisor,
	domain.RoleGM, domain.RoleLeadership, domain.RoleBoard}

// ExportReaders may export the event log (GET /export). An export holds
// every event's body, personal data included, exactly as the audit trail
// shows it, so the readers of the trail are the ones who may take it away
// as a file.
var ExportReaders = AuditReaders

// DeadLetterOperators may retry or skip a dead letter. That is a write (it
// changes what a read model holds), so the oversight roles among the
// AuditReaders, who see everything read-only, may not; the regulations
// name no IT role, so the GM, who answers for the company's operations,
// is the one who does.
var DeadLetterOperators = []domain.Role{domain.RoleGM}

// ComplaintReaders may read complaints: the customer-facing roles that
// take and answer them, and the managers they are routed and escalated
// to. Back-office roles a complaint is routed to (warehouse, delivery,
// finance…) work on it through its commands, not by browsing the list.
// The auditing roles read them all (A7: when a complaint was received,
// routed, answered and closed).
var ComplaintReaders = []domain.Role{
	domain.RoleCustomerService, domain.RoleSalesRep, domain.RoleSalesAssistant,
	domain.RoleTeamSupervisor, domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleBranchManager,
	domain.RoleSalesMgmt, domain.RoleGMOffice, domain.RoleDeputyGM, domain.RoleGM, domain.RoleLeadership,
	domain.RoleAuditor, domain.RoleSupervisorBoard, domain.RoleProcessSupervisor,
}

// SalesCycleReaders may read the sales cycle's files (customers, quotations,
// contracts): the customer-facing and sales roles, their managers, legal,
// finance, leadership and the auditors. Warehouse, delivery, HR and the
// like have no need to.
var SalesCycleReaders = []domain.Role{
	domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleTeamSupervisor, domain.RoleBranchManager,
	domain.RoleSalesRep, domain.RoleSalesAssistant, domain.RoleCustomerService, domain.RoleSalesMgmt,
	domain.RoleMarketResearcher, domain.RoleOpsAnalyst, domain.RoleLegal, domain.RoleFinance,
	domain.RoleGM, domain.RoleGMOffice, domain.RoleDeputyGM, domain.RoleLeadership, domain.RoleBoard,
	domain.RoleAuditor, domain.RoleSupervisorBoard, domain.RoleProcessSupervisor,
}

// PersonalDataReaders see the personal data of customer files (the
// primary contact's name and phone, key contacts' personal fields) beyond
// their own (PIPL: need to know): customer service and the GM whatever the
// file, a DEPT_HEAD only on their own department's files (§3.13: the
// department head sees the department). The owning rep sees their own.
var PersonalDataReaders = []domain.Role{domain.RoleDeptHead, domain.RoleCustomerService, domain.RoleGM}

// SeesPersonalData reports whether actor may read the personal data of
// customer file c.
func SeesPersonalData(actor domain.Actor, c CustomerView) bool {
	switch {
	case actor.Has(domain.RoleCustomerService), actor.Has(domain.RoleGM):
		return true
	case actor.Has(domain.RoleDeptHead) && actor.OrgUnitID != "" && actor.OrgUnitID == c.OrgUnitID:
		return true
	}
	return actor.Has(domain.RoleSalesRep) && c.OwnerRepID != "" && actor.EmployeeID == c.OwnerRepID
}

// RedactCustomers blanks, in place, the primary contact and phone of the
// files actor may not see the personal data of. The rows stay: whoever
// reads the sales cycle may see that a file exists (a rep checks for a
// duplicate before registering one), not whom to call there. C2 makes
// both fields present on every file, so an empty one means withheld.
func RedactCustomers(actor domain.Actor, cs []CustomerView) {
	for i := range cs {
		if !SeesPersonalData(actor, cs[i]) {
			cs[i].PrimaryContact, cs[i].Phone = "", ""
		}
	}
}

// MayReadContactLog reports whether actor may read the contact log of
// customer file c: who spoke to whom there, about what, with what
// outcome. A reader who reads the sales cycle only as a rep or assistant
// reads the log of the files they own; the managers, customer service,
// the GM and the other sales-cycle readers read every file's log.
func MayReadContactLog(actor domain.Actor, c CustomerView) bool {
	if !OwnRecordsOnly(actor) {
		return true
	}
	return actor.Has(domain.RoleSalesRep) && c.OwnerRepID != "" && actor.EmployeeID == c.OwnerRepID
}

// OrderReaders may read orders: the sales side, the fulfilment roles that
// produce, inspect, ship and deliver them, finance, management and the
// oversight roles. A reader whose only order role is SALES_REP or
// SALES_ASSISTANT sees only the orders they created or whose customer
// they own (C7: customer data is read by role and ownership).
var OrderReaders = []domain.Role{
	domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleTeamSupervisor, domain.RoleBranchManager,
	domain.RoleSalesRep, domain.RoleSalesAssistant, domain.RoleCustomerService, domain.RoleSalesMgmt,
	domain.RoleWarehouse, domain.RoleDelivery, domain.RoleQuality, domain.RoleFinance, domain.RoleClerk,
	domain.RoleOpsAnalyst, domain.RoleGM, domain.RoleGMOffice, domain.RoleDeputyGM, domain.RoleLeadership,
	domain.RoleBoard, domain.RoleAuditor, domain.RoleSupervisorBoard, domain.RoleProcessSupervisor,
}

// OrderOwnOnly reports whether actor reads orders only as a rep or
// assistant.
func OrderOwnOnly(actor domain.Actor) bool {
	for _, r := range actor.Roles {
		if r != domain.RoleSalesRep && r != domain.RoleSalesAssistant && slices.Contains(OrderReaders, r) {
			return false
		}
	}
	return true
}

// ReceivableReaders see every receivable; a sales rep sees those of their
// own customers only. The auditing roles see every one, read-only (A9
// and the collections the audit follows).
var ReceivableReaders = []domain.Role{domain.RoleFinance, domain.RoleDeptHead, domain.RoleGM, domain.RoleSalesMgmt,
	domain.RoleAuditor, domain.RoleSupervisorBoard, domain.RoleProcessSupervisor}

// SalesTargetManagers see every row of sales vs target. A SALES_REP who
// holds none of these roles sees only their own person rows: the query
// defaults to dimension=person and the rep's id, and asking for another
// dimension or another person is refused (403).
var SalesTargetManagers = []domain.Role{domain.RoleDeptHead, domain.RoleGM, domain.RoleLeadership, domain.RoleSalesMgmt}

// ScopeSalesTargets applies the read rule above to a filter.
func ScopeSalesTargets(actor domain.Actor, f SalesTargetFilter) (SalesTargetFilter, error) {
	if _, ok := actor.ActingAs(SalesTargetManagers...); ok {
		return f, nil
	}
	if !actor.Has(domain.RoleSalesRep) {
		return f, domain.Forbidden("sales vs target is visible to managers and to each rep for their own targets")
	}
	if f.Dimension == "" {
		f.Dimension = DimensionPerson
	}
	if f.Dimension != DimensionPerson || (f.ID != "" && f.ID != actor.EmployeeID) {
		return f, domain.Forbidden("a sales rep sees only their own targets: ask for dimension=person")
	}
	f.ID = actor.EmployeeID
	return f, nil
}

// OwnRecordsOnly reports whether actor reads the sales cycle only as a
// rep or assistant, and so sees only the records they drafted or own.
func OwnRecordsOnly(actor domain.Actor) bool {
	for _, r := range actor.Roles {
		if r != domain.RoleSalesRep && r != domain.RoleSalesAssistant && slices.Contains(SalesCycleReaders, r) {
			return false
		}
	}
	return true
}

// EmployeeDirectoryEntry is what a caller who may not see an employee's
// record learns of them. Restricted is always true, so a client can tell
// it from a full record.
type EmployeeDirectoryEntry struct {
	EmployeeID   string `json:"employee_id"`
	Name         string `json:"name"`
	Status       string `json:"status"`
	Role         string `json:"role,omitempty"`
	OrgUnitID    string `json:"org_unit_id,omitempty"`
	SupervisorID string `json:"supervisor_id,omitempty"`
	Version      int64  `json:"version"`
	Restricted   bool   `json:"restricted"`
}

// Who sees an employee's record. The record (appraisal grades, rewards,
// penalties, fines and their totals, probation and departure) is personal:
// HR and the GM see every record, a DEPT_HEAD the records of their own org
// unit, and every employee their own. Anyone else who holds a role gets
// the directory entry only (name, status, role, org unit, supervisor): staff
// need it to route work to colleagues, and it says nothing about pay,
// discipline or appraisal. Lists mix both, row by row, under the same rule.

// A token with no role is nobody's colleague: it routes no work, so it
// reads no directory entry (403), only its own record.

// MayReadEmployeeDirectory reports whether actor may read directory
// entries of employees whose record they may not see.
func MayReadEmployeeDirectory(actor domain.Actor) bool { return len(actor.Roles) > 0 }

// MayReadEmployeeRecord applies the rule above to one employee.
func MayReadEmployeeRecord(actor domain.Actor, v EmployeeView) bool {
	switch {
	case actor.EmployeeID != "" && actor.EmployeeID == v.EmployeeID:
		return true
	case actor.Has(domain.RoleHR), actor.Has(domain.RoleGM):
		return true
	case actor.Has(domain.RoleDeptHead):
		return actor.OrgUnitID != "" && actor.OrgUnitID == v.OrgUnitID
	}
	return false
}

// EmployeeAsSeenBy returns the full view or the directory entry.
func EmployeeAsSeenBy(actor domain.Actor, v EmployeeView) any {
	if MayReadEmployeeRecord(actor, v) {
		return v
	}
	return EmployeeDirectoryEntry{EmployeeID: v.EmployeeID, Name: v.Name, Status: v.Status, Role: v.Role,
		OrgUnitID: v.OrgUnitID, SupervisorID: v.SupervisorID, Version: v.Version, Restricted: true}
}

// Sales plans are read by the roles that read sales vs target
// (SalesTargetManagers: department heads, sales management, the GM
// and leadership, who draft, review, approve and decompose them; §3.1-read
// names no other reader). A SALES_REP who holds none of these
// roles reads the plans of their own org unit, which assign them their
// tasks, and of each plan only their own person targets, as sales vs
// target shows them only their own rows.

// SalesPlanRepOnly reports whether actor reads plans only as a rep of
// their org unit; err refuses anyone else who is no manager.
func SalesPlanRepOnly(actor domain.Actor) (repOnly bool, err error) {
	if _, ok := actor.ActingAs(SalesTargetManagers...); ok {
		return false, nil
	}
	if actor.Has(domain.RoleSalesRep) {
		return true, nil
	}
	return false, domain.Forbidden("sales plans are visible to department heads, sales management, the GM and leadership, and to reps for their own org unit")
}

// OwnTargets keeps the person targets of one employee.
func OwnTargets(ts []SalesPlanTarget, employeeID string) []SalesPlanTarget {
	var out []SalesPlanTarget
	for _, t := range ts {
		if t.Level == string(salesplan.LevelPerson) && t.AssigneeID == employeeID {
			out = append(out, t)
		}
	}
	return out
}
