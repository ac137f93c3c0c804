package supervision

import "github.com/opsledger/opsledger/domain"

// Rule ids of docs/RULES.md the refusals name.
const (
	RuleDeadline   = "§5.26-deadline"
	RuleExtension  = "§3.15-extension"
	RuleEvaluation = "§5.26-evaluation"
	RuleQuarterly  = "§5.27-quarterly"
)

// Errors of the supervision aggregates.
var (
	ErrSpotCheckNotFound   = domain.NotFound("spot check not found")
	ErrSpotCheckRecorded   = domain.Conflict("spot check already recorded")
	ErrNoFindings          = domain.InvalidField("findings", "a spot check records at least one finding")
	ErrUnknownAspect       = domain.InvalidField("findings", "aspect must be one of ACCURACY, TIMELINESS, COMPLIANCE")
	ErrCheckedInFuture     = domain.InvalidField("checked_on", "a spot check cannot be dated after today")
	ErrNoticeNotFound      = domain.NotFound("rectification notice not found")
	ErrNoticeIssued        = domain.Conflict("rectification notice already issued")
	ErrDeadlineBeforeIssue = domain.RuleViolation(RuleDeadline, "the rectification deadline cannot be before the day the notice is issued")
	ErrUnknownSpotCheck    = domain.InvalidField("spot_check_id", "no spot check with this id")
	ErrNoticeClosed        = domain.Rejected("the rectification notice is verified and closed")
	ErrNotAcknowledged     = domain.Rejected("the notice must be acknowledged before its rectification is reported")
	ErrNotRectified        = domain.Rejected("no rectification has been reported to verify")
	ErrAlreadyRectified    = domain.Rejected("the rectification is reported and awaits verification")
	ErrOverdueNoExtension  = domain.RuleViolation(RuleExtension, "the deadline has passed: an overdue notice cannot be extended")
	ErrExtensionNotLater   = domain.InvalidField("deadline", "an extension must set a later deadline")
	ErrEvaluationRecorded  = domain.Conflict("process evaluation already recorded")
	ErrEvaluationYear      = domain.RuleViolation(RuleEvaluation, "the evaluation must be held in the year it evaluates, and not after today")
	ErrBadQuarter          = domain.InvalidField("quarter", "must be a quarter such as 2027-Q1")
	ErrQuarterNotStarted   = domain.RuleViolation(RuleQuarterly, "a quarter's analysis report cannot be drafted before the quarter has started")
	ErrReportDrafted       = domain.Conflict("this quarter already has an analysis report")
	ErrReportNotFound      = domain.NotFound("analysis report not found")
	ErrReportNotDraft      = domain.Rejected("only a drafted or returned report can be revised or submitted")
	ErrReportNotSubmitted  = domain.Rejected("the report is not submitted to the supervisor")
	ErrReportAccepted      = domain.Rejected("the report is accepted and closed")
	ErrNotDrafter          = domain.Forbidden("only the sales assistant who drafted the report submits or revises it")
)

// required returns an InvalidField error for an empty field.
func required(field, value string) error {
	if value == "" {
		return domain.InvalidField(field, "required")
	}
	return nil
}

// requiredAll returns the error of the first empty field of pairs
// (name, value, name, value …).
func requiredAll(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := required(pairs[i], pairs[i+1]); err != nil {
			return err
		}
	}
	return nil
}
