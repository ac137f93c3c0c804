package api

import (
	"reflect"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/expense"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/domain/salesplan"
	sv "github.com/opsledger/opsledger/domain/supervision"
	"github.com/opsledger/opsledger/domain/training"
	"github.com/opsledger/opsledger/domain/workplan"
	"github.com/opsledger/opsledger/queries"
)

// decimalTypes encode themselves as decimal strings (MarshalJSON).
var decimalTypes = map[reflect.Type]struct{}{
	reflect.TypeFor[queries.MinorUnits](): {},
	reflect.TypeFor[domain.Percent]():     {},
}

// decimalFields are the JSON names under which a plain string field
// carries an amount that domain.ParseMoney reads (or Decimal wrote).
var decimalFields = map[string]bool{
	"amount": true, "price": true, "unit_price": true, "unit_cost": true, "target": true, "deposit_required": true,
}

// enumType is a domain enum as the document names it: one component per
// enum, its values taken from the domain's constants so they cannot drift.
// Where the read side lists an enum's values for its filters (queries),
// the document takes that same list.
type enumType struct {
	Name   string
	Values []any
}

func enum[T ~string](name string, values ...T) enumType {
	e := enumType{Name: name}
	for _, v := range values {
		e.Values = append(e.Values, string(v))
	}
	return e
}

var (
	enumComplaintChannel   = enum("ComplaintChannel", complaint.ChannelPhone, complaint.ChannelEmail, complaint.ChannelInPerson, complaint.ChannelLetter, complaint.ChannelWeb, complaint.ChannelOther)
	enumComplaintStatus    = enum("ComplaintStatus", queries.ComplaintStatuses...)
	enumDunningStep        = enum("DunningStep", contract.DunningLetter, contract.DunningVisit, contract.DunningLegalAction)
	enumExecutionIssueType = enum("ExecutionIssueType", contract.IssueRequirementChange, contract.IssueDeliveryDelay, contract.IssueQuality, contract.IssueOther)
	enumContractStatus     = enum("ContractStatus", queries.ContractStatuses...)
	enumCareType           = enum("CareType", customer.CareHolidayGreeting, customer.CareBirthdayWishes, customer.CareProductUseGuidance, customer.CarePromotionNotice)
	enumRelationshipDepth  = enum("RelationshipDepth", customer.DepthGeneral, customer.DepthDeep, customer.DepthBuilt, customer.DepthConsolidated)
	enumCustomerSource     = enum("CustomerSource", customer.SourceOnSite, customer.SourceInformationSearch, customer.SourceReferral)
	enumCustomerStage      = enum("CustomerStage", queries.CustomerStages...)
	enumVisitOutcome       = enum("VisitOutcome", customer.OutcomeContinueVisiting, customer.OutcomeKeepFollowingUp, customer.OutcomeNegotiate, customer.OutcomePark, customer.OutcomeAbandon)
	enumRole               = enum("Role", append(domain.AllRoles(), domain.RoleSystem)...) // the system also acts
	enumRoleChangeKind     = enum("RoleChangeKind", employee.Promotion, employee.Transfer, employee.Demotion)
	enumAppraisalCycle     = enum("AppraisalCycle", queries.AppraisalCycles...)
	enumDepartureType      = enum("DepartureType", employee.DepartureResign, employee.DepartureDismiss, employee.DepartureAuto, employee.DepartureAutoResign, employee.DepartureSummaryDismissal)
	enumAppraisalGrade     = enum("AppraisalGrade", queries.AppraisalGrades...)
	enumRecordKind         = enum("RecordKind", employee.RecordAppraisal, employee.RecordDisciplinary, employee.RecordReward)
	enumReportPeriod       = enum("ReportPeriod", employee.ReportDaily, employee.ReportWeekly, employee.ReportMonthly)
	enumEmployeeStatus     = enum("EmployeeStatus", queries.EmployeeStatuses...)
	enumViolation          = enum("Violation", employee.ViolationPartTimeJob, employee.ViolationSeriousDisclosure, employee.ViolationSeriousSlacking)
	enumOrderKind          = enum("OrderKind", queries.OrderKinds...)
	enumReturnKind         = enum("ReturnKind", order.KindReturn, order.KindExchange)
	enumOrderStatus        = enum("OrderStatus", queries.OrderStatuses...)
	enumQuotationStatus    = enum("QuotationStatus", queries.QuotationStatuses...)
	enumApprovalTier       = enum("ApprovalTier", queries.QuotationTiers...)
	enumQuotationType      = enum("QuotationType", quotation.TypeOral, quotation.TypeWrittenInitial, quotation.TypeWrittenSecond, quotation.TypeWrittenFinal)
	enumTargetLevel        = enum("TargetLevel", salesplan.LevelOrgUnit, salesplan.LevelTeam, salesplan.LevelPerson)
	enumSalesPlanStatus    = enum("SalesPlanStatus", queries.SalesPlanStatuses...)
	// training
	enumTrainingKind   = enum("TrainingKind", training.Kinds...)
	enumTrainingMode   = enum("TrainingMode", training.Modes...)
	enumTrainingMethod = enum("TrainingMethod", training.Methods...)

	enumMeetingKind           = enum("MeetingKind", queries.MeetingKinds...)
	enumMeetingStatus         = enum("MeetingStatus", queries.MeetingStatuses...)
	enumAttendanceState       = enum("AttendanceState", queries.AttendanceStates...)
	enumResearchProjectStatus = enum("ResearchProjectStatus", queries.ResearchProjectStatuses...)
	enumExpenseKind           = enum("ExpenseKind", expense.Kinds()...)
	enumExpenseStatus         = enum("ExpenseClaimStatus", expense.Statuses()...)
	// work plans and report periods (§3.2)
	enumWorkPlanPeriod     = enum("WorkPlanPeriod", workplan.PeriodMonthly, workplan.PeriodWeekly)
	enumWorkPlanStatus     = enum("WorkPlanStatus", queries.WorkPlanStatuses...)
	enumWorkReportStatus   = enum("WorkReportStatus", queries.WorkReportStatuses...)
	enumReportFilingStatus = enum("ReportFilingStatus", queries.WorkReportFilingStatuses...)
)

// enumField names a string field of a body by its struct and JSON name.
type enumField struct {
	Struct reflect.Type
	Name   string
}

func field[T any](name string) enumField { return enumField{reflect.TypeFor[T](), name} }

// enumFields map the string fields of bodies that hold a domain enum (the
// api and read models carry them as plain strings) to that enum.
var enumFields = map[enumField]enumType{
	field[readyBody]("status"): enum("Readiness", "ready", "degraded"),
	field[Component]("status"): enum("ComponentStatus", ComponentOK, ComponentDegraded, ComponentUnavailable),
	field[Component]("kind"):   enum("ComponentKind", KindDatabase, KindEventStore, KindStartup, KindReadModel),

	field[RegisterTargetCustomerRequest]("source"): enumCustomerSource,
	field[queries.CustomerView]("source"):          enumCustomerSource,
	field[queries.CustomerView]("stage"):           enumCustomerStage,
	field[RecordVisitRequest]("outcome"):           enumVisitOutcome,
	field[PlanCustomerCareRequest]("care_type"):    enumCareType,
	field[SetRelationshipDepthRequest]("depth"):    enumRelationshipDepth,

	field[ReceiveComplaintRequest]("channel"): enumComplaintChannel,
	field[queries.ComplaintView]("channel"):   enumComplaintChannel,
	field[queries.ComplaintView]("status"):    enumComplaintStatus,

	field[queries.ContractView]("status"):            enumContractStatus,
	field[queries.ReceivableView]("contract_status"): enumContractStatus,
	field[queries.ReceivableView]("dunning_stage"):   enumDunningStep,
	field[EscalateCollectionRequest]("step"):         enumDunningStep,
	field[RaiseExecutionIssueRequest]("type"):        enumExecutionIssueType,

	field[HireEmployeeRequest]("role"):            enumRole,
	field[ChangeRoleRequest]("to_role"):           enumRole,
	field[ChangeRoleRequest]("kind"):              enumRoleChangeKind,
	field[queries.EmployeeView]("role"):           enumRole,
	field[queries.EmployeeView]("status"):         enumEmployeeStatus,
	field[queries.EmployeeView]("departure_type"): enumDepartureType,
	field[RecordAppraisalRequest]("cycle"):        enumAppraisalCycle,
	field[RecordAppraisalRequest]("grade"):        enumAppraisalGrade,
	field[queries.AppraisalView]("cycle"):         enumAppraisalCycle,
	field[queries.AppraisalView]("grade"):         enumAppraisalGrade,
	field[SubmitWorkReportRequest]("period"):      enumReportPeriod,
	field[SummarilyDismissRequest]("violation"):   enumViolation,

	field[CreateOrderRequest]("kind"):   enumOrderKind,
	field[queries.OrderView]("kind"):    enumOrderKind,
	field[queries.OrderView]("status"):  enumOrderStatus,
	field[RequestReturnRequest]("kind"): enumReturnKind,

	field[DraftQuotationRequest]("type"):   enumQuotationType,
	field[queries.QuotationView]("type"):   enumQuotationType,
	field[queries.QuotationView]("status"): enumQuotationStatus,
	field[queries.QuotationView]("tier"):   enumApprovalTier,
	field[queries.QuotationStep]("tier"):   enumApprovalTier,

	field[SalesTargetRequest]("level"):            enumTargetLevel,
	field[queries.SalesPlanTarget]("level"):       enumTargetLevel,
	field[queries.SalesPlanView]("status"):        enumSalesPlanStatus,
	field[queries.SalesTargetView]("plan_status"): enumSalesPlanStatus,

	field[ScheduleTrainingSessionRequest]("kind"):    enumTrainingKind,
	field[ScheduleTrainingSessionRequest]("mode"):    enumTrainingMode,
	field[EvaluateTrainingRequest]("method"):         enumTrainingMethod,
	field[queries.TrainingRecordEntry]("kind"):       enumTrainingKind,
	field[queries.TrainingRecordEntry]("mode"):       enumTrainingMode,
	field[ScheduleMeetingRequest]("kind"):            enumMeetingKind,
	field[queries.MeetingView]("kind"):               enumMeetingKind,
	field[queries.MeetingView]("status"):             enumMeetingStatus,
	field[queries.MeetingAttendee]("state"):          enumAttendanceState,
	field[queries.ResearchProjectView]("status"):     enumResearchProjectStatus,
	field[queries.ResearchProjectCount]("status"):    enumResearchProjectStatus,
	field[ExpenseItemRequest]("kind"):                enumExpenseKind,
	field[queries.ExpenseItemView]("kind"):           enumExpenseKind,
	field[queries.ExpenseClaimView]("status"):        enumExpenseStatus,
	field[SubmitWorkPlanRequest]("period"):           enumWorkPlanPeriod,
	field[queries.WorkPlanView]("period"):            enumWorkPlanPeriod,
	field[queries.WorkPlanView]("status"):            enumWorkPlanStatus,
	field[queries.WorkReportView]("period"):          enumReportPeriod,
	field[queries.WorkReportView]("status"):          enumWorkReportStatus,
	field[queries.ReportFilingView]("status"):        enumReportFilingStatus,
	field[queries.ReportFilingView]("role"):          enumRole,
	field[FindingRequest]("aspect"):                  enum("FindingAspect", sv.Aspects()...),
	field[queries.SpotCheckFinding]("aspect"):        enum("FindingAspect", sv.Aspects()...),
	field[queries.RectificationNoticeView]("status"): enum("RectificationNoticeStatus", queries.NoticeStatuses...),
	field[queries.AnalysisReportView]("status"):      enum("AnalysisReportStatus", queries.ReportStatuses...),
}

// enumSchema refers to e's component, registering it on first use.
func (g *schemaGen) enumSchema(e enumType) map[string]any {
	if _, ok := g.components[e.Name]; !ok {
		g.components[e.Name] = map[string]any{"type": "string", "enum": e.Values}
	}
	return ref(e.Name)
}

// answeredAs lists the types a body of one type may be answered as
// instead: an employee's record reaches a caller who may not read it as
// its directory entry (queries.EmployeeAsSeenBy), row by row in lists.
var answeredAs = map[reflect.Type][]reflect.Type{
	reflect.TypeFor[queries.EmployeeView](): {reflect.TypeFor[queries.EmployeeView](), reflect.TypeFor[queries.EmployeeDirectoryEntry]()},
}
