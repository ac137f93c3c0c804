package training

import "github.com/opsledger/opsledger/domain"

// Rule ids (docs/RULES.md) the refusals name.
const (
	// RulePlanApproval: the department manager reviews the annual
	// training plan, then company leadership approves it.
	RulePlanApproval = "§3.5-plan-approval"
	// RulePlanFirst: a session is held under its department's approved
	// plan of the session's year.
	RulePlanFirst = "§3.5-plan-first"
	// RuleDuration: a session lasts at least an hour.
	RuleDuration = "§5.19"
	// RuleEvaluation: attendees of a held session are evaluated by exam,
	// written reflection or on-the-job application.
	RuleEvaluation = "§3.5-evaluation"
	// RuleCertificate: a certificate goes to an attendee whose evaluation
	// passed.
	RuleCertificate = "§3.5-certificate"
)

// Errors of the training aggregates.
var (
	ErrPlanNotFound     = domain.NotFound("training plan not found")
	ErrSessionNotFound  = domain.NotFound("training session not found")
	ErrPastDrafting     = domain.Conflict("the training plan is past drafting")
	ErrReviewerRole     = domain.RuleViolation(RulePlanApproval, "the department manager reviews the annual training plan")
	ErrApproverRole     = domain.RuleViolation(RulePlanApproval, "company leadership approves the annual training plan")
	ErrNotReviewed      = domain.RuleViolation(RulePlanApproval, "leadership approves a training plan only after the department manager's review")
	ErrPlanNotApproved  = domain.RuleViolation(RulePlanFirst, "sessions are scheduled only under the department's training plan approved by leadership")
	ErrPlanOtherUnit    = domain.RuleViolation(RulePlanFirst, "the training plan is another department's")
	ErrPlanOtherYear    = domain.RuleViolation(RulePlanFirst, "the training plan is of another year than the session")
	ErrTooShort         = domain.RuleViolation(RuleDuration, "a department training session lasts at least 60 minutes")
	ErrAlreadyScheduled = domain.Conflict("the training session is already scheduled")
	ErrAlreadyHeld      = domain.Conflict("the training session is already recorded as held")
	ErrNotHeld          = domain.RuleViolation(RuleEvaluation, "attendees are evaluated once the session is held")
	ErrNotAttendee      = domain.RuleViolation(RuleEvaluation, "only an attendee of the session is evaluated")
	ErrAlreadyEvaluated = domain.Conflict("the attendee's training is already evaluated")
	ErrNotPassed        = domain.RuleViolation(RuleCertificate, "a certificate goes only to an attendee whose evaluation passed")
	ErrCertificateTaken = domain.Conflict("the certificate id is already another attendee's")
	ErrHeldInFuture     = domain.InvalidField("held_at", "must not be in the future")
)

func required(field, value string) error {
	if value == "" {
		return domain.InvalidField(field, "is required")
	}
	return nil
}
