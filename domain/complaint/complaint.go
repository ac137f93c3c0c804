// Package complaint is the Complaint aggregate (§3.7-receipt to
// §3.7-read, §5.8): a
// customer's complaint from receipt, through routing to the department
// concerned, handling, customer updates and a proposed resolution, to
// closure once the customer confirms satisfaction; with escalation beyond
// the handler's authority, reopening, and root-cause analysis.
package complaint

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Status is where a complaint stands. The zero value means "not received".
type Status string

// The complaint states (§3.7-receipt, §3.7-routing, §5.8).
const (
	StatusNone                 Status = ""
	StatusReceived             Status = "RECEIVED"
	StatusRouted               Status = "ROUTED"
	StatusInProgress           Status = "IN_PROGRESS"
	StatusEscalated            Status = "ESCALATED"
	StatusResolutionProposed   Status = "RESOLUTION_PROPOSED"
	StatusAwaitingConfirmation Status = "AWAITING_CUSTOMER_CONFIRMATION"
	StatusClosed               Status = "CLOSED_SATISFIED"
	StatusReopened             Status = "REOPENED"
)

// Complaint is the state rebuilt from a complaint stream: only what the
// decisions need.
//
// Rules (ids of docs/RULES.md):
//  1. Receipt records the customer, channel, content and contact details (S).
//  2. The department concerned is notified immediately: routing is recorded
//     with receipt or within Regulation.RouteWithin, else it is flagged late (S, D value).
//  3. Work (progress, proposals) needs a routed complaint.
//  4. A complaint closes only when the customer confirmed satisfaction (S).
//  5. Customer updates are periodic; late ones are flagged (S, D interval).
//  6. Root causes may be recorded at any time, also after closure (S).
type Complaint struct {
	ID           string
	Status       Status
	DepartmentID string
	ReceivedAt   time.Time
	// LastUpdateAt is when the customer was last updated (zero: never).
	LastUpdateAt time.Time
	EscalatedTo  string
	rootCauses   map[RootCause]bool
}

// RootCause is one analysed cause of a complaint and the action that should
// prevent it from recurring.
type RootCause struct {
	Category         string `json:"category"`
	PreventiveAction string `json:"preventive_action"`
}

// Stream returns the event store stream name of a complaint.
func Stream(id string) string { return "complaint-" + id }

// Evolve returns the state after e. It never fails and never validates.
func (c Complaint) Evolve(e domain.Event) Complaint {
	switch e := e.(type) {
	case Received:
		c.ID, c.Status, c.ReceivedAt = e.ComplaintID, StatusReceived, e.ReceivedAt
	case Routed:
		c.DepartmentID = e.DepartmentID
		if c.Status == StatusReceived {
			c.Status = StatusRouted
		}
	case ProgressRecorded:
		c.Status = StatusInProgress
	case CustomerUpdated:
		c.LastUpdateAt = e.UpdatedAt
	case ResolutionProposed:
		c.Status = StatusResolutionProposed
	case ConfirmationRequested:
		c.Status = StatusAwaitingConfirmation
	case ResolutionDeclined:
		c.Status = StatusInProgress
	case Escalated:
		c.Status, c.EscalatedTo = StatusEscalated, e.EscalatedTo
	case Closed:
		c.Status = StatusClosed
	case Reopened:
		c.Status = StatusReopened
	case RootCauseRecorded:
		c.rootCauses = copyWith(c.rootCauses, RootCause{e.Category, e.PreventiveAction})
	}
	return c
}

// copyWith returns a copy of m with rc added, so earlier states that share
// the map are not changed.
func copyWith(m map[RootCause]bool, rc RootCause) map[RootCause]bool {
	out := make(map[RootCause]bool, len(m)+1)
	for k := range m {
		out[k] = true
	}
	out[rc] = true
	return out
}

// workable reports whether the handling department may work on it: routed
// and not waiting for, or past, the customer's confirmation.
func (c Complaint) workable() bool {
	switch c.Status {
	case StatusRouted, StatusInProgress, StatusEscalated, StatusReopened:
		return true
	}
	return false
}

// check returns the error for a complaint that does not exist or is closed.
func (c Complaint) check() error {
	switch c.Status {
	case StatusNone:
		return ErrNotFound
	case StatusClosed:
		return ErrClosed
	}
	return nil
}
