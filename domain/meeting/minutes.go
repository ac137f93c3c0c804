package meeting

import (
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Attendance is what a held meeting records: when it ran and who was
// there.
type Attendance struct {
	StartedAt time.Time
	EndedAt   time.Time
	Present   []string
}

// Hold records that the meeting took place. Every expected attendee not
// present and not excused is recorded absent ([003] 「不得无故缺席」); a
// stand-up that ran past its limit is recorded as having overrun
// (§3.14-length: the limit is a fact to report, not a reason to deny the
// meeting happened). It refuses an end before the start or after now, a
// present employee who was not expected, and a meeting not scheduled.
func (m Meeting) Hold(a Attendance, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Texts("present", a.Present)...); err != nil {
		return nil, err
	}
	if err := m.scheduled(); err != nil {
		return nil, err
	}
	if err := m.validAttendance(a, now); err != nil {
		return nil, err
	}
	var absent []string
	for _, id := range m.Plan.Attendees {
		if _, excused := m.Excused[id]; !excused && !slices.Contains(a.Present, id) {
			absent = append(absent, id)
		}
	}
	limit := lengthLimit(m.Plan.Kind)
	return []domain.Event{Held{MeetingID: m.ID, StartedAt: a.StartedAt, EndedAt: a.EndedAt, Present: a.Present,
		Absent: absent, LimitMinutes: int(limit / time.Minute), Overran: limit > 0 && a.EndedAt.Sub(a.StartedAt) > limit,
		RecordedBy: by, RecordedAt: now}}, nil
}

func (m Meeting) validAttendance(a Attendance, now time.Time) error {
	switch {
	case a.StartedAt.IsZero():
		return domain.InvalidField("started_at", "required")
	case a.EndedAt.IsZero():
		return domain.InvalidField("ended_at", "required")
	case !a.EndedAt.After(a.StartedAt):
		return domain.InvalidField("ended_at", "must be after started_at")
	case a.EndedAt.After(now):
		return domain.InvalidField("ended_at", "must not be in the future")
	}
	if err := distinct("present", a.Present); err != nil {
		return err
	}
	for i, id := range a.Present {
		if !slices.Contains(m.Plan.Attendees, id) {
			return domain.InvalidField(domain.Indexed("present", i), "not an expected attendee")
		}
		if _, excused := m.Excused[id]; excused {
			return domain.InvalidField(domain.Indexed("present", i), "excused from the meeting")
		}
	}
	return nil
}

// RecordMinutes records the minutes of a held meeting ([000]
// 「会议必须要有纪录」). It refuses empty content and a meeting not held
// (§3.14-minutes); minutes already written are not rewritten.
func (m Meeting) RecordMinutes(content string, actions []string, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(append(domain.Texts("actions", actions), domain.Text("content", content))...); err != nil {
		return nil, err
	}
	switch m.Status {
	case StatusNone:
		return nil, ErrNotFound
	case StatusClosed:
		return nil, ErrClosed
	case StatusScheduled:
		return nil, ErrNotHeld
	case StatusMinutesRecorded, StatusCountersigned:
		return nil, domain.Conflict("the meeting's minutes are already recorded")
	}
	if content == "" {
		return nil, domain.InvalidField("content", "required")
	}
	for i, a := range actions {
		if a == "" {
			return nil, domain.InvalidField(domain.Indexed("actions", i), "required")
		}
	}
	return []domain.Event{MinutesRecorded{MeetingID: m.ID, Content: content, Actions: actions, RecordedBy: by, RecordedAt: now}}, nil
}

// Countersign records a signatory's countersignature of the minutes
// ([000] 「重要会议必须会签确认」). It refuses someone not named a
// signatory and minutes not yet written (§3.14-countersign); signing
// twice records nothing.
func (m Meeting) Countersign(signatoryID string, now time.Time) ([]domain.Event, error) {
	switch m.Status {
	case StatusNone:
		return nil, ErrNotFound
	case StatusClosed:
		return nil, ErrClosed
	case StatusScheduled, StatusHeld:
		return nil, ErrNoMinutesToSign
	}
	if !slices.Contains(m.Plan.Signatories, signatoryID) {
		return nil, ErrNotSignatory
	}
	if slices.Contains(m.Countersigned, signatoryID) {
		return nil, nil
	}
	return []domain.Event{MinutesCountersigned{MeetingID: m.ID, SignatoryID: signatoryID, SignedAt: now}}, nil
}

// Close ends the meeting's record. It refuses a meeting without minutes
// (§3.14-minutes) and an important meeting a signatory has not
// countersigned (§3.14-countersign). Closing a closed meeting records
// nothing.
func (m Meeting) Close(by string, now time.Time) ([]domain.Event, error) {
	switch m.Status {
	case StatusNone:
		return nil, ErrNotFound
	case StatusClosed:
		return nil, nil
	case StatusScheduled, StatusHeld:
		return nil, ErrNoMinutes
	}
	if m.Plan.Important && !m.allSigned() {
		return nil, ErrUnsigned
	}
	return []domain.Event{Closed{MeetingID: m.ID, ClosedBy: by, ClosedAt: now}}, nil
}
