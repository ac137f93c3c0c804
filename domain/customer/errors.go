package customer

import "github.com/opsledger/opsledger/domain"

// Errors of the customer aggregate. Rule-backed refusals name their
// rule id (docs/RULES.md).
var (
	ErrNotFound          = domain.NotFound("customer not found")
	ErrAlreadyRegistered = domain.Conflict("customer already registered")
	ErrNumberTaken       = domain.Conflict("customer number is taken by another customer")
	ErrBadNumber         = domain.InvalidField("number", "must be 1-32 upper-case letters, digits or dashes, starting with a letter or digit (uniform numbering scheme)")
	ErrUnknownField      = domain.InvalidField("changes", "names a field the customer file does not have")
	ErrNotOwner          = domain.Forbidden("only the owning rep may do this as a sales rep")
	ErrOtherUnit         = domain.Forbidden("a department head acts only on customers of their own org unit")
	ErrNotServing        = domain.Forbidden("a sales rep acts only for customers they own or of their own org unit")

	ErrContactNotFound = domain.NotFound("no such contact person on the customer file")
	ErrContactExists   = domain.Conflict("a key contact with this id already exists")

	ErrWrongStage       = domain.Rejected("the customer's pipeline stage does not allow this")
	ErrAbandoned        = domain.Rejected("the customer is abandoned; reactivate it first")
	ErrNotSigned        = domain.RuleViolation("C9", "a customer becomes cooperating only on a signed contract")
	ErrAbandonNeedsHead = domain.Forbidden("abandoning a cooperating customer needs a department head")
	ErrNoOutingThatDay  = domain.RuleViolation("§2.1.4-outing", "a visit needs an outing the rep registered for that day")

	ErrNotClassifiedForCare = domain.RuleViolation("C12", "a care plan needs the customer's value tier and purchase frequency: classify the customer first")
	ErrCarePlanNotFound     = domain.NotFound("no such care plan")
	ErrFollowUpNotFound     = domain.NotFound("no such scheduled follow-up visit")
	ErrInquiryNotFound      = domain.NotFound("no such inquiry")
	ErrSurveyRecorded       = domain.Conflict("a different result for this survey is already recorded")
)
