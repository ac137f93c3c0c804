package quotation

import "github.com/opsledger/opsledger/domain"

// Errors of the quotation aggregate. Rule-backed refusals name their
// rule id (docs/RULES.md).
var (
	ErrNotFound         = domain.NotFound("quotation not found")
	ErrAlreadyExists    = domain.Conflict("quotation already exists")
	ErrNoCustomerFile   = domain.RuleViolation("C6", "no quote without an existing customer file")
	ErrNoDemandAssessed = domain.InvalidField("demand_assessment", "the rep's assessment of the customer's demand capacity is required before quoting (C6)")
	ErrCustomerInactive = domain.Rejected("the customer is abandoned; reactivate it before quoting")
	ErrNoLines          = domain.InvalidField("lines", "a quotation needs at least one line")
	ErrCurrencyMismatch = domain.InvalidField("lines", "all prices and costs must be in one currency")
	ErrZeroPrice        = domain.InvalidField("lines", "the total price must be positive")

	ErrNoApprovalNeeded = domain.Rejected("oral and initial quotes only indicate a price band and need no approval")
	ErrNotPending       = domain.Rejected("the quotation is not waiting for approval")
	ErrSelfApproval     = domain.Rejected("the drafter of a quotation cannot approve it")
	ErrAwaitingApproval = domain.RuleViolation("K7", "the quotation is waiting for approval and cannot be issued yet")
	ErrRepAuthorityOnly = domain.RuleViolation("K7", "only a sales rep may issue a quote under rep authority")
	ErrNotYetExpired    = domain.Rejected("the quotation is still valid")
	ErrWrongStatus      = domain.Rejected("the quotation's status does not allow this")

	ErrNotCosted        = domain.RuleViolation("K7-costing", "the business engineer has not costed this quote: its margin authority decides on that costing")
	ErrPriceNotApproved = domain.RuleViolation("K7-price", "company leadership has not approved this final quote's price")
	ErrSelfCosting      = domain.Rejected("the drafter of a quotation cannot cost it")
)
