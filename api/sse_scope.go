package api

import (
	"slices"
	"strings"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/expense"
	"github.com/opsledger/opsledger/domain/meeting"
	"github.com/opsledger/opsledger/domain/regulation"
	"github.com/opsledger/opsledger/domain/research"
	"github.com/opsledger/opsledger/domain/stock"
	sv "github.com/opsledger/opsledger/domain/supervision"
	"github.com/opsledger/opsledger/domain/training"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
)

// Who is told of which event on the live stream (rule D-sse-scope). The
// stream carries the envelope of an event (type, aggregate, position,
// who, when, under which org unit), never its body: what a change was is
// read from the API, which applies its own rules (personal data, record
// visibility). Still, that a change happened is information, so:
//
//   - an aggregate type's events reach only the roles that read its list
//     (the same role lists as the queries);
//   - company-wide readers among them see every such event;
//   - a caller who reads it only as a department manager (DEPT_HEAD,
//     DEPUTY_HEAD, BRANCH_MANAGER, TEAM_SUPERVISOR) sees the events
//     recorded under their own org unit;
//   - a caller who reads it only as a rep or assistant sees the events
//     they recorded themselves (or that were recorded on their behalf);
//   - every employee sees the events of their own employee record.
//
// Events of streams that are no aggregate's (system streams) reach no one.

// eventAggregate is one aggregate type the stream tells of: its stream
// prefix, the API path its resources live under, and who reads its list.
type eventAggregate struct {
	Name    string
	Prefix  string
	Path    string
	Readers []domain.Role
}

// eventAggregates lists the aggregate types of the stream.
var eventAggregates = []eventAggregate{
	{"complaint", "complaint-", "/complaints/", queries.ComplaintReaders},
	{"contract", "contract-", "/contracts/", queries.SalesCycleReaders},
	{"customer", "customer-", "/customers/", queries.SalesCycleReaders},
	{"employee", "employee-", "/employees/", []domain.Role{domain.RoleHR, domain.RoleGM, domain.RoleDeptHead}},
	{"order", "order-", "/orders/", queries.OrderReaders},
	{"quotation", "quotation-", "/quotations/", queries.SalesCycleReaders},
	{"salesplan", "salesplan-", "/sales-plans/", append(slices.Clone(queries.SalesTargetManagers), domain.RoleSalesRep)},
	// the managers who act on plans; the admin office and the auditors read the lists only
	{"workplan", "workplan-", "/work-plans/", []domain.Role{domain.RoleGM, domain.RoleDeputyGM, domain.RoleGMOffice, domain.RoleLeadership, domain.RoleHR, domain.RoleDeptHead}},
	{"rectification", "rectification-", "/rectification-notices/", queries.SupervisionReaders},
	// the aggregates added since (rule D-sse-scope-all): each reaches the
	// roles its list or record is read by; a manager among them sees their
	// own org unit's, as above
	{"expense", expense.Stream(""), "/expense-claims/", slices.Concat(queries.ExpenseReaders, queries.ExpenseManagers)},
	{"meeting", meeting.Stream(""), "/meetings/", queries.MeetingReaders},
	{"research", research.Stream(""), "/research-projects/", queries.ResearchReaders},
	{"spotcheck", sv.SpotCheckStream(""), "/spot-checks/", queries.SupervisionReaders},
	{"processeval", sv.EvaluationStream(""), "/process-evaluations/", queries.SupervisionReaders},
	{"analysisreport", sv.ReportStream(""), "/analysis-reports/", queries.SupervisionReaders},
	{"trainingplan", training.PlanStream(""), "/training-plans/", slices.Concat(queries.TrainingReaders, queries.TrainingManagers)},
	{"trainingsession", training.SessionStream(""), "/training-sessions/", slices.Concat(queries.TrainingReaders, queries.TrainingManagers)},
	{"stock", stock.ItemStreamPrefix, "/stock/", queries.StockReaders},
	{"stocktransfer", stock.TransferStream(""), "/stock-transfers/", queries.StockReaders},
	{"replenishment", stock.ReplenishmentStream(""), "/replenishment-requests/", queries.StockReaders},
	{"materialsrequest", stock.MaterialsStream(""), "/materials-requests/", queries.StockReaders},
	// a pay statement's stream is pay-<employee>-<month>; its resource is
	// the employee's statements
	{"pay", "pay-", "/pay/statements/", slices.Concat(queries.PayReaders, payManagers)},
	{"customerportfolio", employee.PortfolioStream(""), "/employees/", queries.SalesCycleReaders},
	// regulations: who adopts a version and the auditing roles
	{"regulation", regulation.Stream(""), "/regulations/", slices.Concat([]domain.Role{domain.RoleGM, domain.RoleLeadership}, queries.AuditReaders)},
}

func aggregateNames() []string {
	out := make([]string, len(eventAggregates))
	for i, a := range eventAggregates {
		out[i] = a.Name
	}
	return out
}

// aggregateOf finds the aggregate type of a stream.
func aggregateOf(stream string) (eventAggregate, string, bool) {
	for _, a := range eventAggregates {
		if id, ok := strings.CutPrefix(stream, a.Prefix); ok {
			return a, id, true
		}
	}
	return eventAggregate{}, "", false
}

// eventScope is how much of an aggregate type's events a caller sees.
type eventScope int

const (
	scopeNone eventScope = iota
	scopeOwn
	scopeDepartment
	scopeAll
)

var (
	departmentRoles = []domain.Role{domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleBranchManager, domain.RoleTeamSupervisor}
	ownRecordRoles  = []domain.Role{domain.RoleSalesRep, domain.RoleSalesAssistant}
)

// scopeOf is the widest scope any of actor's roles gives on a.
func scopeOf(actor domain.Actor, a eventAggregate) eventScope {
	best := scopeNone
	for _, r := range actor.Roles {
		if !slices.Contains(a.Readers, r) {
			continue
		}
		switch {
		case slices.Contains(departmentRoles, r):
			best = max(best, scopeDepartment)
		case slices.Contains(ownRecordRoles, r):
			best = max(best, scopeOwn)
		default:
			return scopeAll
		}
	}
	return best
}

// mayReceive applies rule D-sse-scope to one event.
func mayReceive(actor domain.Actor, e eventstore.Recorded) bool {
	a, id, ok := aggregateOf(e.Stream)
	if !ok {
		return false
	}
	if a.Name == "employee" && id == actor.EmployeeID {
		return true
	}
	switch scopeOf(actor, a) {
	case scopeAll:
		return true
	case scopeDepartment:
		return actor.OrgUnitID != "" && e.Metadata.ActorOrgUnitID == actor.OrgUnitID
	case scopeOwn:
		return e.Metadata.ActorID == actor.EmployeeID || e.Metadata.OnBehalfOf == actor.EmployeeID
	}
	return false
}

// mayFollowAny reports whether actor sees any event at all beyond their
// own employee record: a token with no reading role gets 403.
func mayFollowAny(actor domain.Actor, aggregates []eventAggregate) bool {
	for _, a := range aggregates {
		if scopeOf(actor, a) != scopeNone {
			return true
		}
	}
	return false
}

// mayFilterOrgUnit reports whether actor may ask for the events of org
// unit unit: company-wide readers of one of the aggregates may ask for
// any, everyone else only for their own.
func mayFilterOrgUnit(actor domain.Actor, aggregates []eventAggregate, unit string) bool {
	if unit == actor.OrgUnitID {
		return true
	}
	for _, a := range aggregates {
		if scopeOf(actor, a) == scopeAll {
			return true
		}
	}
	return false
}
