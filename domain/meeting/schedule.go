package meeting

import (
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Schedule calls a meeting. It refuses a missing title, org unit, chair,
// start or attendee, an unknown kind, a weekly sales meeting not on
// Monday 17:30 (§3.14-weekly), a stand-up planned longer than its limit
// (§3.14-length), an important meeting without signatories, and a
// meeting already scheduled.
func (m Meeting) Schedule(id string, p Plan, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(p.texts(id)...); err != nil {
		return nil, err
	}
	if m.Status != StatusNone {
		return nil, ErrAlreadyScheduled
	}
	if err := p.validate(id); err != nil {
		return nil, err
	}
	if p.Kind == KindWeeklySales && !mondayHalfPastFive(p.StartsAt) {
		return nil, ErrNotMonday1730
	}
	if limit := lengthLimit(p.Kind); limit > 0 && time.Duration(p.DurationMinutes)*time.Minute > limit {
		return nil, ErrTooLong
	}
	return []domain.Event{Scheduled{MeetingID: id, Plan: p, ScheduledBy: by, ScheduledAt: now}}, nil
}

func (p Plan) texts(id string) []domain.FieldText {
	texts := []domain.FieldText{domain.Text("meeting_id", id), domain.Text("title", p.Title),
		domain.Text("org_unit_id", p.OrgUnitID), domain.Text("chair_id", p.ChairID)}
	texts = append(texts, domain.Texts("attendees", p.Attendees)...)
	return append(texts, domain.Texts("signatories", p.Signatories)...)
}

func (p Plan) validate(id string) error {
	for _, f := range [][2]string{{"meeting_id", id}, {"title", p.Title}, {"org_unit_id", p.OrgUnitID}, {"chair_id", p.ChairID}} {
		if f[1] == "" {
			return domain.InvalidField(f[0], "required")
		}
	}
	switch {
	case !slices.Contains(Kinds(), p.Kind):
		return domain.InvalidField("kind", "must be one of WEEKLY_SALES, MORNING_STANDUP, EVENING_STANDUP, MONTHLY_DEPARTMENT, PROJECT_PROGRESS")
	case p.StartsAt.IsZero():
		return domain.InvalidField("starts_at", "required")
	case p.DurationMinutes <= 0 || p.DurationMinutes > 24*60:
		return domain.InvalidField("duration_minutes", "must be between 1 and 1440")
	case len(p.Attendees) == 0:
		return domain.InvalidField("attendees", "at least one attendee is required")
	case p.Important && len(p.Signatories) == 0:
		return domain.InvalidField("signatories", "an important meeting names who countersigns its minutes")
	}
	if err := distinct("attendees", p.Attendees); err != nil {
		return err
	}
	return distinct("signatories", p.Signatories)
}

// distinct refuses an empty or repeated id in list.
func distinct(field string, ids []string) error {
	seen := map[string]bool{}
	for i, id := range ids {
		if id == "" {
			return domain.InvalidField(domain.Indexed(field, i), "required")
		}
		if seen[id] {
			return domain.InvalidField(domain.Indexed(field, i), "listed twice")
		}
		seen[id] = true
	}
	return nil
}

// BookRoom records the office's registration of the meeting room. It
// refuses a booking less than one day before the start (§3.14-room; one
// day exactly is in time) and a meeting no longer scheduled. Booking the
// same room again records nothing.
func (m Meeting) BookRoom(room, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("room", room)); err != nil {
		return nil, err
	}
	if err := m.scheduled(); err != nil {
		return nil, err
	}
	if room == "" {
		return nil, domain.InvalidField("room", "required")
	}
	if m.Room == room {
		return nil, nil
	}
	if m.Plan.StartsAt.Sub(now) < BookingLead {
		return nil, ErrBookingTooLate
	}
	return []domain.Event{RoomBooked{MeetingID: m.ID, Room: room, BookedBy: by, BookedAt: now}}, nil
}

// ExcuseAbsence grants an attendee's leave from the meeting
// (§3.14-leave). It refuses leave asked for once the meeting started, an
// employee not expected, and, for an important meeting, an approver who
// is neither the deputy GM nor the GM. Excusing an excused attendee
// records nothing.
func (m Meeting) ExcuseAbsence(employeeID, reason, approverID string, role domain.Role, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("employee_id", employeeID), domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	if err := m.scheduled(); err != nil {
		return nil, err
	}
	switch {
	case employeeID == "":
		return nil, domain.InvalidField("employee_id", "required")
	case reason == "":
		return nil, domain.InvalidField("reason", "required")
	case !slices.Contains(m.Plan.Attendees, employeeID):
		return nil, ErrNotAttendee
	case !now.Before(m.Plan.StartsAt):
		return nil, ErrLeaveTooLate
	case m.Plan.Important && role != domain.RoleDeputyGM && role != domain.RoleGM:
		return nil, ErrLeaveApprover
	}
	if _, ok := m.Excused[employeeID]; ok {
		return nil, nil
	}
	return []domain.Event{AbsenceExcused{MeetingID: m.ID, EmployeeID: employeeID, Reason: reason,
		ApprovedBy: approverID, ApproverRole: role, ExcusedAt: now}}, nil
}

// scheduled refuses a meeting that is unknown or past its scheduling.
func (m Meeting) scheduled() error {
	switch m.Status {
	case StatusNone:
		return ErrNotFound
	case StatusScheduled:
		return nil
	case StatusClosed:
		return ErrClosed
	}
	return ErrNotScheduled
}
