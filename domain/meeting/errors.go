package meeting

import "github.com/opsledger/opsledger/domain"

// Rule ids (docs/RULES.md) used in rule violations.
const (
	RuleWeekly       = "§3.14-weekly"
	RuleLength       = "§3.14-length"
	RuleRoom         = "§3.14-room"
	RuleLeave        = "§3.14-leave"
	RuleMinutes      = "§3.14-minutes"
	RuleCountersign  = "§3.14-countersign"
	RuleMeetingOrder = "§3.14-order"
)

// Errors of the meeting aggregate.
var (
	ErrNotFound         = domain.NotFound("meeting not found")
	ErrAlreadyScheduled = domain.Conflict("meeting is already scheduled")
	ErrNotMonday1730    = domain.RuleViolation(RuleWeekly, "the weekly sales meeting is held on Monday at 17:30")
	ErrTooLong          = domain.RuleViolation(RuleLength, "the morning meeting lasts at most 15 minutes, the evening meeting at most 30")
	ErrBookingTooLate   = domain.RuleViolation(RuleRoom, "a meeting room is booked at least one day before the meeting")
	ErrLeaveTooLate     = domain.RuleViolation(RuleLeave, "leave from a meeting is asked for before it starts")
	ErrLeaveApprover    = domain.RuleViolation(RuleLeave, "leave from an important meeting is granted by the deputy GM in charge or the GM")
	ErrNotAttendee      = domain.RuleViolation(RuleLeave, "only an expected attendee is excused")
	ErrNotScheduled     = domain.RuleViolation(RuleMeetingOrder, "only a scheduled meeting is booked, excused from or held")
	ErrNotHeld          = domain.RuleViolation(RuleMinutes, "minutes are written for a meeting that was held")
	ErrNoMinutes        = domain.RuleViolation(RuleMinutes, "a meeting closes only with its minutes")
	ErrNotSignatory     = domain.RuleViolation(RuleCountersign, "only a named signatory countersigns the minutes")
	ErrNoMinutesToSign  = domain.RuleViolation(RuleCountersign, "minutes are countersigned once they are written")
	ErrUnsigned         = domain.RuleViolation(RuleCountersign, "an important meeting closes only when every signatory countersigned its minutes")
	ErrClosed           = domain.Rejected("meeting is closed")
)
