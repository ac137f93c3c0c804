package employee

import (
	"slices"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

type leave struct{ retroactive, approved bool }

type trip struct {
	startsAt time.Time
	approved bool
}

func (s Employee) checkedIn(e CheckedIn) Employee {
	if e.Day != s.checkInDay {
		s.checkInDay, s.checkInSlots = e.Day, nil
	}
	s.checkInSlots = append(slices.Clip(s.checkInSlots), e.Slot)
	return s
}

// CheckIn records a check-in for one of the regulation's slots. A second
// check-in for the same slot on the same company calendar day is a no-op.
func (s Employee) CheckIn(slot string, reg Regulation, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("slot", slot)); err != nil {
		return nil, err
	}
	if !s.employed() {
		return nil, s.activeError()
	}
	if !slices.Contains(reg.CheckInSlots, slot) {
		return nil, ErrUnknownSlot
	}
	day := reg.day(now)
	if s.checkInDay == day && slices.Contains(s.checkInSlots, slot) {
		return nil, nil
	}
	return []domain.Event{CheckedIn{EmployeeID: s.ID, Slot: slot, Day: day, CheckedInAt: now}}, nil
}

// LeaveRequest is a written leave request.
type LeaveRequest struct {
	LeaveID string
	From    time.Time
	To      time.Time
	Reason  string
}

func (r LeaveRequest) validate() error {
	if r.LeaveID == "" || strings.TrimSpace(r.Reason) == "" || r.From.IsZero() || r.To.IsZero() {
		return ErrMissingField
	}
	if r.To.Before(r.From) {
		return ErrBadPeriod
	}
	return nil
}

// RequestLeave records a written request for leave that has not started.
// Leave already under way is filed with FileRetroactiveLeave. A repeated
// request id is a no-op.
func (s Employee) RequestLeave(r LeaveRequest, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("leave_id", r.LeaveID), domain.Text("reason", r.Reason)); err != nil {
		return nil, err
	}
	if err := s.leaveCheck(r); err != nil || s.hasLeave(r.LeaveID) {
		return nil, err
	}
	if r.From.Before(now) {
		return nil, ErrLeaveInPast
	}
	return []domain.Event{LeaveRequested{
		EmployeeID: s.ID, LeaveID: r.LeaveID, From: r.From, To: r.To, Reason: r.Reason, RequestedAt: now,
	}}, nil
}

// FileRetroactiveLeave files leave taken in an emergency after the fact;
// the filing is flagged retroactive and still needs the manager's
// signature (E7). A repeated id is a no-op.
func (s Employee) FileRetroactiveLeave(r LeaveRequest, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("leave_id", r.LeaveID), domain.Text("reason", r.Reason)); err != nil {
		return nil, err
	}
	if err := s.leaveCheck(r); err != nil || s.hasLeave(r.LeaveID) {
		return nil, err
	}
	if !r.From.Before(now) {
		return nil, ErrLeaveNotPast
	}
	return []domain.Event{LeaveRetroactivelyFiled{
		EmployeeID: s.ID, LeaveID: r.LeaveID, From: r.From, To: r.To, Reason: r.Reason, FiledAt: now,
	}}, nil
}

func (s Employee) leaveCheck(r LeaveRequest) error {
	if !s.employed() {
		return s.activeError()
	}
	return r.validate()
}

func (s Employee) hasLeave(id string) bool {
	if s.history == nil {
		return false
	}
	_, ok := s.leaves[id]
	return ok
}

// SignLeave records the department manager's signature, which makes the
// leave effective (E7). Another role, or the employee signing their own
// leave, is refused; signing twice is a no-op.
func (s Employee) SignLeave(leaveID, signerID string, role domain.Role, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("leave_id", leaveID)); err != nil {
		return nil, err
	}
	if role != domain.RoleDeptHead || signerID == s.ID {
		return nil, ErrLeaveSigner
	}
	if s.Status == StatusNone {
		return nil, ErrNotFound
	}
	if !s.hasLeave(leaveID) {
		return nil, ErrLeaveNotFound
	}
	l := s.leaves[leaveID]
	if l.approved {
		return nil, nil
	}
	return []domain.Event{LeaveApproved{
		EmployeeID: s.ID, LeaveID: leaveID, Retroactive: l.retroactive, SignedBy: signerID, SignedAt: now,
	}}, nil
}
