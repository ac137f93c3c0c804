package complaint

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// RequestConfirmation puts the proposed resolution to the customer, who is
// now asked to confirm satisfaction. Asking again while waiting records
// nothing. It refuses a complaint without a pending proposal.
func (c Complaint) RequestConfirmation(by string, now time.Time) ([]domain.Event, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	switch c.Status {
	case StatusAwaitingConfirmation:
		return nil, nil
	case StatusResolutionProposed:
		return []domain.Event{ConfirmationRequested{ComplaintID: c.ID, RequestedBy: by, RequestedAt: now}}, nil
	}
	return nil, ErrNoProposal
}

// DeclineResolution records that the customer is not satisfied with the
// proposal; handling resumes. It refuses an empty reason and a complaint
// without a proposal pending or awaiting confirmation.
func (c Complaint) DeclineResolution(reason, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	if c.Status != StatusResolutionProposed && c.Status != StatusAwaitingConfirmation {
		return nil, ErrNoProposal
	}
	if err := required("reason", reason); err != nil {
		return nil, err
	}
	return []domain.Event{ResolutionDeclined{ComplaintID: c.ID, Reason: reason, RecordedBy: by, DeclinedAt: now}}, nil
}

// Confirmation is the customer's answer to a proposed resolution, as taken
// down by the employee who asked: whether they are satisfied and the
// reference of the confirmation (call record, signed form, e-mail).
type Confirmation struct {
	Satisfied               bool
	CustomerConfirmationRef string
}

// Close closes the complaint on the customer's confirmed satisfaction
// (§5.8). confirmedBy is the employee who obtained it. Closing a
// closed complaint records nothing. It refuses a complaint not awaiting
// confirmation (ErrNotAwaiting), a customer who is not satisfied
// (ErrNotSatisfied, rule §5.8) and a missing confirmation reference.
func (c Complaint) Close(conf Confirmation, confirmedBy string, reg Regulation, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("customer_confirmation_ref", conf.CustomerConfirmationRef)); err != nil {
		return nil, err
	}
	switch c.Status {
	case StatusNone:
		return nil, ErrNotFound
	case StatusClosed:
		return nil, nil
	case StatusAwaitingConfirmation:
	default:
		return nil, ErrNotAwaiting
	}
	if !conf.Satisfied {
		return nil, ErrNotSatisfied
	}
	if err := required("customer_confirmation_ref", conf.CustomerConfirmationRef); err != nil {
		return nil, err
	}
	if err := required("satisfaction_confirmed_by", confirmedBy); err != nil {
		return nil, err
	}
	return []domain.Event{Closed{
		ComplaintID: c.ID, SatisfactionConfirmedBy: confirmedBy,
		CustomerConfirmationRef: conf.CustomerConfirmationRef, ClosedAt: now,
		Late: late(c.ReceivedAt, now, reg.CloseWithin),
	}}, nil
}

// Reopen takes a closed complaint up again, back with the department it
// was routed to. It refuses an empty reason and a complaint that is not
// closed (ErrNotClosed).
func (c Complaint) Reopen(reason, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	switch c.Status {
	case StatusNone:
		return nil, ErrNotFound
	case StatusClosed:
	default:
		return nil, ErrNotClosed
	}
	if err := required("reason", reason); err != nil {
		return nil, err
	}
	return []domain.Event{Reopened{ComplaintID: c.ID, Reason: reason, ReopenedBy: by, ReopenedAt: now}}, nil
}

// RecordRootCause records an analysed cause and its preventive action, at
// any stage including after closure. Recording the same cause and action
// again records nothing. It refuses a missing category or action and an
// unknown complaint.
func (c Complaint) RecordRootCause(rc RootCause, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("category", rc.Category), domain.Text("preventive_action", rc.PreventiveAction)); err != nil {
		return nil, err
	}
	if c.Status == StatusNone {
		return nil, ErrNotFound
	}
	if err := required("category", rc.Category); err != nil {
		return nil, err
	}
	if err := required("preventive_action", rc.PreventiveAction); err != nil {
		return nil, err
	}
	if c.rootCauses[rc] {
		return nil, nil
	}
	return []domain.Event{RootCauseRecorded{
		ComplaintID: c.ID, Category: rc.Category, PreventiveAction: rc.PreventiveAction,
		RecordedBy: by, RecordedAt: now,
	}}, nil
}
