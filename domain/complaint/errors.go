package complaint

import "github.com/opsledger/opsledger/domain"

// RuleSatisfaction names rule §5.8 in rule violations: a complaint
// closes only with the customer's confirmed satisfaction.
const RuleSatisfaction = "§5.8"

// Errors of the complaint aggregate.
var (
	ErrNotFound        = domain.NotFound("complaint not found")
	ErrAlreadyReceived = domain.Conflict("complaint already received")
	ErrClosed          = domain.Rejected("complaint is closed")
	ErrNotRouted       = domain.Rejected("complaint is not routed to a department yet")
	ErrNotWorkable     = domain.Rejected("complaint is not being handled: a resolution is pending or it is not routed")
	ErrNoProposal      = domain.Rejected("no resolution has been proposed")
	ErrNotAwaiting     = domain.Rejected("complaint is not awaiting the customer's confirmation")
	ErrNotSatisfied    = domain.RuleViolation(RuleSatisfaction, "a complaint closes only when the customer confirmed satisfaction")
	ErrNotClosed       = domain.Rejected("only a closed complaint can be reopened")
	ErrUnknownCustomer = domain.InvalidField("customer_id", "no customer file with this id")
	ErrUnknownChannel  = domain.InvalidField("channel", "must be one of PHONE, EMAIL, IN_PERSON, LETTER, WEB, OTHER")
)

// required returns an InvalidField error for an empty field.
func required(field, value string) error {
	if value == "" {
		return domain.InvalidField(field, "required")
	}
	return nil
}
