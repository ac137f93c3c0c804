package quotation

import (
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Accept records that the customer accepted an issued quote. It refuses
// any status but ISSUED; an accepted quote records nothing.
func (q Quotation) Accept(by string, at time.Time) ([]domain.Event, error) {
	if err := q.issued(StatusAccepted); err != nil || q.Status == StatusAccepted {
		return nil, err
	}
	return []domain.Event{AcceptedByCustomer{QuotationID: q.ID, RecordedBy: by, AcceptedAt: at}}, nil
}

// RejectByCustomer records that the customer turned an issued quote down.
// It refuses any status but ISSUED; a quote already turned down records
// nothing.
func (q Quotation) RejectByCustomer(reason, by string, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	if err := q.issued(StatusRejectedByCustomer); err != nil || q.Status == StatusRejectedByCustomer {
		return nil, err
	}
	return []domain.Event{RejectedByCustomer{QuotationID: q.ID, Reason: reason, RecordedBy: by, RejectedAt: at}}, nil
}

// issued refuses a quote that is neither issued nor already in status done.
func (q Quotation) issued(done Status) error {
	switch {
	case !q.Exists():
		return ErrNotFound
	case q.Status == StatusIssued, q.Status == done:
		return nil
	}
	return ErrWrongStatus
}

// open reports whether the quote can still be superseded or expire.
func (q Quotation) open() bool {
	switch q.Status {
	case StatusDraft, StatusPendingApproval, StatusApproved, StatusIssued:
		return true
	}
	return false
}

// Supersede records that quotation byID replaces this one. It refuses a
// missing or identical byID and a closed quote; a superseded quote records
// nothing.
func (q Quotation) Supersede(byID, by string, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("superseded_by", byID)); err != nil {
		return nil, err
	}
	switch {
	case !q.Exists():
		return nil, ErrNotFound
	case q.Status == StatusSuperseded:
		return nil, nil
	case strings.TrimSpace(byID) == "" || byID == q.ID:
		return nil, domain.InvalidField("superseded_by", "must name another quotation")
	case !q.open():
		return nil, ErrWrongStatus
	}
	return []domain.Event{Superseded{QuotationID: q.ID, SupersededBy: byID, RecordedBy: by, SupersededAt: at}}, nil
}

// Expire records that an open quote lapsed. It refuses a quote still
// within its ValidUntil and a closed one; an expired quote records nothing.
func (q Quotation) Expire(at time.Time) ([]domain.Event, error) {
	switch {
	case !q.Exists():
		return nil, ErrNotFound
	case q.Status == StatusExpired:
		return nil, nil
	case !q.open():
		return nil, ErrWrongStatus
	case !q.ValidUntil.IsZero() && at.Before(q.ValidUntil):
		return nil, ErrNotYetExpired
	}
	return []domain.Event{Expired{QuotationID: q.ID, ExpiredAt: at}}, nil
}
