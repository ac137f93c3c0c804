package commands_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/meeting"
	"github.com/opsledger/opsledger/domain/research"
	"github.com/opsledger/opsledger/eventstore/memory"
)

func meetingMeta(id string, role domain.Role) commands.Meta {
	return commands.Meta{Actor: domain.Actor{EmployeeID: id, Roles: []domain.Role{role}}, Reason: "test " + id}
}

// TestHandler_MeetingRoles runs an important weekly meeting from
// scheduling to closing, each step by its issuer, and checks the
// refusals of the wrong roles (§2-issuer) and of the deadlines the
// handler measures to its own clock (§3.14-room, §3.14-leave).
func TestHandler_MeetingRoles(t *testing.T) {
	monday := time.Date(2026, 12, 7, 17, 30, 0, 0, meeting.CompanyZone)
	now := monday.Add(-48 * time.Hour)
	h := commands.New(memory.New(), commands.Codec(), func() time.Time { return now })
	ctx := context.Background()
	head, office, gm, rep := meetingMeta("head-1", domain.RoleDeptHead), meetingMeta("office-1", domain.RoleAdminOffice),
		meetingMeta("gm-1", domain.RoleGM), meetingMeta("rep-1", domain.RoleSalesRep)
	must := func(what string, _ commands.Result, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	refused := func(what string, _ commands.Result, err, want error) {
		t.Helper()
		if !errors.Is(err, want) {
			t.Fatalf("%s: error = %v, want %v", what, err, want)
		}
	}
	plan := meeting.Plan{Kind: meeting.KindWeeklySales, Title: "weekly", OrgUnitID: "sales-east", ChairID: "head-1",
		StartsAt: monday, DurationMinutes: 45, Important: true, Attendees: []string{"rep-1", "rep-2"}, Signatories: []string{"head-1", "gm-1"}}
	sched := commands.ScheduleMeeting{MeetingID: "m-1", Plan: plan}

	r, err := h.Meetings.ScheduleMeeting(ctx, rep, sched)
	refused("a rep schedules", r, err, domain.ErrForbidden)
	r, err = h.Meetings.ScheduleMeeting(ctx, head, sched)
	must("schedule", r, err)
	r, err = h.Meetings.BookMeetingRoom(ctx, head, commands.BookMeetingRoom{MeetingID: "m-1", Room: "A"})
	refused("the department head registers a booking", r, err, domain.ErrForbidden)
	r, err = h.Meetings.BookMeetingRoom(ctx, office, commands.BookMeetingRoom{MeetingID: "m-1", Room: "A"})
	must("book two days ahead", r, err)
	excuse := commands.ExcuseMeetingAbsence{MeetingID: "m-1", EmployeeID: "rep-2", Reason: "at a customer"}
	r, err = h.Meetings.ExcuseMeetingAbsence(ctx, head, excuse)
	refused("the department head excuses from an important meeting", r, err, meeting.ErrLeaveApprover)
	r, err = h.Meetings.ExcuseMeetingAbsence(ctx, gm, excuse)
	must("the GM excuses", r, err)

	now = monday.Add(-12 * time.Hour)
	r, err = h.Meetings.BookMeetingRoom(ctx, office, commands.BookMeetingRoom{MeetingID: "m-1", Room: "B"})
	refused("another room half a day ahead", r, err, meeting.ErrBookingTooLate)

	now = monday.Add(time.Hour)
	r, err = h.Meetings.ExcuseMeetingAbsence(ctx, gm, commands.ExcuseMeetingAbsence{MeetingID: "m-1", EmployeeID: "rep-1", Reason: "late"})
	refused("leave after the start", r, err, meeting.ErrLeaveTooLate)
	r, err = h.Meetings.RecordMeetingHeld(ctx, head, commands.RecordMeetingHeld{MeetingID: "m-1",
		Attendance: meeting.Attendance{StartedAt: monday, EndedAt: monday.Add(45 * time.Minute), Present: []string{"rep-1"}}})
	must("held", r, err)
	r, err = h.Meetings.CloseMeeting(ctx, head, commands.CloseMeeting{MeetingID: "m-1"})
	refused("close without minutes", r, err, meeting.ErrNoMinutes)
	r, err = h.Meetings.RecordMeetingMinutes(ctx, head, commands.RecordMeetingMinutes{MeetingID: "m-1", Content: "targets reviewed"})
	must("minutes", r, err)
	r, err = h.Meetings.CountersignMeetingMinutes(ctx, rep, commands.CountersignMeetingMinutes{MeetingID: "m-1"})
	refused("a rep is no signatory", r, err, meeting.ErrNotSignatory)
	r, err = h.Meetings.CountersignMeetingMinutes(ctx, head, commands.CountersignMeetingMinutes{MeetingID: "m-1"})
	must("the head countersigns", r, err)
	r, err = h.Meetings.CloseMeeting(ctx, head, commands.CloseMeeting{MeetingID: "m-1"})
	refused("close with the GM's signature missing", r, err, meeting.ErrUnsigned)
	r, err = h.Meetings.CountersignMeetingMinutes(ctx, gm, commands.CountersignMeetingMinutes{MeetingID: "m-1"})
	must("the GM countersigns", r, err)
	r, err = h.Meetings.CloseMeeting(ctx, head, commands.CloseMeeting{MeetingID: "m-1"})
	must("close", r, err)
}

// TestHandler_ResearchRoles walks a project through its issuers and
// refuses each step to the wrong role (§2-issuer, §3.6-approval).
func TestHandler_ResearchRoles(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	h := commands.New(memory.New(), commands.Codec(), func() time.Time { return now })
	ctx := context.Background()
	mr, head, lead := meetingMeta("mr-1", domain.RoleMarketResearcher), meetingMeta("head-1", domain.RoleDeptHead),
		meetingMeta("lead-1", domain.RoleLeadership)
	plan := research.Plan{Title: "demand", OrgUnitID: "mkt", Purpose: "size the market", Scope: "East China",
		Methods: []research.Method{research.MethodWeb}, StartsOn: now, DueOn: now.AddDate(0, 1, 0)}
	steps := []struct {
		name string
		run  func(commands.Meta) (commands.Result, error)
		by   commands.Meta
		not  commands.Meta
	}{
		{"propose", func(m commands.Meta) (commands.Result, error) {
			return h.ResearchProjects.ProposeResearch(ctx, m, commands.ProposeResearch{ProjectID: "r-1", Plan: plan})
		}, mr, head},
		{"review", func(m commands.Meta) (commands.Result, error) {
			return h.ResearchProjects.ReviewResearch(ctx, m, commands.ReviewResearch{ProjectID: "r-1", Passed: true})
		}, head, lead},
		{"approve", func(m commands.Meta) (commands.Result, error) {
			return h.ResearchProjects.ApproveResearch(ctx, m, commands.ApproveResearch{ProjectID: "r-1"})
		}, lead, head},
		{"start", func(m commands.Meta) (commands.Result, error) {
			return h.ResearchProjects.StartResearch(ctx, m, commands.StartResearch{ProjectID: "r-1"})
		}, mr, head},
		{"report", func(m commands.Meta) (commands.Result, error) {
			return h.ResearchProjects.ReportResearch(ctx, m, commands.ReportResearch{ProjectID: "r-1", Report: research.Report{
				Introduction: "i", Methodology: "m", Findings: "f", Conclusions: "c", FeedbackUnitIDs: []string{"sales-east"}}})
		}, mr, lead},
	}
	for _, s := range steps {
		if _, err := s.run(s.not); !errors.Is(err, domain.ErrForbidden) {
			t.Fatalf("%s by %s: error = %v, want forbidden", s.name, s.not.Actor.Roles[0], err)
		}
		if _, err := s.run(s.by); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
	}
}
