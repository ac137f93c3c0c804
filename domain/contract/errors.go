package contract

import "github.com/opsledger/opsledger/domain"

// Errors the contract's decisions return. Rule violations name the rule
// (K1…K11) through domain.RuleViolation.
var (
	ErrNotFound          = domain.NotFound("contract not found")
	ErrAlreadyExists     = domain.Conflict("contract already exists")
	ErrCustomerNotFound  = domain.NotFound("customer not found (C6)")
	ErrQuotationNotFound = domain.NotFound("quotation not found")
	ErrWrongState        = domain.Rejected("the contract is not in a state that allows this")
	ErrAlreadyReviewed   = domain.Conflict("this review step was already decided by someone else")
	ErrReasonRequired    = domain.InvalidField("comment", "a reason is required")
	ErrNotDrafter        = domain.Rejected("only the drafter may change a draft")
	ErrWrongDepartment   = domain.Forbidden("the department head must head the drafter's unit")
	ErrDocumentChanged   = domain.Rejected("the signed text differs from the text that was reviewed")
	ErrNoDepositRequired = domain.Rejected("the contract requires no deposit")
	ErrDepositComplete   = domain.Rejected("the deposit was already received in full")
	ErrAmendmentPending  = domain.Conflict("an amendment is already under way")
	ErrNoAmendment       = domain.Rejected("no amendment is under way")
	ErrUnknownIssue      = domain.NotFound("no such execution issue")
	ErrIssueExists       = domain.Conflict("an execution issue with this id exists")
	ErrOpenIssues        = domain.RuleViolation("K9", "execution issues are still open")
	ErrNoPlan            = domain.Rejected("the contract has no collection plan")
	ErrUnknownInstalment = domain.NotFound("no such instalment")
	ErrOverpayment       = domain.Rejected("the payment exceeds what is outstanding on the instalment")
	ErrPlanMismatch      = domain.InvalidField("instalments", "instalments must add up to the contract value less the required deposit (K10)")
	ErrPaidInstalment    = domain.Rejected("an instalment with payments cannot be dropped or cut below what was paid")
	ErrNotOverdue        = domain.RuleViolation("K10", "only an overdue instalment is escalated")
	ErrStepOutOfOrder    = domain.RuleViolation("K10", "escalation goes dunning letter, then visit, then legal action")
	ErrStepNotDueYet     = domain.RuleViolation("K10", "the dunning ladder in force asks the instalment to be overdue longer before this step")
	ErrSameApprover      = domain.Rejected("legal action needs the GM and legal as two different people")
	ErrUnpaid            = domain.RuleViolation("K10", "the contract is not paid in full")
	ErrFeedbackMissing   = domain.Rejected("customer feedback must be recorded before closing")
)
