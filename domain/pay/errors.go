package pay

import "github.com/opsledger/opsledger/domain"

// Errors of the pay statement. Rule-backed refusals name their rule id
// (docs/RULES.md).
var (
	ErrAlreadyIssued  = domain.Conflict("the pay statement of this month is already issued")
	ErrMonthOpen      = domain.RuleViolation("§3.4-statement", "a month's pay statement is issued only once the month is over")
	ErrNotEmployed    = domain.Rejected("the employee was not at work in that month")
	ErrCurrency       = domain.InvalidField("bonus", "pay is computed in one currency")
	ErrNegativeAmount = domain.InvalidField("bonus", "must not be negative")
	ErrNotFound       = domain.NotFound("pay statement not found")
)
