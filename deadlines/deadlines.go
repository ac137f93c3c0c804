// Package deadlines derives, from the events of the log, the moments at
// which the system must act by itself: an instalment falls overdue, and
// each later step of its dunning ladder falls due (K10-overdue, K10-ladder),
// a complaint passes its time limit (§3.7-time-limit), an order passes its
// delivery time (O5), a month ends without the review of a customer file
// (C4-missed), a working day ends without a daily report (E12-missing), a
// week or month ends without its weekly or monthly report (E12-due), a
// month ends and its results are computed (E6-computed), a probation ends
// undecided (E3-due). It is pure: the same events give the same
// deadlines. A scheduler (deadlines/river) stores them and fires each
// once, on time, through the command layer, whose decision checks again
// at fire time that the reason still holds; the derivation also cancels
// the deadlines whose reason went away (the complaint closed, the order
// delivered, the instalment settled, the employee leaving).
package deadlines

import (
	"time"

	"github.com/opsledger/opsledger/domain/contract"
)

// Kind is what a deadline is for; each kind fires one command.
type Kind string

// The kinds of deadlines.
const (
	// InstalmentOverdue: each step of the dunning ladder on an unpaid
	// instalment past its due date (K10-overdue): the system sends the
	// letter, the first step, and flags the visit and legal action as due
	// to the people who take them (K10-ladder). Item is the instalment and
	// its due date, then the step for the steps after the letter.
	InstalmentOverdue Kind = "instalment_overdue"
	// ComplaintTimeLimit: a complaint still open at the close timer of
	// the complaint regulation is escalated to the head of the department
	// handling it (§3.7-time-limit).
	ComplaintTimeLimit Kind = "complaint_time_limit"
	// DeliveryDue: an order not delivered by its delivery time is flagged
	// late by the system (O5), which raises the contract issue (K9).
	DeliveryDue Kind = "delivery_due"
	// FileReviewDue: at the end of a calendar month, a file not reviewed
	// in it is flagged to the department head (C4-missed).
	FileReviewDue Kind = "file_review_due"
	// DailyReportDue: at the end of a working day, a sales employee
	// without that day's daily report is flagged to the department head
	// (E12-missing).
	DailyReportDue Kind = "daily_report_due"
	// MonthResults: shortly after a calendar month ends, a sales
	// employee's results for it are computed from the sales read model
	// and recorded, a month without sales as a zero month (E6-computed).
	MonthResults Kind = "month_results"
	// ProbationEnd: a probation that ended with neither a confirmation nor
	// a failure decided is flagged to the GM (E3-due).
	ProbationEnd Kind = "probation_end"
)

// Deadline is one moment the system must act at.
type Deadline struct {
	Kind Kind `json:"kind"`
	// Subject is the aggregate acted on (contract, complaint, order or
	// customer id).
	Subject string `json:"subject"`
	// Item tells deadlines of one subject apart: the instalment, the
	// month, the delivery time.
	Item string    `json:"item,omitempty"`
	Due  time.Time `json:"due"`
	// CausedBy is the id of the event the deadline was derived from, and
	// CorrelationID its correlation: the firing's command is caused by it.
	CausedBy      string `json:"caused_by,omitempty"`
	CorrelationID string `json:"correlation_id,omitempty"`
}

// Key names the deadline for good: a deadline is scheduled once and fires
// once under it, and the command it fires is keyed by it.
func (d Deadline) Key() string { return key(d.Kind, d.Subject, d.Item) }

func key(k Kind, subject, item string) string {
	return string(k) + ":" + subject + ":" + item
}

// Change is what an event does to the deadlines: schedule one, or cancel
// every deadline not yet fired whose key starts with CancelPrefix (all the
// deadlines of one kind on one subject).
type Change struct {
	Schedule     *Deadline
	CancelPrefix string
}

func schedule(d Deadline) Change { return Change{Schedule: &d} }

// cancelAll cancels the deadlines of kind k on subject.
func cancelAll(k Kind, subject string) Change { return Change{CancelPrefix: key(k, subject, "")} }

// Rules are the figures a derivation needs from the regulation versions
// in force.
type Rules struct {
	// ComplaintCloseWithin is the complaint regulation's close timer in
	// force at a complaint's receipt.
	ComplaintCloseWithin func(at time.Time) time.Duration
	// DunningLadder is the contract regulation's dunning ladder in force
	// at at; nil is the default ladder.
	DunningLadder func(at time.Time) contract.DunningLadder
	// Location is the company's time zone: days and months end at its
	// midnight.
	Location *time.Location
}

// ResultsGrace is how long after a month ends its results are computed:
// long enough for the sales read model to apply the month's last
// signings.
const ResultsGrace = time.Hour

func (r Rules) location() *time.Location {
	if r.Location == nil {
		return time.UTC
	}
	return r.Location
}
