package employee

import "github.com/opsledger/opsledger/domain"

// Lifecycle errors.
var (
	ErrNotFound               = domain.NotFound("employee not found")
	ErrAlreadyHired           = domain.Conflict("employee already hired")
	ErrNotHired               = domain.Rejected("candidate has not been hired")
	ErrNotWorking             = domain.Rejected("employee has not started work")
	ErrNotActive              = domain.Rejected("employee is leaving or has departed")
	ErrQualificationNotPassed = domain.RuleViolation("E2", "hiring needs a passed qualification check")
	ErrDocumentsNotFiled      = domain.Rejected("onboarding documents have not been filed")
	ErrTrainingNotPassed      = domain.RuleViolation("E1", "work may start only after pre-job training is passed")
	ErrNotOnProbation         = domain.Rejected("employee is not on probation")
	ErrConfirmNeedsGM         = domain.RuleViolation("E3", "only the GM decides regular status")
	ErrProbationNotOver       = domain.RuleViolation("E3", "probation has not ended; early conversion needs the regulation and the target met")
	ErrProbationNeedsGM       = domain.RuleViolation("E4", "only the GM decides a failed probation or leniency")
	ErrLeniencyUsed           = domain.RuleViolation("E4", "leniency was already granted once")
	ErrLeniencyDisabled       = domain.Rejected("the regulation in force grants no leniency")
	ErrAssessmentIncomplete   = domain.InvalidField("assessment", "responsibility, ability and contribution are all required")
	ErrMissingField           = domain.Invalid("a required field is empty")
	ErrBadRole                = domain.InvalidField("role", "unknown role")
)

// Pay and career errors.
var (
	ErrNotRegular      = domain.Rejected("employee is not a regular employee")
	ErrSalaryApprover  = domain.RuleViolation("E14", "a base salary is approved by the department manager and the GM only")
	ErrSameApprover    = domain.RuleViolation("E14", "the two base salary approvals need two different people")
	ErrBadAmount       = domain.InvalidField("amount", "must be positive")
	ErrBadChangeKind   = domain.InvalidField("kind", "must be PROMOTION, TRANSFER or DEMOTION")
	ErrNothingChanges  = domain.Invalid("the change keeps the same role and org unit")
	ErrUnknownBasis    = domain.Rejected("the basis names no appraisal or disciplinary record of this employee")
	ErrDuplicateRecord = domain.Conflict("a different record with this id already exists")
)

// Attendance and report errors.
var (
	ErrUnknownSlot     = domain.InvalidField("slot", "not a configured check-in slot")
	ErrBadPeriod       = domain.InvalidField("to", "must not be before from")
	ErrLeaveInPast     = domain.Rejected("leave that already started is filed retroactively")
	ErrLeaveNotPast    = domain.InvalidField("from", "a retroactive filing is for leave that already started")
	ErrLeaveNotFound   = domain.NotFound("leave request not found")
	ErrLeaveSigner     = domain.RuleViolation("E7", "leave is signed by the department manager")
	ErrOtherUnit       = domain.Forbidden("a department head acts only on employees of their own org unit")
	ErrTripNotFound    = domain.NotFound("business trip not found")
	ErrTripStarted     = domain.RuleViolation("E8", "a business trip is approved before it starts")
	ErrTripApprover    = domain.RuleViolation("E8", "a business trip is approved by the department manager")
	ErrOutingLate      = domain.Rejected("an outing is registered before leaving")
	ErrReportNotFound  = domain.NotFound("work report not found")
	ErrBadReportPeriod = domain.InvalidField("period", "must be DAILY, WEEKLY or MONTHLY")
	ErrReportRejecter  = domain.RuleViolation("E12", "reports are rejected by the department manager")
)

// Rule ids of the work reports' content and due times.
const (
	RuleReportContent = "E12-content"
	RuleReportDue     = "E12-due"
)

// Work report content and period errors (E12-content, E12-due).
var (
	ErrReportNoNextPlan  = domain.InvalidField("next_plan", "required: a report states the next period's plan (E12-content)")
	ErrReportVisitsDaily = domain.InvalidField("visits", "visits are listed on the daily report of their day (E12-content)")
	ErrReportWeekStart   = domain.InvalidField("period_start", "a weekly report's period starts on a Monday (E12-due)")
	ErrReportMonthStart  = domain.InvalidField("period_start", "a monthly report's period starts on the 1st (E12-due)")
	ErrReportAhead       = domain.RuleViolation(RuleReportDue, "a report covers a period that has begun")
)

// Appraisal and discipline errors.
var (
	ErrBadCycle           = domain.InvalidField("cycle", "must be MONTHLY, QUARTERLY or ANNUAL")
	ErrBadCyclePeriod     = domain.InvalidField("period_start", "must be the first day of the cycle's period")
	ErrBadGrade           = domain.InvalidField("grade", "must be EXCELLENT, GOOD, PASS or FAIL")
	ErrBadScore           = domain.InvalidField("scores", "each score is between 0 and 100")
	ErrAppraisalExists    = domain.Conflict("the period already has an appraisal result")
	ErrAppraisalNotFound  = domain.NotFound("appraisal not found")
	ErrAppraisalNotFailed = domain.Rejected("an improvement plan follows a failed appraisal")
	ErrDeadlinePassed     = domain.InvalidField("deadline", "must be in the future")
	ErrResultsRecorded    = domain.Conflict("the month already has different results recorded")
	ErrMonthRequired      = domain.InvalidField("month", "is required")
	ErrPeriodRequired     = domain.InvalidField("period_start", "is required")
	ErrUnknownFineItem    = domain.InvalidField("item", "not in the fine schedule")
	ErrUnknownReward      = domain.InvalidField("type", "not in the reward catalogue")
	ErrUnknownPenalty     = domain.InvalidField("type", "not on the penalty ladder")
	ErrRuleRefRequired    = domain.InvalidField("rule_ref", "a penalty names the rule it applies")
	ErrPenaltyNeedsHRorGM = domain.Rejected("demotion and dismissal are decided by HR or the GM")
	ErrCommitteeRatesOnly = domain.Rejected("the appraisal committee rates appraisal results")
)

// Departure errors.
var (
	ErrBadDepartureType = domain.InvalidField("type", "unknown departure type")
	ErrAlreadyLeaving   = domain.Conflict("a departure of another type is already under way")
	ErrNotLeaving       = domain.Rejected("no departure is under way")
	ErrBadViolation     = domain.InvalidField("violation", "not a violation that warrants summary dismissal")
	ErrPayForfeitRule   = domain.RuleViolation("E9", "pay is not settled after a summary dismissal for this violation")
	ErrNotForfeitable   = domain.RuleViolation("E9", "pay is forfeited only for the violations the regulation names")
	ErrFilesNotArchived = domain.RuleViolation("E11", "departure completes only after company files are archived")
	ErrCustomersOwned   = domain.RuleViolation("E11", "departure completes only after the employee's customers are reassigned")
	ErrPayUnresolved    = domain.Rejected("final pay has been neither settled nor forfeited")
	// ErrOwnerLeaving refuses a customer for an employee who is leaving
	// or gone (E-reassign-leaving).
	ErrOwnerLeaving = domain.RuleViolation("E-reassign-leaving", "a customer is not given to an employee whose departure is under way or done")
)
