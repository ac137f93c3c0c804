package complaint

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Received is recorded when a complaint is taken from a customer.
type Received struct {
	ComplaintID string    `json:"complaint_id"`
	CustomerID  string    `json:"customer_id"`
	Channel     Channel   `json:"channel"`
	Content     string    `json:"content"`
	Contact     string    `json:"contact"`
	ReceivedBy  string    `json:"received_by"`
	ReceivedAt  time.Time `json:"received_at"`
}

// Routed is recorded when the department concerned is notified. Late is
// set when the first routing came after the regulation's "immediate" window;
// WithReceipt when it was recorded together with the receipt.
type Routed struct {
	ComplaintID  string    `json:"complaint_id"`
	DepartmentID string    `json:"department_id"`
	RoutedBy     string    `json:"routed_by"`
	RoutedAt     time.Time `json:"routed_at"`
	WithReceipt  bool      `json:"with_receipt"`
	Late         bool      `json:"late"`
}

// ProgressRecorded is recorded when the handling department notes progress.
type ProgressRecorded struct {
	ComplaintID string    `json:"complaint_id"`
	Note        string    `json:"note"`
	RecordedBy  string    `json:"recorded_by"`
	RecordedAt  time.Time `json:"recorded_at"`
}

// CustomerUpdated is recorded when the customer is told how handling goes.
// Late is set when the first update came after Regulation.FirstUpdateWithin,
// or a later one after Regulation.UpdateInterval.
type CustomerUpdated struct {
	ComplaintID string    `json:"complaint_id"`
	Message     string    `json:"message"`
	UpdatedBy   string    `json:"updated_by"`
	UpdatedAt   time.Time `json:"updated_at"`
	Late        bool      `json:"late"`
}

// ResolutionProposed is recorded when the handling department proposes how
// to resolve the complaint.
type ResolutionProposed struct {
	ComplaintID string    `json:"complaint_id"`
	Resolution  string    `json:"resolution"`
	ProposedBy  string    `json:"proposed_by"`
	ProposedAt  time.Time `json:"proposed_at"`
}

// ConfirmationRequested is recorded when the proposed resolution is put to
// the customer, who is now asked to confirm satisfaction. (A design event, D;
// it marks the AWAITING_CUSTOMER_CONFIRMATION state.)
type ConfirmationRequested struct {
	ComplaintID string    `json:"complaint_id"`
	RequestedBy string    `json:"requested_by"`
	RequestedAt time.Time `json:"requested_at"`
}

// ResolutionDeclined is recorded when the customer is not satisfied with
// the proposed resolution; handling resumes ("until the customer is
// satisfied", §5.8). A design event (D).
type ResolutionDeclined struct {
	ComplaintID string    `json:"complaint_id"`
	Reason      string    `json:"reason"`
	RecordedBy  string    `json:"recorded_by"`
	DeclinedAt  time.Time `json:"declined_at"`
}

// Escalated is recorded when a handler reports a complaint beyond their
// authority to a superior.
type Escalated struct {
	ComplaintID string    `json:"complaint_id"`
	EscalatedTo string    `json:"escalated_to"`
	Reason      string    `json:"reason"`
	EscalatedBy string    `json:"escalated_by"`
	EscalatedAt time.Time `json:"escalated_at"`
}

// Closed is recorded when the customer confirmed satisfaction. Late is set
// when closure came after Regulation.CloseWithin from receipt.
type Closed struct {
	ComplaintID             string    `json:"complaint_id"`
	SatisfactionConfirmedBy string    `json:"satisfaction_confirmed_by"`
	CustomerConfirmationRef string    `json:"customer_confirmation_ref"`
	ClosedAt                time.Time `json:"closed_at"`
	Late                    bool      `json:"late"`
}

// Reopened is recorded when a closed complaint is taken up again.
type Reopened struct {
	ComplaintID string    `json:"complaint_id"`
	Reason      string    `json:"reason"`
	ReopenedBy  string    `json:"reopened_by"`
	ReopenedAt  time.Time `json:"reopened_at"`
}

// RootCauseRecorded is recorded when the cause of a complaint is analysed,
// with the action that should prevent it from recurring.
type RootCauseRecorded struct {
	ComplaintID      string    `json:"complaint_id"`
	Category         string    `json:"category"`
	PreventiveAction string    `json:"preventive_action"`
	RecordedBy       string    `json:"recorded_by"`
	RecordedAt       time.Time `json:"recorded_at"`
}

func (Received) EventType() string              { return "complaint.received" }
func (Routed) EventType() string                { return "complaint.routed" }
func (ProgressRecorded) EventType() string      { return "complaint.progress_recorded" }
func (CustomerUpdated) EventType() string       { return "complaint.customer_updated" }
func (ResolutionProposed) EventType() string    { return "complaint.resolution_proposed" }
func (ConfirmationRequested) EventType() string { return "complaint.confirmation_requested" }
func (ResolutionDeclined) EventType() string    { return "complaint.resolution_declined" }
func (Escalated) EventType() string             { return "complaint.escalated" }
func (Closed) EventType() string                { return "complaint.closed" }
func (Reopened) EventType() string              { return "complaint.reopened" }
func (RootCauseRecorded) EventType() string     { return "complaint.root_cause_recorded" }

// Events lists every event of the complaint stream, for the codec registry.
func Events() []domain.Event {
	return []domain.Event{
		Received{}, Routed{}, ProgressRecorded{}, CustomerUpdated{}, ResolutionProposed{},
		ConfirmationRequested{}, ResolutionDeclined{}, Escalated{}, Closed{}, Reopened{},
		RootCauseRecorded{},
	}
}
