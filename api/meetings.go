package api

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/meeting"
)

const meetingTag = "Meetings"

// meetingRoutes registers one endpoint per meeting command (§3.14) and
// the meeting queries.
func meetingRoutes(s *Server, rt *routes) {
	create(rt, "/meetings", meetingTag, "Schedule a meeting: the weekly sales meeting (Monday 17:30), a stand-up within its length limit, or another department meeting", s.scheduleMeeting)
	command(rt, "/meetings/{id}/room-booking", meetingTag, "Register the meeting room's booking, at least one day ahead (§3.14-room)", s.bookMeetingRoom)
	command(rt, "/meetings/{id}/excused-absences", meetingTag, "Excuse an attendee, before the meeting starts (§3.14-leave)", s.excuseMeetingAbsence)
	command(rt, "/meetings/{id}/held", meetingTag, "Record that the meeting took place, when and who was present", s.recordMeetingHeld)
	command(rt, "/meetings/{id}/minutes", meetingTag, "Record the minutes of a held meeting (§3.14-minutes)", s.recordMeetingMinutes)
	command(rt, "/meetings/{id}/countersignatures", meetingTag, "Countersign the minutes as one of the named signatories (§3.14-countersign)", s.countersignMeetingMinutes)
	command(rt, "/meetings/{id}/closure", meetingTag, "Close the meeting: minutes written and, if important, countersigned by every signatory", s.closeMeeting)
	meetingQueryRoutes(s, rt)
}

// ScheduleMeetingRequest calls a meeting; the id is made by the server.
// Kind is WEEKLY_SALES, MORNING_STANDUP, EVENING_STANDUP,
// MONTHLY_DEPARTMENT or PROJECT_PROGRESS.
type ScheduleMeetingRequest struct {
	Envelope
	Kind            string    `json:"kind"`
	Title           string    `json:"title"`
	OrgUnitID       string    `json:"org_unit_id"`
	ChairID         string    `json:"chair_id"`
	StartsAt        time.Time `json:"starts_at"`
	DurationMinutes int       `json:"duration_minutes"`
	Important       bool      `json:"important,omitempty"`
	Attendees       []string  `json:"attendees"`
	Signatories     []string  `json:"signatories,omitempty"`
}

func (s *Server) scheduleMeeting(ctx context.Context, m commands.Meta, id string, req ScheduleMeetingRequest) (commands.Result, error) {
	return s.Commands.Meetings.ScheduleMeeting(ctx, m, commands.ScheduleMeeting{MeetingID: id, Plan: meeting.Plan{
		Kind: meeting.Kind(req.Kind), Title: req.Title, OrgUnitID: req.OrgUnitID, ChairID: req.ChairID, StartsAt: req.StartsAt,
		DurationMinutes: req.DurationMinutes, Important: req.Important, Attendees: req.Attendees, Signatories: req.Signatories}})
}

// BookMeetingRoomRequest names the room the office registered.
type BookMeetingRoomRequest struct {
	Envelope
	Room string `json:"room"`
}

func (s *Server) bookMeetingRoom(ctx context.Context, m commands.Meta, id string, req BookMeetingRoomRequest) (commands.Result, error) {
	return s.Commands.Meetings.BookMeetingRoom(ctx, m, commands.BookMeetingRoom{MeetingID: id, Room: req.Room})
}

// ExcuseMeetingAbsenceRequest names the attendee excused; the envelope's
// reason is why.
type ExcuseMeetingAbsenceRequest struct {
	Envelope
	EmployeeID string `json:"employee_id"`
}

func (s *Server) excuseMeetingAbsence(ctx context.Context, m commands.Meta, id string, req ExcuseMeetingAbsenceRequest) (commands.Result, error) {
	return s.Commands.Meetings.ExcuseMeetingAbsence(ctx, m, commands.ExcuseMeetingAbsence{MeetingID: id, EmployeeID: req.EmployeeID, Reason: req.Reason})
}

// RecordMeetingHeldRequest is when the meeting ran and who was present.
type RecordMeetingHeldRequest struct {
	Envelope
	StartedAt time.Time `json:"started_at"`
	EndedAt   time.Time `json:"ended_at"`
	Present   []string  `json:"present"`
}

func (s *Server) recordMeetingHeld(ctx context.Context, m commands.Meta, id string, req RecordMeetingHeldRequest) (commands.Result, error) {
	return s.Commands.Meetings.RecordMeetingHeld(ctx, m, commands.RecordMeetingHeld{MeetingID: id,
		Attendance: meeting.Attendance{StartedAt: req.StartedAt, EndedAt: req.EndedAt, Present: req.Present}})
}

// RecordMeetingMinutesRequest is the minutes and the follow-up arranged.
type RecordMeetingMinutesRequest struct {
	Envelope
	Content string   `json:"content"`
	Actions []string `json:"actions,omitempty"`
}

func (s *Server) recordMeetingMinutes(ctx context.Context, m commands.Meta, id string, req RecordMeetingMinutesRequest) (commands.Result, error) {
	return s.Commands.Meetings.RecordMeetingMinutes(ctx, m, commands.RecordMeetingMinutes{MeetingID: id, Content: req.Content, Actions: req.Actions})
}

// CountersignMeetingMinutesRequest is the caller's countersignature.
type CountersignMeetingMinutesRequest struct {
	Envelope
}

func (s *Server) countersignMeetingMinutes(ctx context.Context, m commands.Meta, id string, _ CountersignMeetingMinutesRequest) (commands.Result, error) {
	return s.Commands.Meetings.CountersignMeetingMinutes(ctx, m, commands.CountersignMeetingMinutes{MeetingID: id})
}

// CloseMeetingRequest closes the meeting's record.
type CloseMeetingRequest struct {
	Envelope
}

func (s *Server) closeMeeting(ctx context.Context, m commands.Meta, id string, _ CloseMeetingRequest) (commands.Result, error) {
	return s.Commands.Meetings.CloseMeeting(ctx, m, commands.CloseMeeting{MeetingID: id})
}
