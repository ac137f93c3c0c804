package salesplan

import "github.com/opsledger/opsledger/domain"

// Rule ids (docs/RULES.md) used in rule violations.
const (
	// RuleApprovalChain: DEPT_HEAD review, then LEADERSHIP approval,
	// before the plan is decomposed or active.
	RuleApprovalChain = "§5.14-approval"
	// RuleDecomposition: children sum to their parent.
	RuleDecomposition = "§5.14-decomposition"
)

// Errors of the sales plan aggregate.
var (
	ErrNotFound        = domain.NotFound("sales plan not found")
	ErrAlreadyReviewed = domain.Conflict("sales plan is past drafting")
	ErrNotReviewed     = domain.RuleViolation(RuleApprovalChain, "leadership approves a plan only after the department head's review")
	ErrNotApproved     = domain.RuleViolation(RuleApprovalChain, "a plan is decomposed only after leadership approval")
	ErrReviewerRole    = domain.RuleViolation(RuleApprovalChain, "the department head reviews annual sales plans")
	ErrApproverRole    = domain.RuleViolation(RuleApprovalChain, "company leadership approves annual sales plans")
	ErrNotDecomposed   = domain.RuleViolation(RuleDecomposition, "only a fully decomposed plan can be activated")
	ErrSumMismatch     = domain.RuleViolation(RuleDecomposition, "targets do not sum to their parent")
	ErrIncomplete      = domain.RuleViolation(RuleDecomposition, "decomposition is incomplete")
	ErrOrphanTarget    = domain.RuleViolation(RuleDecomposition, "target has no parent target")
	ErrActive          = domain.Rejected("sales plan is active: revise its targets instead")
	ErrNotActive       = domain.Rejected("sales plan is not active")
	ErrClosed          = domain.Rejected("sales plan is closed")
)

func required(field, value string) error {
	if value == "" {
		return domain.InvalidField(field, "required")
	}
	return nil
}
