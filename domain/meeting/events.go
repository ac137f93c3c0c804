package meeting

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Scheduled is recorded when a meeting is called.
type Scheduled struct {
	MeetingID string `json:"meeting_id"`
	Plan
	ScheduledBy string    `json:"scheduled_by"`
	ScheduledAt time.Time `json:"scheduled_at"`
}

// RoomBooked is recorded when the office registers the meeting room's
// booking, at least a day before the meeting (§3.14-room).
type RoomBooked struct {
	MeetingID string    `json:"meeting_id"`
	Room      string    `json:"room"`
	BookedBy  string    `json:"booked_by"`
	BookedAt  time.Time `json:"booked_at"`
}

// AbsenceExcused is recorded when an attendee's leave from the meeting is
// granted, before it starts (§3.14-leave).
type AbsenceExcused struct {
	MeetingID    string      `json:"meeting_id"`
	EmployeeID   string      `json:"employee_id"`
	Reason       string      `json:"reason"`
	ApprovedBy   string      `json:"approved_by"`
	ApproverRole domain.Role `json:"approver_role"`
	ExcusedAt    time.Time   `json:"excused_at"`
}

// Held is recorded when the meeting took place: when it ran and who was
// there. Absent are the attendees neither present nor excused; Overran
// says the meeting ran past its kind's length limit (§3.14-length).
type Held struct {
	MeetingID    string    `json:"meeting_id"`
	StartedAt    time.Time `json:"started_at"`
	EndedAt      time.Time `json:"ended_at"`
	Present      []string  `json:"present"`
	Absent       []string  `json:"absent,omitempty"`
	LimitMinutes int       `json:"limit_minutes,omitempty"`
	Overran      bool      `json:"overran,omitempty"`
	RecordedBy   string    `json:"recorded_by"`
	RecordedAt   time.Time `json:"recorded_at"`
}

// MinutesRecorded is recorded when the meeting's minutes are written:
// what was said and the follow-up arranged (「有布置、有落实、有检查」).
type MinutesRecorded struct {
	MeetingID  string    `json:"meeting_id"`
	Content    string    `json:"content"`
	Actions    []string  `json:"actions,omitempty"`
	RecordedBy string    `json:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at"`
}

// MinutesCountersigned is recorded when a signatory countersigns the
// minutes of an important meeting.
type MinutesCountersigned struct {
	MeetingID   string    `json:"meeting_id"`
	SignatoryID string    `json:"signatory_id"`
	SignedAt    time.Time `json:"signed_at"`
}

// Closed is recorded when a meeting with its minutes (and, if important,
// every countersignature) is closed.
type Closed struct {
	MeetingID string    `json:"meeting_id"`
	ClosedBy  string    `json:"closed_by"`
	ClosedAt  time.Time `json:"closed_at"`
}

func (Scheduled) EventType() string            { return "meeting.scheduled" }
func (RoomBooked) EventType() string           { return "meeting.room_booked" }
func (AbsenceExcused) EventType() string       { return "meeting.absence_excused" }
func (Held) EventType() string                 { return "meeting.held" }
func (MinutesRecorded) EventType() string      { return "meeting.minutes_recorded" }
func (MinutesCountersigned) EventType() string { return "meeting.minutes_countersigned" }
func (Closed) EventType() string               { return "meeting.closed" }

// Events lists every event of the meeting stream, for the codec registry.
func Events() []domain.Event {
	return []domain.Event{
		Scheduled{}, RoomBooked{}, AbsenceExcused{}, Held{}, MinutesRecorded{}, MinutesCountersigned{}, Closed{},
	}
}
