package meetings_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain/meeting"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/meetings"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

func TestMeetings_AttendanceOpenMinutesAndUncountersigned(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	store := memory.New()
	codec := eventstore.NewCodec(meeting.Events()...)
	monday := time.Date(2026, 12, 7, 17, 30, 0, 0, meeting.CompanyZone)
	plan := meeting.Plan{Kind: meeting.KindWeeklySales, Title: "weekly", OrgUnitID: "sales-east", ChairID: "head-1",
		StartsAt: monday, DurationMinutes: 60, Important: true, Attendees: []string{"rep-1", "rep-2", "rep-3"},
		Signatories: []string{"head-1", "gm-1"}}
	ended := monday.Add(time.Hour)
	readmodeltest.Append(t, store, codec, meeting.Stream("m-1"),
		meeting.Scheduled{MeetingID: "m-1", Plan: plan},
		meeting.RoomBooked{MeetingID: "m-1", Room: "A", BookedAt: monday.AddDate(0, 0, -2)},
		meeting.AbsenceExcused{MeetingID: "m-1", EmployeeID: "rep-2", Reason: "ill"},
		meeting.Held{MeetingID: "m-1", StartedAt: monday, EndedAt: ended, Present: []string{"rep-1"}, Absent: []string{"rep-3"}},
		meeting.MinutesRecorded{MeetingID: "m-1", Content: "targets", RecordedAt: ended},
		meeting.MinutesCountersigned{MeetingID: "m-1", SignatoryID: "head-1", SignedAt: ended},
	)
	standup := plan
	standup.Kind, standup.Important, standup.Signatories, standup.StartsAt = meeting.KindMorningStandup, false, nil, monday.Add(-9*time.Hour)
	readmodeltest.Append(t, store, codec, meeting.Stream("m-2"),
		meeting.Scheduled{MeetingID: "m-2", Plan: standup},
		meeting.Held{MeetingID: "m-2", StartedAt: standup.StartsAt, EndedAt: standup.StartsAt.Add(16 * time.Minute),
			Present: []string{"rep-1", "rep-2", "rep-3"}, LimitMinutes: 15, Overran: true},
	)
	readmodeltest.Append(t, store, codec, meeting.Stream("m-3"), meeting.Scheduled{MeetingID: "m-3", Plan: standup})
	stop := projectiontest.Run(t, projections.NewRunner(pool, store, ns, meetings.New(), projectiontest.FastOptions()))
	defer stop()
	q := meetings.NewQueries(readmodeltest.DB(pool, ns))
	projectiontest.Eventually(t, "m-1 at version 6 and m-3 projected", func() bool {
		v, err := q.Meeting(ctx, "m-1")
		_, err3 := q.Meeting(ctx, "m-3")
		return err == nil && v.Version == 6 && err3 == nil
	})

	t.Run("a meeting shows each attendee's attendance", func(t *testing.T) {
		got, err := q.Meeting(ctx, "m-1")
		if err != nil {
			t.Fatal(err)
		}
		want := []queries.MeetingAttendee{{EmployeeID: "rep-1", State: queries.AttendancePresent},
			{EmployeeID: "rep-2", State: queries.AttendanceExcused, Reason: "ill"}, {EmployeeID: "rep-3", State: queries.AttendanceAbsent}}
		if !slices.Equal(got.Attendance, want) || got.Room != "A" || got.Status != string(meeting.StatusMinutesRecorded) {
			t.Errorf("m-1 = %+v", got)
		}
		if len(got.Signatures) != 2 || got.Signatures[0].SignedAt == nil || got.Signatures[1].SignedAt != nil {
			t.Errorf("signatures = %+v", got.Signatures)
		}
	})
	t.Run("open minutes lists the held meeting without minutes", func(t *testing.T) {
		page, err := q.Meetings(ctx, queries.MeetingFilter{OpenMinutes: true}, queries.PageRequest{Limit: 10})
		if err != nil || len(page.Items) != 1 || page.Items[0].MeetingID != "m-2" || !page.Items[0].Overran {
			t.Errorf("open minutes = %+v, %v", page.Items, err)
		}
	})
	t.Run("uncountersigned lists the important meeting a signatory has not signed", func(t *testing.T) {
		page, err := q.Meetings(ctx, queries.MeetingFilter{Uncountersigned: true}, queries.PageRequest{Limit: 10})
		if err != nil || len(page.Items) != 1 || page.Items[0].MeetingID != "m-1" {
			t.Errorf("uncountersigned = %+v, %v", page.Items, err)
		}
	})
	t.Run("the list filters by status and kind", func(t *testing.T) {
		page, err := q.Meetings(ctx, queries.MeetingFilter{Status: string(meeting.StatusScheduled), Kind: string(meeting.KindMorningStandup)},
			queries.PageRequest{Limit: 10})
		if err != nil || len(page.Items) != 1 || page.Items[0].MeetingID != "m-3" {
			t.Errorf("scheduled stand-ups = %+v, %v", page.Items, err)
		}
	})
	t.Run("an unknown meeting is not found", func(t *testing.T) {
		if _, err := q.Meeting(ctx, "nope"); err != queries.ErrMeetingNotFound {
			t.Errorf("err = %v", err)
		}
	})
}
