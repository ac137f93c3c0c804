package order

import (
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// SignOff is the proof of delivery O2 requires: the customer's valid
// sign-off and the delivery note handed to the responsible employee.
type SignOff struct {
	SignedBy               string
	SignedAt               time.Time
	DeliveryNoteNo         string
	NoteHandedToEmployeeID string
}

func (s SignOff) validate(now time.Time) error {
	switch {
	case strings.TrimSpace(s.SignedBy) == "":
		return domain.InvalidField("signed_by", "O2: the customer's sign-off is required")
	case s.SignedAt.IsZero():
		return domain.InvalidField("signed_at", "O2: the time of the customer's sign-off is required")
	case s.SignedAt.After(now):
		return domain.InvalidField("signed_at", "O2: the sign-off cannot be in the future")
	case strings.TrimSpace(s.DeliveryNoteNo) == "":
		return domain.InvalidField("delivery_note_no", "O2: the delivery note number is required")
	case strings.TrimSpace(s.NoteHandedToEmployeeID) == "":
		return domain.InvalidField("note_handed_to_employee_id", "O2: the employee the delivery note was handed to is required")
	}
	return nil
}

// Deliver records a delivery with its sign-off (O2). It refuses orders not
// in transit and any missing part of the proof. A goods order already paid
// in full settles at once. Repeating it with the same delivery note is a
// no-op.
func (o Order) Deliver(s SignOff, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("signed_by", s.SignedBy), domain.Text("delivery_note_no", s.DeliveryNoteNo), domain.Text("note_handed_to_employee_id", s.NoteHandedToEmployeeID)); err != nil {
		return nil, err
	}
	if o.Status != StatusInTransit {
		if o.DeliveryNoteNo != "" && o.DeliveryNoteNo == s.DeliveryNoteNo {
			return nil, nil
		}
		return nil, o.wrongState("deliver")
	}
	if err := s.validate(now); err != nil {
		return nil, err
	}
	events := []domain.Event{Delivered{
		OrderID: o.ID, SignedBy: s.SignedBy, SignedAt: s.SignedAt, DeliveryNoteNo: s.DeliveryNoteNo,
		NoteHandedToEmployeeID: s.NoteHandedToEmployeeID, RecordedBy: by, DeliveredAt: now,
	}}
	if o.Kind != KindProject && o.paidInFull() {
		events = append(events, Settled{OrderID: o.ID, TotalPaid: o.Paid, SettledAt: now})
	}
	return events, nil
}

// Accept records the acceptance of a delivered project-type order,
// organised by the team supervisor. It refuses goods orders and orders not
// delivered; accepting again is a no-op. A fully paid order settles at once.
func (o Order) Accept(customerAcceptor, supervisorID string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("customer_acceptor", customerAcceptor)); err != nil {
		return nil, err
	}
	if o.Exists() && o.Kind != KindProject {
		return nil, ErrNotProject
	}
	switch o.Status {
	case StatusAccepted, StatusSettled, StatusClosed:
		return nil, nil
	case StatusDelivered:
	default:
		return nil, o.wrongState("accept")
	}
	if strings.TrimSpace(customerAcceptor) == "" {
		return nil, domain.InvalidField("customer_acceptor", "required")
	}
	events := []domain.Event{Accepted{OrderID: o.ID, SupervisorID: supervisorID, CustomerAcceptor: customerAcceptor, AcceptedAt: now}}
	if o.paidInFull() {
		events = append(events, Settled{OrderID: o.ID, TotalPaid: o.Paid, SettledAt: now})
	}
	return events, nil
}

// RecordDelay flags the order late (O5) in any state before delivery once
// the earliest line's delivery time has passed at now. It refuses an order
// not yet due; flagging the same due time twice is a no-op.
func (o Order) RecordDelay(reason, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	if o.Status == StatusNone || (o.dispatched() && o.Status != StatusInTransit) {
		return nil, o.wrongState("flag a delay on")
	}
	due := dueAt(o.Lines)
	if o.DelayedFor.Equal(due) {
		return nil, nil
	}
	if !now.After(due) {
		return nil, ErrNotOverdue
	}
	return []domain.Event{DeliveryDelayed{OrderID: o.ID, DueAt: due, Reason: reason, RecordedBy: by, RecordedAt: now}}, nil
}
