package workplan

import "github.com/opsledger/opsledger/domain"

// Rule ids (docs/RULES.md) used in rule violations.
const (
	// RuleSubmission: the employee submits their own plan, at the start
	// of its period.
	RuleSubmission = "WP1"
	RuleDue        = "WP1-due"
	// RuleApproval: the department head approves or returns a submitted
	// plan.
	RuleApproval = "WP2"
)

// Errors of the work plan aggregate.
var (
	ErrNotFound       = domain.NotFound("work plan not found")
	ErrBadPeriod      = domain.InvalidField("period", "must be MONTHLY or WEEKLY")
	ErrMonthStart     = domain.InvalidField("period_start", "a monthly plan's period starts on the 1st")
	ErrWeekStart      = domain.InvalidField("period_start", "a weekly plan's period starts on a Monday")
	ErrPeriodOver     = domain.RuleViolation(RuleDue, "the plan's period has ended: a plan is made at its start")
	ErrUnderReview    = domain.Conflict("the plan was submitted and awaits the department head")
	ErrFinal          = domain.RuleViolation(RuleApproval, "an approved plan is final")
	ErrReviewerRole   = domain.RuleViolation(RuleApproval, "the department head approves or returns work plans")
	ErrNotSubmitted   = domain.RuleViolation(RuleApproval, "only a submitted plan is approved or returned")
	ErrOwnPlan        = domain.RuleViolation(RuleApproval, "nobody approves or returns their own plan")
	ErrMissingContent = domain.InvalidField("content", "required")
	ErrMissingReason  = domain.InvalidField("reason", "required: a returned plan says why")
)
