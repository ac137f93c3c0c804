package order

import "github.com/opsledger/opsledger/domain"

// Errors of the order aggregate. Rule-backed refusals name their
// rule id (docs/RULES.md).
var (
	ErrNotFound      = domain.NotFound("order not found")
	ErrAlreadyExists = domain.Conflict("order already exists")
	ErrNoLines       = domain.InvalidField("lines", "an order needs at least one line")

	ErrContractNotFound  = domain.NotFound("contract not found")
	ErrContractNotSigned = domain.Rejected("the contract is not signed or in execution")
	ErrCustomerMismatch  = domain.InvalidField("customer_id", "does not match the contract's customer")
	ErrCustomerNotFound  = domain.RuleViolation("O8", "an order cannot exist without a customer file")
	ErrExceedsContract   = domain.Rejected("the order total exceeds the contract value")
	ErrCurrencyMismatch  = domain.InvalidField("unit_price", "must be in the contract's currency")

	ErrDepositMissing      = domain.RuleViolation("O6", "the contract's deposit must be received before the order is confirmed")
	ErrChangeNeedsContract = domain.RuleViolation("O7", "a change beyond the contract value needs a contract amendment")
	ErrChangePending       = domain.Conflict("another change is waiting for approval")
	ErrNoPendingChange     = domain.NotFound("no such change waiting for approval")
	ErrSelfApproval        = domain.Rejected("the requester cannot approve their own request")
	ErrUninspected         = domain.RuleViolation("O3", "goods from production must pass quality inspection before shipping")
	ErrNotOverdue          = domain.RuleViolation("O5", "the delivery time has not passed")
	ErrNotProject          = domain.Rejected("only project-type orders are accepted")
	ErrNeedsDeptHead       = domain.RuleViolation("O7", "a confirmed order is cancelled only by a department head")
	ErrCancelAfterDispatch = domain.Rejected("an order cannot be cancelled after dispatch")
	ErrBelowPaid           = domain.Rejected("the changed total is below the amount already paid")
	ErrOverpaid            = domain.Rejected("the payment exceeds the amount outstanding")
	ErrOpenAfterSales      = domain.Rejected("a return or repair is still open")
	ErrReturnPending       = domain.Conflict("another return is still open")
	ErrNoOpenReturn        = domain.NotFound("no such open return")
	ErrReturnNotApproved   = domain.Rejected("the return is not approved yet")
	ErrNoOpenRepair        = domain.NotFound("no such open repair")

	ErrPriceUnauthorised     = domain.RuleViolation("K6-order", "the order's unit prices are not those of the approved final quotation of the contract in force; change the order first")
	ErrChangePriceNeedsQuote = domain.RuleViolation("K6-order", "a change to a unit price the contract in force does not authorise needs a contract amendment with a newly approved quotation")

	// ErrWrongState is the generic refusal of a command the order's
	// lifecycle does not allow in its current status.
	ErrWrongState = domain.Rejected("the order's status does not allow this")
)
