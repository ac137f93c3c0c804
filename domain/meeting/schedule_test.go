package meeting_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/meeting"
)

func standup(kind meeting.Kind, minutes int) meeting.Plan {
	return meeting.Plan{Kind: kind, Title: "stand-up", OrgUnitID: "sales-east", ChairID: "head-1",
		StartsAt: monday.Add(-9 * time.Hour), DurationMinutes: minutes, Attendees: []string{"rep-1"}}
}

func TestMeeting_Schedule(t *testing.T) {
	tuesday, late := weekly, weekly
	tuesday.StartsAt, late.StartsAt = monday.AddDate(0, 0, 1), monday.Add(time.Minute)
	noSignatories, noAttendees, badKind := weekly, weekly, weekly
	noSignatories.Important, noAttendees.Attendees, badKind.Kind = true, nil, "PARTY"
	tests := []struct {
		decideCase
		plan meeting.Plan
	}{
		{decideCase{name: "the weekly sales meeting is scheduled for Monday 17:30 (§3.14-weekly)",
			want: given(scheduled)}, weekly},
		{decideCase{name: "a weekly sales meeting on a Tuesday is refused (§3.14-weekly)", wantErr: meeting.ErrNotMonday1730}, tuesday},
		{decideCase{name: "a weekly sales meeting at 17:31 is refused (§3.14-weekly)", wantErr: meeting.ErrNotMonday1730}, late},
		{decideCase{name: "a morning stand-up of exactly 15 minutes is within its limit (§3.14-length)",
			want: given(meeting.Scheduled{MeetingID: "m-1", Plan: standup(meeting.KindMorningStandup, 15), ScheduledBy: "head-1", ScheduledAt: t0})},
			standup(meeting.KindMorningStandup, 15)},
		{decideCase{name: "a morning stand-up of 16 minutes is refused (§3.14-length)", wantErr: meeting.ErrTooLong},
			standup(meeting.KindMorningStandup, 16)},
		{decideCase{name: "an evening stand-up of exactly 30 minutes is within its limit (§3.14-length)",
			want: given(meeting.Scheduled{MeetingID: "m-1", Plan: standup(meeting.KindEveningStandup, 30), ScheduledBy: "head-1", ScheduledAt: t0})},
			standup(meeting.KindEveningStandup, 30)},
		{decideCase{name: "an evening stand-up of 31 minutes is refused (§3.14-length)", wantErr: meeting.ErrTooLong},
			standup(meeting.KindEveningStandup, 31)},
		{decideCase{name: "an important meeting names its signatories", wantErr: domain.ErrInvalid}, noSignatories},
		{decideCase{name: "attendees are required", wantErr: domain.ErrInvalid}, noAttendees},
		{decideCase{name: "an unknown kind is invalid", wantErr: domain.ErrInvalid}, badKind},
		{decideCase{name: "a meeting is scheduled once", given: given(scheduled), wantErr: meeting.ErrAlreadyScheduled}, weekly},
	}
	for _, tt := range tests {
		check(t, "Schedule", tt.decideCase, func(m meeting.Meeting) ([]domain.Event, error) {
			return m.Schedule("m-1", tt.plan, "head-1", t0)
		})
	}
}

func TestMeeting_BookRoom(t *testing.T) {
	dayAhead := monday.Add(-meeting.BookingLead)
	booked := meeting.RoomBooked{MeetingID: "m-1", Room: "新街口办公室", BookedBy: "office-1", BookedAt: dayAhead}
	tests := []struct {
		decideCase
		now time.Time
	}{
		{decideCase{name: "a booking exactly one day ahead is in time (§3.14-room)", given: given(scheduled),
			want: given(booked)}, dayAhead},
		{decideCase{name: "a booking one second less than a day ahead is refused (§3.14-room)", given: given(scheduled),
			wantErr: meeting.ErrBookingTooLate}, dayAhead.Add(time.Second)},
		{decideCase{name: "booking the same room again records nothing", given: given(scheduled, booked)}, monday},
		{decideCase{name: "a held meeting is not booked", given: given(scheduled, held), wantErr: meeting.ErrNotScheduled}, t0},
		{decideCase{name: "unknown meeting", wantErr: meeting.ErrNotFound}, t0},
	}
	for _, tt := range tests {
		check(t, "BookRoom", tt.decideCase, func(m meeting.Meeting) ([]domain.Event, error) {
			return m.BookRoom("新街口办公室", "office-1", tt.now)
		})
	}
}

func TestMeeting_ExcuseAbsence(t *testing.T) {
	before := monday.Add(-time.Second)
	excused := func(role domain.Role, approver string) meeting.AbsenceExcused {
		return meeting.AbsenceExcused{MeetingID: "m-1", EmployeeID: "rep-2", Reason: "visiting a customer",
			ApprovedBy: approver, ApproverRole: role, ExcusedAt: before}
	}
	importantExcused := excused(domain.RoleGM, "gm-1")
	importantExcused.ApprovedBy = "head-1"
	tests := []struct {
		decideCase
		role     domain.Role
		employee string
		now      time.Time
	}{
		{decideCase{name: "leave asked for before the start is granted (§3.14-leave)", given: given(scheduled),
			want: given(excused(domain.RoleDeptHead, "head-1"))}, domain.RoleDeptHead, "rep-2", before},
		{decideCase{name: "leave asked for at the start is too late (§3.14-leave)", given: given(scheduled),
			wantErr: meeting.ErrLeaveTooLate}, domain.RoleDeptHead, "rep-2", monday},
		{decideCase{name: "the department head cannot excuse from an important meeting (§3.14-leave)", given: given(importantScheduled),
			wantErr: meeting.ErrLeaveApprover}, domain.RoleDeptHead, "rep-2", before},
		{decideCase{name: "the GM excuses from an important meeting (§3.14-leave)", given: given(importantScheduled),
			want: given(importantExcused)}, domain.RoleGM, "rep-2", before},
		{decideCase{name: "only an expected attendee is excused", given: given(scheduled),
			wantErr: meeting.ErrNotAttendee}, domain.RoleDeptHead, "stranger", before},
		{decideCase{name: "excusing twice records nothing", given: given(scheduled, excused(domain.RoleDeptHead, "head-1"))},
			domain.RoleDeptHead, "rep-2", before},
	}
	for _, tt := range tests {
		check(t, "ExcuseAbsence", tt.decideCase, func(m meeting.Meeting) ([]domain.Event, error) {
			return m.ExcuseAbsence(tt.employee, "visiting a customer", "head-1", tt.role, tt.now)
		})
	}
}
