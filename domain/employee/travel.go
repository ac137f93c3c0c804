package employee

import (
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Outing is an outing registration before customer visits.
type Outing struct {
	OutingID       string
	Destination    string
	Purpose        string
	CustomerIDs    []string
	LeavesAt       time.Time // zero means now
	ExpectedBackAt time.Time
}

// RegisterOuting records an outing before the employee leaves. It refuses
// an outing that already began.
func (s Employee) RegisterOuting(o Outing, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(append(domain.Texts("customer_ids", o.CustomerIDs), domain.Text("outing_id", o.OutingID), domain.Text("destination", o.Destination), domain.Text("purpose", o.Purpose))...); err != nil {
		return nil, err
	}
	if !s.employed() {
		return nil, s.activeError()
	}
	if o.OutingID == "" || strings.TrimSpace(o.Destination) == "" || strings.TrimSpace(o.Purpose) == "" {
		return nil, ErrMissingField
	}
	if o.LeavesAt.IsZero() {
		o.LeavesAt = now
	}
	if o.LeavesAt.Before(now) {
		return nil, ErrOutingLate
	}
	if !o.ExpectedBackAt.IsZero() && o.ExpectedBackAt.Before(o.LeavesAt) {
		return nil, ErrBadPeriod
	}
	return []domain.Event{OutingRegistered{
		EmployeeID: s.ID, OutingID: o.OutingID, Destination: o.Destination, Purpose: o.Purpose,
		CustomerIDs: o.CustomerIDs, LeavesAt: o.LeavesAt, ExpectedBackAt: o.ExpectedBackAt, RegisteredAt: now,
	}}, nil
}

// Trip is a business trip request.
type Trip struct {
	TripID      string
	Destination string
	Purpose     string
	StartsAt    time.Time
	EndsAt      time.Time
}

// RequestBusinessTrip records a trip request. A trip that has already
// started cannot be approved beforehand, so it is refused (E8). A repeated
// trip id is a no-op.
func (s Employee) RequestBusinessTrip(t Trip, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("trip_id", t.TripID), domain.Text("destination", t.Destination), domain.Text("purpose", t.Purpose)); err != nil {
		return nil, err
	}
	if !s.employed() {
		return nil, s.activeError()
	}
	if t.TripID == "" || strings.TrimSpace(t.Destination) == "" || t.StartsAt.IsZero() || t.EndsAt.IsZero() {
		return nil, ErrMissingField
	}
	if t.EndsAt.Before(t.StartsAt) {
		return nil, ErrBadPeriod
	}
	if _, ok := s.trips[t.TripID]; ok {
		return nil, nil
	}
	if !now.Before(t.StartsAt) {
		return nil, ErrTripStarted
	}
	return []domain.Event{BusinessTripRequested{
		EmployeeID: s.ID, TripID: t.TripID, Destination: t.Destination, Purpose: t.Purpose,
		StartsAt: t.StartsAt, EndsAt: t.EndsAt, RequestedAt: now,
	}}, nil
}

// ApproveBusinessTrip records the department manager's approval. Approval
// at or after the trip's start is refused (E8); approving twice is a no-op.
func (s Employee) ApproveBusinessTrip(tripID, approverID string, role domain.Role, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("trip_id", tripID)); err != nil {
		return nil, err
	}
	if role != domain.RoleDeptHead || approverID == s.ID {
		return nil, ErrTripApprover
	}
	if s.Status == StatusNone {
		return nil, ErrNotFound
	}
	t, ok := s.trips[tripID]
	switch {
	case !ok:
		return nil, ErrTripNotFound
	case t.approved:
		return nil, nil
	case !now.Before(t.startsAt):
		return nil, ErrTripStarted
	}
	return []domain.Event{BusinessTripApproved{EmployeeID: s.ID, TripID: tripID, ApprovedBy: approverID, ApprovedAt: now}}, nil
}
