// Package meeting is the Meeting aggregate (§3.14): the weekly sales
// meeting, the morning and evening stand-ups and the other department
// meetings, from scheduling (with the room booked at the office a day
// ahead) through attendance and excused absence to minutes, their
// countersignature when the meeting is important, and closing.
package meeting

import (
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Kind is what sort of meeting it is; the kind decides its time and
// length rules (§3.14-weekly, §3.14-length).
type Kind string

// The meeting kinds the regulations name.
const (
	// KindWeeklySales is the sales department's weekly meeting, Monday
	// 17:30 ([003] 「例会时间:每周一下午5:30分」).
	KindWeeklySales Kind = "WEEKLY_SALES"
	// KindMorningStandup is the daily morning meeting, at most 15 minutes.
	KindMorningStandup Kind = "MORNING_STANDUP"
	// KindEveningStandup is the daily evening meeting, at most 30 minutes.
	KindEveningStandup Kind = "EVENING_STANDUP"
	// KindMonthlyDepartment is the monthly department meeting ([003] 「每月组织部门例会」).
	KindMonthlyDepartment Kind = "MONTHLY_DEPARTMENT"
	// KindProjectProgress is a project progress meeting ([004] 「定期召開項目進度會議」).
	KindProjectProgress Kind = "PROJECT_PROGRESS"
)

// Kinds lists every meeting kind, for validation and the API's enums.
func Kinds() []Kind {
	return []Kind{KindWeeklySales, KindMorningStandup, KindEveningStandup, KindMonthlyDepartment, KindProjectProgress}
}

// Status is where a meeting stands. The zero value means "not scheduled".
type Status string

// The meeting states (§3.14): COUNTERSIGNED is reached only by an
// important meeting whose every signatory signed its minutes.
const (
	StatusNone            Status = ""
	StatusScheduled       Status = "SCHEDULED"
	StatusHeld            Status = "HELD"
	StatusMinutesRecorded Status = "MINUTES_RECORDED"
	StatusCountersigned   Status = "COUNTERSIGNED"
	StatusClosed          Status = "CLOSED"
)

// Plan is what a meeting is scheduled with.
type Plan struct {
	Kind      Kind      `json:"kind"`
	Title     string    `json:"title"`
	OrgUnitID string    `json:"org_unit_id"`
	ChairID   string    `json:"chair_id"`
	StartsAt  time.Time `json:"starts_at"`
	// DurationMinutes is the planned length.
	DurationMinutes int `json:"duration_minutes"`
	// Important meetings need every signatory's countersignature on
	// their minutes before they close (§3.14-countersign).
	Important   bool     `json:"important"`
	Attendees   []string `json:"attendees"`
	Signatories []string `json:"signatories,omitempty"`
}

// Meeting is the state rebuilt from a meeting stream.
type Meeting struct {
	ID             string
	Status         Status
	Plan           Plan
	Room           string
	Excused        map[string]string // employee → reason
	Countersigned  []string
	MinutesWritten bool
}

// Stream returns the event store stream name of a meeting.
func Stream(id string) string { return "meeting-" + id }

// Evolve returns the state after e. It never fails and never validates.
func (m Meeting) Evolve(e domain.Event) Meeting {
	switch e := e.(type) {
	case Scheduled:
		m.ID, m.Status, m.Plan = e.MeetingID, StatusScheduled, e.Plan
	case RoomBooked:
		m.Room = e.Room
	case AbsenceExcused:
		m.Excused = with(m.Excused, e.EmployeeID, e.Reason)
	case Held:
		m.Status = StatusHeld
	case MinutesRecorded:
		m.Status, m.MinutesWritten = StatusMinutesRecorded, true
	case MinutesCountersigned:
		m.Countersigned = append(slices.Clone(m.Countersigned), e.SignatoryID)
		if m.allSigned() {
			m.Status = StatusCountersigned
		}
	case Closed:
		m.Status = StatusClosed
	}
	return m
}

// with returns a copy of excused with id → reason, so states never share
// a map.
func with(excused map[string]string, id, reason string) map[string]string {
	out := make(map[string]string, len(excused)+1)
	for k, v := range excused {
		out[k] = v
	}
	out[id] = reason
	return out
}

// allSigned reports whether every signatory countersigned the minutes.
func (m Meeting) allSigned() bool {
	for _, s := range m.Plan.Signatories {
		if !slices.Contains(m.Countersigned, s) {
			return false
		}
	}
	return true
}

// MissingSignatures lists the signatories who have not countersigned yet.
func (m Meeting) MissingSignatures() []string {
	var out []string
	for _, s := range m.Plan.Signatories {
		if !slices.Contains(m.Countersigned, s) {
			out = append(out, s)
		}
	}
	return out
}
