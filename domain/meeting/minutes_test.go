package meeting_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/meeting"
)

func TestMeeting_Hold(t *testing.T) {
	after := monday.Add(2 * time.Hour)
	excused := meeting.AbsenceExcused{MeetingID: "m-1", EmployeeID: "rep-2", Reason: "ill", ApprovedBy: "head-1",
		ApproverRole: domain.RoleDeptHead, ExcusedAt: t0}
	morning := meeting.Scheduled{MeetingID: "m-1", Plan: standup(meeting.KindMorningStandup, 15), ScheduledBy: "head-1", ScheduledAt: t0}
	ran := func(minutes time.Duration, overran bool) meeting.Held {
		start := monday.Add(-9 * time.Hour)
		return meeting.Held{MeetingID: "m-1", StartedAt: start, EndedAt: start.Add(minutes), Present: []string{"rep-1"},
			LimitMinutes: 15, Overran: overran, RecordedBy: "head-1", RecordedAt: after}
	}
	tests := []struct {
		decideCase
		attendance meeting.Attendance
	}{
		{decideCase{name: "everyone present", given: given(scheduled), want: given(held)},
			meeting.Attendance{StartedAt: monday, EndedAt: monday.Add(time.Hour), Present: []string{"rep-1", "rep-2", "rep-3"}}},
		{decideCase{name: "an attendee neither present nor excused is recorded absent; an excused one is not", given: given(scheduled, excused),
			want: given(meeting.Held{MeetingID: "m-1", StartedAt: monday, EndedAt: monday.Add(time.Hour), Present: []string{"rep-1"},
				Absent: []string{"rep-3"}, RecordedBy: "head-1", RecordedAt: after})},
			meeting.Attendance{StartedAt: monday, EndedAt: monday.Add(time.Hour), Present: []string{"rep-1"}}},
		{decideCase{name: "a morning stand-up that ran exactly 15 minutes did not overrun (§3.14-length)", given: given(morning),
			want: given(ran(15*time.Minute, false))},
			meeting.Attendance{StartedAt: ran(0, false).StartedAt, EndedAt: ran(15*time.Minute, false).EndedAt, Present: []string{"rep-1"}}},
		{decideCase{name: "a morning stand-up that ran 16 minutes overran (§3.14-length)", given: given(morning),
			want: given(ran(16*time.Minute, true))},
			meeting.Attendance{StartedAt: ran(0, false).StartedAt, EndedAt: ran(16*time.Minute, false).EndedAt, Present: []string{"rep-1"}}},
		{decideCase{name: "an excused attendee cannot be present", given: given(scheduled, excused), wantErr: domain.ErrInvalid},
			meeting.Attendance{StartedAt: monday, EndedAt: monday.Add(time.Hour), Present: []string{"rep-2"}}},
		{decideCase{name: "a meeting that has not ended yet is not held", given: given(scheduled), wantErr: domain.ErrInvalid},
			meeting.Attendance{StartedAt: monday, EndedAt: after.Add(time.Second), Present: []string{"rep-1"}}},
		{decideCase{name: "a meeting is held once (§3.14-order)", given: given(scheduled, held), wantErr: meeting.ErrNotScheduled},
			meeting.Attendance{StartedAt: monday, EndedAt: monday.Add(time.Hour)}},
	}
	for _, tt := range tests {
		check(t, "Hold", tt.decideCase, func(m meeting.Meeting) ([]domain.Event, error) {
			return m.Hold(tt.attendance, "head-1", after)
		})
	}
}

func TestMeeting_RecordMinutes(t *testing.T) {
	at := monday.Add(2 * time.Hour)
	tests := []decideCase{
		{name: "minutes of a held meeting are recorded (§3.14-minutes)", given: given(scheduled, held), want: given(minutes)},
		{name: "a meeting not held has no minutes (§3.14-minutes)", given: given(scheduled), wantErr: meeting.ErrNotHeld},
		{name: "minutes are written once", given: given(scheduled, held, minutes), wantErr: domain.ErrConflict},
	}
	for _, tt := range tests {
		check(t, "RecordMinutes", tt, func(m meeting.Meeting) ([]domain.Event, error) {
			return m.RecordMinutes("Q4 results reviewed", nil, "head-1", at)
		})
	}
	check(t, "RecordMinutes", decideCase{name: "the content is required", given: given(scheduled, held), wantErr: domain.ErrInvalid},
		func(m meeting.Meeting) ([]domain.Event, error) { return m.RecordMinutes("", nil, "head-1", at) })
}

func TestMeeting_CountersignAndClose(t *testing.T) {
	at := monday.Add(3 * time.Hour)
	signed := func(id string) meeting.MinutesCountersigned {
		return meeting.MinutesCountersigned{MeetingID: "m-1", SignatoryID: id, SignedAt: at}
	}
	closed := meeting.Closed{MeetingID: "m-1", ClosedBy: "head-1", ClosedAt: at}
	importantMinuted := given(importantScheduled, held, minutes)
	for _, tt := range []struct {
		decideCase
		signatory string
	}{
		{decideCase{name: "a signatory countersigns the minutes (§3.14-countersign)", given: importantMinuted, want: given(signed("gm-1"))}, "gm-1"},
		{decideCase{name: "someone not named cannot countersign (§3.14-countersign)", given: importantMinuted, wantErr: meeting.ErrNotSignatory}, "rep-1"},
		{decideCase{name: "minutes not written cannot be countersigned (§3.14-countersign)", given: given(importantScheduled, held),
			wantErr: meeting.ErrNoMinutesToSign}, "gm-1"},
		{decideCase{name: "signing twice records nothing", given: append(importantMinuted, signed("gm-1"))}, "gm-1"},
	} {
		check(t, "Countersign", tt.decideCase, func(m meeting.Meeting) ([]domain.Event, error) { return m.Countersign(tt.signatory, at) })
	}
	for _, tt := range []decideCase{
		{name: "a meeting with minutes closes", given: given(scheduled, held, minutes), want: given(closed)},
		{name: "a meeting without minutes cannot close (§3.14-minutes)", given: given(scheduled, held), wantErr: meeting.ErrNoMinutes},
		{name: "an important meeting with one signature missing cannot close (§3.14-countersign)",
			given: append(importantMinuted, signed("gm-1")), wantErr: meeting.ErrUnsigned},
		{name: "an important meeting every signatory countersigned closes (§3.14-countersign)",
			given: append(importantMinuted, signed("gm-1"), signed("head-1")), want: given(closed)},
		{name: "closing twice records nothing", given: given(scheduled, held, minutes, closed)},
	} {
		check(t, "Close", tt, func(m meeting.Meeting) ([]domain.Event, error) { return m.Close("head-1", at) })
	}
}

func TestMeeting_EvolveCountersigned(t *testing.T) {
	m := domain.Fold(meeting.Meeting.Evolve, importantScheduled, held, minutes,
		meeting.MinutesCountersigned{MeetingID: "m-1", SignatoryID: "head-1"})
	if m.Status != meeting.StatusMinutesRecorded || len(m.MissingSignatures()) != 1 {
		t.Fatalf("one signature of two: status %s, missing %v", m.Status, m.MissingSignatures())
	}
	m = m.Evolve(meeting.MinutesCountersigned{MeetingID: "m-1", SignatoryID: "gm-1"})
	if m.Status != meeting.StatusCountersigned || len(m.MissingSignatures()) != 0 {
		t.Fatalf("every signature: status %s, missing %v", m.Status, m.MissingSignatures())
	}
}
