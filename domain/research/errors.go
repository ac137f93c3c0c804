package research

import "github.com/opsledger/opsledger/domain"

// Rule ids (docs/RULES.md) used in rule violations.
const (
	RulePlan     = "§3.6-plan"
	RuleApproval = "§3.6-approval"
	RuleOrder    = "§3.6-order"
	RuleReport   = "§3.6-report"
)

// Errors of the research project aggregate.
var (
	ErrNotFound        = domain.NotFound("research project not found")
	ErrPastProposal    = domain.Conflict("research project is past its proposal")
	ErrReviewerRole    = domain.RuleViolation(RuleApproval, "the department manager reviews market-research plans")
	ErrApproverRole    = domain.RuleViolation(RuleApproval, "company leadership approves market-research plans")
	ErrNotReviewed     = domain.RuleViolation(RuleApproval, "leadership approves a plan only after the department manager's review")
	ErrNotApproved     = domain.RuleViolation(RuleOrder, "research is carried out only once leadership approved the plan")
	ErrNotCarriedOut   = domain.RuleViolation(RuleOrder, "a project is reported once it was carried out")
	ErrAlreadyReported = domain.Rejected("research project is already reported")
)
