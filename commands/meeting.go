package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/meeting"
)

// Meetings handles the commands on department meetings and stand-ups
// (§3.14).
type Meetings struct {
	meetings repository[meeting.Meeting]
	now      func() time.Time
}

func newMeetings(log *eventLog) *Meetings {
	return &Meetings{meetings: newRepository(log, meeting.Meeting.Evolve, "meeting"), now: log.now}
}

// meetingChairs call, chair and record meetings: the department head and,
// when the superior is absent, the next level down ([003]
// 「上级不在时,会议由下一级主持召开」).
var meetingChairs = []domain.Role{domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleTeamSupervisor}

// ScheduleMeeting calls a meeting.
type ScheduleMeeting struct {
	MeetingID string
	Plan      meeting.Plan
}

// ScheduleMeeting records meeting.Scheduled.
func (h *Meetings) ScheduleMeeting(ctx context.Context, m Meta, cmd ScheduleMeeting) (Result, error) {
	role, err := authorize(m, "ScheduleMeeting", meetingChairs...)
	if err != nil {
		return Result{}, err
	}
	return h.onMeeting(ctx, m, cmd.MeetingID, role, func(mt meeting.Meeting, now time.Time) ([]domain.Event, error) {
		return mt.Schedule(cmd.MeetingID, cmd.Plan, m.Actor.EmployeeID, now)
	})
}

// BookMeetingRoom registers the meeting room's booking.
type BookMeetingRoom struct {
	MeetingID string
	Room      string
}

// BookMeetingRoom records meeting.RoomBooked; the office registers the
// booking ([000] 「到办公室申请使用会议室,并登记」).
func (h *Meetings) BookMeetingRoom(ctx context.Context, m Meta, cmd BookMeetingRoom) (Result, error) {
	role, err := authorize(m, "BookMeetingRoom", domain.RoleAdminOffice)
	if err != nil {
		return Result{}, err
	}
	return h.onMeeting(ctx, m, cmd.MeetingID, role, func(mt meeting.Meeting, now time.Time) ([]domain.Event, error) {
		return mt.BookRoom(cmd.Room, m.Actor.EmployeeID, now)
	})
}

// ExcuseMeetingAbsence grants an attendee's leave from a meeting.
type ExcuseMeetingAbsence struct {
	MeetingID  string
	EmployeeID string
	Reason     string
}

// ExcuseMeetingAbsence records meeting.AbsenceExcused: the chair's level
// grants leave from a department meeting, the deputy GM in charge or the
// GM from an important one ([000] 「需提前向分管副总、总经理请假」).
func (h *Meetings) ExcuseMeetingAbsence(ctx context.Context, m Meta, cmd ExcuseMeetingAbsence) (Result, error) {
	role, err := authorize(m, "ExcuseMeetingAbsence", domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleDeputyGM, domain.RoleGM)
	if err != nil {
		return Result{}, err
	}
	return h.onMeeting(ctx, m, cmd.MeetingID, role, func(mt meeting.Meeting, now time.Time) ([]domain.Event, error) {
		return mt.ExcuseAbsence(cmd.EmployeeID, cmd.Reason, m.Actor.EmployeeID, role, now)
	})
}

// RecordMeetingHeld records that a meeting took place and who attended.
type RecordMeetingHeld struct {
	MeetingID  string
	Attendance meeting.Attendance
}

// RecordMeetingHeld records meeting.Held; the chair or the clerk keeping
// the record does.
func (h *Meetings) RecordMeetingHeld(ctx context.Context, m Meta, cmd RecordMeetingHeld) (Result, error) {
	role, err := authorize(m, "RecordMeetingHeld", append(meetingChairs, domain.RoleClerk)...)
	if err != nil {
		return Result{}, err
	}
	return h.onMeeting(ctx, m, cmd.MeetingID, role, func(mt meeting.Meeting, now time.Time) ([]domain.Event, error) {
		return mt.Hold(cmd.Attendance, m.Actor.EmployeeID, now)
	})
}

// RecordMeetingMinutes records a held meeting's minutes.
type RecordMeetingMinutes struct {
	MeetingID string
	Content   string
	Actions   []string
}

// RecordMeetingMinutes records meeting.MinutesRecorded.
func (h *Meetings) RecordMeetingMinutes(ctx context.Context, m Meta, cmd RecordMeetingMinutes) (Result, error) {
	role, err := authorize(m, "RecordMeetingMinutes", append(meetingChairs, domain.RoleClerk)...)
	if err != nil {
		return Result{}, err
	}
	return h.onMeeting(ctx, m, cmd.MeetingID, role, func(mt meeting.Meeting, now time.Time) ([]domain.Event, error) {
		return mt.RecordMinutes(cmd.Content, cmd.Actions, m.Actor.EmployeeID, now)
	})
}

// CountersignMeetingMinutes is the acting employee's countersignature.
type CountersignMeetingMinutes struct {
	MeetingID string
}

// CountersignMeetingMinutes records meeting.MinutesCountersigned for the
// actor, who signs only for themself: any role may be a named signatory,
// and the decision refuses anyone else (§3.14-countersign).
func (h *Meetings) CountersignMeetingMinutes(ctx context.Context, m Meta, cmd CountersignMeetingMinutes) (Result, error) {
	role, err := authorize(m, "CountersignMeetingMinutes", domain.AllRoles()...)
	if err != nil {
		return Result{}, err
	}
	return h.onMeeting(ctx, m, cmd.MeetingID, role, func(mt meeting.Meeting, now time.Time) ([]domain.Event, error) {
		return mt.Countersign(m.Actor.EmployeeID, now)
	})
}

// CloseMeeting closes a meeting's record.
type CloseMeeting struct {
	MeetingID string
}

// CloseMeeting records meeting.Closed.
func (h *Meetings) CloseMeeting(ctx context.Context, m Meta, cmd CloseMeeting) (Result, error) {
	role, err := authorize(m, "CloseMeeting", meetingChairs...)
	if err != nil {
		return Result{}, err
	}
	return h.onMeeting(ctx, m, cmd.MeetingID, role, func(mt meeting.Meeting, now time.Time) ([]domain.Event, error) {
		return mt.Close(m.Actor.EmployeeID, now)
	})
}

// onMeeting runs a meeting decision at the time the command is recorded:
// the meeting rules' deadlines (a day's notice for the room, leave before
// the start) are measured to when the request arrives, never to a
// business date the caller names.
func (h *Meetings) onMeeting(ctx context.Context, m Meta, id string, role domain.Role, decide func(meeting.Meeting, time.Time) ([]domain.Event, error)) (Result, error) {
	now := h.now()
	return h.meetings.Update(ctx, m, decision[meeting.Meeting]{
		stream: meeting.Stream(id),
		role:   role,
		decide: func(mt meeting.Meeting) ([]domain.Event, error) { return decide(mt, now) },
	})
}
