package queries

import (
	"slices"
	"strings"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/meeting"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/domain/research"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/domain/stock"
	"github.com/opsledger/opsledger/domain/workplan"
)

// The values a list's filters and sorts accept, as data: the API checks a
// query against them before it runs (400 naming the parameter and these
// values) and documents them, so a client never learns them from an
// error text. The read models order by exactly the sorts listed here
// (each read model's tests check that its sort options are these).

// Sort options of each list; "-" prefixes descending.
var (
	ComplaintSorts  = []string{"received_at", "-received_at", "updated_at", "-updated_at"}
	ContractSorts   = []string{"-drafted_at", "drafted_at", "-updated_at", "-value"}
	CustomerSorts   = []string{"number", "name", "registered_at", "-updated_at"}
	EmployeeSorts   = []string{"employee_id", "-employee_id", "name", "-name", "updated_at", "-updated_at"}
	OrderSorts      = []string{"-created_at", "created_at", "-updated_at"}
	QuotationSorts  = []string{"-drafted_at", "drafted_at", "-updated_at", "margin"}
	ReceivableSorts = []string{"due_date", "-days_overdue", "-outstanding"}
	SalesPlanSorts  = []string{"-updated_at", "updated_at", "-year", "year"}
)

// Filter values taken from the domain's own types.
var (
	ComplaintStatuses = names(complaint.StatusReceived, complaint.StatusRouted, complaint.StatusInProgress,
		complaint.StatusEscalated, complaint.StatusResolutionProposed, complaint.StatusAwaitingConfirmation,
		complaint.StatusClosed, complaint.StatusReopened)
	ContractStatuses = names(contract.StatusDraft, contract.StatusRegistered, contract.StatusDeptApproved,
		contract.StatusLegalCleared, contract.StatusApproved, contract.StatusSigned, contract.StatusInExecution,
		contract.StatusCompleted, contract.StatusClosed, contract.StatusTerminated)
	CustomerStages = names(customer.StageTarget, customer.StageVisiting, customer.StageNegotiating,
		customer.StageCooperating, customer.StageParked, customer.StageAbandoned, customer.StageDormant)
	EmployeeStatuses = names(employee.StatusApplicant, employee.StatusOnboarding, employee.StatusOnProbation,
		employee.StatusRegular, employee.StatusLeaving, employee.StatusDeparted)
	AppraisalCycles = names(employee.CycleMonthly, employee.CycleQuarterly, employee.CycleAnnual)
	AppraisalGrades = names(employee.GradeExcellent, employee.GradeGood, employee.GradePass, employee.GradeFail)
	ConductKinds    = []string{ConductReward, ConductPenalty, ConductFine}
	OrderStatuses   = names(order.StatusDraft, order.StatusConfirmed, order.StatusInProduction, order.StatusReady,
		order.StatusShipmentRequested, order.StatusScheduled, order.StatusInTransit, order.StatusDelivered,
		order.StatusAccepted, order.StatusSettled, order.StatusClosed, order.StatusCancelled)
	OrderKinds        = names(order.KindGoods, order.KindProject)
	QuotationStatuses = names(quotation.StatusDraft, quotation.StatusPendingApproval, quotation.StatusApproved,
		quotation.StatusIssued, quotation.StatusAccepted, quotation.StatusRejectedByCustomer,
		quotation.StatusSuperseded, quotation.StatusExpired)
	QuotationTiers = names(quotation.TierRep, quotation.TierDeptHead, quotation.TierGMOffice, quotation.TierGM)
	// QuotationApproverRoles are the roles a tier names as its approver.
	QuotationApproverRoles = approverRoles()
	SalesPlanStatuses      = names(salesplan.StatusDraft, salesplan.StatusReviewed, salesplan.StatusApproved,
		salesplan.StatusDecomposed, salesplan.StatusActive, salesplan.StatusRevised, salesplan.StatusClosed)
	Roles = names(domain.AllRoles()...)
)

// Filter values the read side defines.
var (
	AgingBuckets    = []string{BucketPaid, BucketNotDue, Bucket0To30, Bucket31To60, Bucket61To90, BucketOver90}
	AgingGroupings  = []string{AgingByCustomer, AgingByOwner}
	Dimensions      = []string{DimensionPerson, DimensionTeam, DimensionDepartment, DimensionRegion}
	TargetPeriods   = []string{PeriodYear, PeriodQuarter, PeriodMonth}
	AggregateTypes  = aggregateTypes()
	DeadLetterOpens = []string{"true", "false"}
)

// How /receivables/aging groups its totals.
const (
	AgingByCustomer = "customer"
	AgingByOwner    = "owner"
)

// Period kinds of sales vs target.
const (
	PeriodYear    = "year"
	PeriodQuarter = "quarter"
	PeriodMonth   = "month"
)

// aggregateTypes are the audit trail's aggregate types: the prefix of each
// stream name up to its first "-", as the audit read model splits it.
// subjectStream starts the streams of data subjects' erasures
// (privacy.SubjectStreamPrefix, which the read contract may not import):
// auditors filter the trail by it.
const subjectStream = "subject-"

func aggregateTypes() []string {
	streams := []string{customer.Stream(""), customer.NumberStream(""), quotation.Stream(""), contract.Stream(""),
		order.Stream(""), employee.Stream(""), salesplan.Stream(""), complaint.Stream(""), employee.PortfolioStream(""), employee.PortfolioUpgradeStream,
		subjectStream, meeting.Stream(""), research.Stream(""),
		stock.ItemStreamPrefix, stock.TransferStream(""), stock.ReplenishmentStream(""), stock.MaterialsStream(""), workplan.Stream("")}
	out := make([]string, len(streams))
	for i, s := range streams {
		out[i], _, _ = strings.Cut(s, "-")
	}
	return out
}

func approverRoles() []string {
	var out []string
	for _, t := range QuotationTiers {
		r := string(quotation.Tier(t).ApproverRole())
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// names lists the string values of a domain enum.
func names[T ~string](vs ...T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
