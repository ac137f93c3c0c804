package complaint

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// RecordProgress notes the handling department's progress. It refuses an
// empty note, a complaint not yet routed (ErrNotRouted), one whose
// resolution is with the customer (ErrNotWorkable) and a closed one.
func (c Complaint) RecordProgress(note, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("note", note)); err != nil {
		return nil, err
	}
	if err := c.workCheck(); err != nil {
		return nil, err
	}
	if err := required("note", note); err != nil {
		return nil, err
	}
	return []domain.Event{ProgressRecorded{ComplaintID: c.ID, Note: note, RecordedBy: by, RecordedAt: now}}, nil
}

// UpdateCustomer records feedback given to the customer while the
// complaint is open. The update is flagged Late when it breaks the
// regulation's first-update or update-interval timer. It refuses an empty
// message and a closed or unknown complaint.
func (c Complaint) UpdateCustomer(message, by string, reg Regulation, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("message", message)); err != nil {
		return nil, err
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	if err := required("message", message); err != nil {
		return nil, err
	}
	isLate := late(c.ReceivedAt, now, reg.FirstUpdateWithin)
	if !c.LastUpdateAt.IsZero() {
		isLate = late(c.LastUpdateAt, now, reg.UpdateInterval)
	}
	return []domain.Event{CustomerUpdated{
		ComplaintID: c.ID, Message: message, UpdatedBy: by, UpdatedAt: now, Late: isLate,
	}}, nil
}

// ProposeResolution records the handling department's proposed
// resolution. It refuses an empty resolution and a complaint that is not
// being handled (not routed, already proposed, or closed).
func (c Complaint) ProposeResolution(resolution, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("resolution", resolution)); err != nil {
		return nil, err
	}
	if err := c.workCheck(); err != nil {
		return nil, err
	}
	if err := required("resolution", resolution); err != nil {
		return nil, err
	}
	return []domain.Event{ResolutionProposed{ComplaintID: c.ID, Resolution: resolution, ProposedBy: by, ProposedAt: now}}, nil
}

// Escalate reports the complaint to a superior because it is beyond the
// handler's authority. Escalating again to the same superior records
// nothing; escalating further up is allowed. It refuses a missing
// superior or reason and a closed or unknown complaint.
func (c Complaint) Escalate(to, reason, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("escalate_to", to), domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	if err := required("escalated_to", to); err != nil {
		return nil, err
	}
	if err := required("reason", reason); err != nil {
		return nil, err
	}
	if c.Status == StatusEscalated && c.EscalatedTo == to {
		return nil, nil
	}
	return []domain.Event{Escalated{ComplaintID: c.ID, EscalatedTo: to, Reason: reason, EscalatedBy: by, EscalatedAt: now}}, nil
}

// workCheck returns why the handling department cannot work on c now.
func (c Complaint) workCheck() error {
	if err := c.check(); err != nil {
		return err
	}
	if c.Status == StatusReceived {
		return ErrNotRouted
	}
	if !c.workable() {
		return ErrNotWorkable
	}
	return nil
}
