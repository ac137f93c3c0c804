package supervision

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// NoticeStatus is where a rectification notice stands (§3.15: ISSUED →
// ACKNOWLEDGED → RECTIFIED → VERIFIED). OVERDUE is not a stored status:
// it is a notice past its deadline day and not verified, computed for a
// given day by Overdue, so it never depends on when someone looked.
type NoticeStatus string

// The notice states.
const (
	NoticeNone   NoticeStatus = ""
	Issued       NoticeStatus = "ISSUED"
	Acknowledged NoticeStatus = "ACKNOWLEDGED"
	Rectified    NoticeStatus = "RECTIFIED"
	Verified     NoticeStatus = "VERIFIED"
)

// NoticeStatuses lists the stored statuses, for the API's enums.
func NoticeStatuses() []NoticeStatus {
	return []NoticeStatus{Issued, Acknowledged, Rectified, Verified}
}

// Notice is the state of a rectification notice.
type Notice struct {
	ID           string
	Status       NoticeStatus
	DepartmentID string
	AssigneeID   string
	Deadline     time.Time
}

// Evolve returns the state after e.
func (n Notice) Evolve(e domain.Event) Notice {
	switch e := e.(type) {
	case NoticeIssued:
		n = Notice{ID: e.NoticeID, Status: Issued, DepartmentID: e.DepartmentID,
			AssigneeID: e.AssigneeID, Deadline: e.Deadline}
	case NoticeAcknowledged:
		n.Status = Acknowledged
	case RectificationReported:
		n.Status = Rectified
	case RectificationVerified:
		n.Status = Acknowledged // rectify again
		if e.Passed {
			n.Status = Verified
		}
	case DeadlineExtended:
		n.Deadline = e.Deadline
	}
	return n
}

// Overdue reports whether the notice is overdue on day (§5.26-overdue):
// issued, not verified, and day is after the deadline day. On the deadline
// day itself it is not overdue yet.
func (n Notice) Overdue(day time.Time) bool {
	return n.Status != NoticeNone && n.Status != Verified && Day(day).After(Day(n.Deadline))
}

// NoticeInput is what a rectification notice says: to which department
// and person, what to rectify, by which day, and the spot check it
// follows from, if any.
type NoticeInput struct {
	NoticeID     string
	SpotCheckID  string
	DepartmentID string
	AssigneeID   string
	Requirement  string
	Deadline     time.Time
}

// Issue issues a rectification notice (§5.26-deadline): it always carries
// a deadline, which cannot be before the day of issue. A notice naming a
// spot check needs that spot check recorded (spotCheck is its state).
func (n Notice) Issue(in NoticeInput, spotCheck SpotCheck, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("notice_id", in.NoticeID), domain.Text("spot_check_id", in.SpotCheckID),
		domain.Text("department_id", in.DepartmentID), domain.Text("assignee_id", in.AssigneeID),
		domain.Text("requirement", in.Requirement)); err != nil {
		return nil, err
	}
	if n.Status != NoticeNone {
		return nil, ErrNoticeIssued
	}
	if err := requiredAll("notice_id", in.NoticeID, "department_id", in.DepartmentID,
		"assignee_id", in.AssigneeID, "requirement", in.Requirement); err != nil {
		return nil, err
	}
	if in.Deadline.IsZero() {
		return nil, domain.InvalidField("deadline", "required: a rectification notice sets a deadline")
	}
	if Day(in.Deadline).Before(Day(now)) {
		return nil, ErrDeadlineBeforeIssue
	}
	if in.SpotCheckID != "" && !spotCheck.Exists() {
		return nil, ErrUnknownSpotCheck
	}
	return []domain.Event{NoticeIssued{
		NoticeID: in.NoticeID, SpotCheckID: in.SpotCheckID, DepartmentID: in.DepartmentID,
		AssigneeID: in.AssigneeID, Requirement: in.Requirement, Deadline: Day(in.Deadline),
		IssuedBy: by, IssuedAt: now,
	}}, nil
}

// open returns the error for a notice that does not exist or is closed.
func (n Notice) open() error {
	switch n.Status {
	case NoticeNone:
		return ErrNoticeNotFound
	case Verified:
		return ErrNoticeClosed
	}
	return nil
}

// Acknowledge records that the department took the notice up.
// Acknowledging again records nothing.
func (n Notice) Acknowledge(by string, now time.Time) ([]domain.Event, error) {
	if err := n.open(); err != nil {
		return nil, err
	}
	if n.Status != Issued {
		return nil, nil
	}
	return []domain.Event{NoticeAcknowledged{NoticeID: n.ID, AcknowledgedBy: by, AcknowledgedAt: now}}, nil
}

// ReportRectification records the department's response
// (§3.15-follow-up): it needs the notice acknowledged, and is flagged Late
// after the deadline day. It is accepted late: the rectification is still
// owed, and the lateness stays on record.
func (n Notice) ReportRectification(note, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("note", note)); err != nil {
		return nil, err
	}
	if err := n.open(); err != nil {
		return nil, err
	}
	switch n.Status {
	case Issued:
		return nil, ErrNotAcknowledged
	case Rectified:
		return nil, ErrAlreadyRectified
	}
	if err := required("note", note); err != nil {
		return nil, err
	}
	return []domain.Event{RectificationReported{NoticeID: n.ID, Note: note, ReportedBy: by, ReportedAt: now,
		Late: n.Overdue(now)}}, nil
}

// Verify records the supervision team's check of the reported
// rectification (§3.15-follow-up): passed closes the notice, failed sends
// it back to the department under the same deadline, with a comment.
func (n Notice) Verify(passed bool, comment, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("comment", comment)); err != nil {
		return nil, err
	}
	if err := n.open(); err != nil {
		return nil, err
	}
	if n.Status != Rectified {
		return nil, ErrNotRectified
	}
	if !passed {
		if err := required("comment", comment); err != nil {
			return nil, err
		}
	}
	return []domain.Event{RectificationVerified{NoticeID: n.ID, Passed: passed, Comment: comment,
		VerifiedBy: by, VerifiedAt: now, Late: passed && n.Overdue(now)}}, nil
}

// ExtendDeadline moves the deadline later (§3.15-extension, D): only while
// the deadline has not passed (on the deadline day itself it still may),
// so an overdue state on record is never erased by a later deadline.
func (n Notice) ExtendDeadline(deadline time.Time, by string, now time.Time) ([]domain.Event, error) {
	if err := n.open(); err != nil {
		return nil, err
	}
	if deadline.IsZero() {
		return nil, domain.InvalidField("deadline", "required")
	}
	if n.Overdue(now) {
		return nil, ErrOverdueNoExtension
	}
	if !Day(deadline).After(Day(n.Deadline)) {
		return nil, ErrExtensionNotLater
	}
	return []domain.Event{DeadlineExtended{NoticeID: n.ID, Deadline: Day(deadline), PreviousDeadline: n.Deadline,
		ExtendedBy: by, ExtendedAt: now}}, nil
}
