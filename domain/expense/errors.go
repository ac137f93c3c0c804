package expense

import "github.com/opsledger/opsledger/domain"

// Rule ids (docs/RULES.md) used in rule violations.
const (
	RuleItemised   = "§5.12-itemised"
	RulePrior      = "§5.12-prior"
	RuleSignatures = "§5.12-signatures"
	RuleFinance    = "§5.12-finance"
	RuleRefusal    = "§5.12-refusal"
)

// Errors of the expense claim aggregate.
var (
	ErrNotFound    = domain.NotFound("expense claim not found")
	ErrNotClaimant = domain.Forbidden("only the claimant drafts and submits their claim")
	ErrNotDraft    = domain.Conflict("the claim is past drafting")
	ErrCurrency    = domain.InvalidField("items", "a claim's items are in one currency")
	ErrClosed      = domain.Rejected("the claim was rejected")

	ErrNoItems         = domain.RuleViolation(RuleItemised, "a claim carries an itemised list of at least one expense")
	ErrFutureExpense   = domain.RuleViolation(RuleItemised, "an expense is claimed once it was incurred, not before")
	ErrPriorMissing    = domain.RuleViolation(RulePrior, "this claim needs the company manager's approval in advance")
	ErrOverApproved    = domain.RuleViolation(RulePrior, "the claim's total exceeds the amount approved in advance")
	ErrBeforeApproval  = domain.RuleViolation(RulePrior, "an expense incurred before the approval in advance is not covered by it")
	ErrPriorRole       = domain.RuleViolation(RulePrior, "the company manager (GM, deputy GM or branch manager) approves expenses in advance")
	ErrPriorStage      = domain.RuleViolation(RulePrior, "expenses are approved in advance while the claim is a draft")
	ErrSelfApproval    = domain.RuleViolation(RuleSignatures, "nobody approves or signs their own claim")
	ErrSignedTwice     = domain.RuleViolation(RuleSignatures, "the same person does not sign a claim twice")
	ErrSignerRole      = domain.RuleViolation(RuleSignatures, "a claim is signed by managers")
	ErrNoManagerSigned = domain.RuleViolation(RuleSignatures, "one of the two signatures is the claimant's manager's")
	ErrNotSubmitted    = domain.RuleViolation(RuleSignatures, "a claim is signed once it is submitted")
	ErrSigningOver     = domain.RuleViolation(RuleSignatures, "the claim already has its signatures")
	ErrNotSigned       = domain.RuleViolation(RuleFinance, "finance approves a claim only once it has two signatures, one of them the claimant's manager's")
	ErrFinanceRole     = domain.RuleViolation(RuleFinance, "finance approves reimbursements and records their payment")
	ErrNotApproved     = domain.RuleViolation(RuleFinance, "a claim is paid only once finance approved it")
	ErrRefusalStage    = domain.RuleViolation(RuleRefusal, "the claim cannot be sent back or refused at this stage, or not by this role")
)

func required(field, value string) error {
	if value == "" {
		return domain.InvalidField(field, "required")
	}
	return nil
}
