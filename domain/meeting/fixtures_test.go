package meeting_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/meeting"
)

var (
	// monday is Monday 7 December 2026, 17:30 company time.
	monday = time.Date(2026, 12, 7, 17, 30, 0, 0, meeting.CompanyZone)
	t0     = monday.Add(-72 * time.Hour)

	weekly = meeting.Plan{Kind: meeting.KindWeeklySales, Title: "weekly sales meeting", OrgUnitID: "sales-east",
		ChairID: "head-1", StartsAt: monday, DurationMinutes: 60, Attendees: []string{"rep-1", "rep-2", "rep-3"}}
	important = func() meeting.Plan {
		p := weekly
		p.Important, p.Signatories = true, []string{"head-1", "gm-1"}
		return p
	}()
	scheduled          = meeting.Scheduled{MeetingID: "m-1", Plan: weekly, ScheduledBy: "head-1", ScheduledAt: t0}
	importantScheduled = meeting.Scheduled{MeetingID: "m-1", Plan: important, ScheduledBy: "head-1", ScheduledAt: t0}
	held               = meeting.Held{MeetingID: "m-1", StartedAt: monday, EndedAt: monday.Add(time.Hour),
		Present: []string{"rep-1", "rep-2", "rep-3"}, RecordedBy: "head-1", RecordedAt: monday.Add(2 * time.Hour)}
	minutes = meeting.MinutesRecorded{MeetingID: "m-1", Content: "Q4 results reviewed", RecordedBy: "head-1", RecordedAt: monday.Add(2 * time.Hour)}
)

type decideCase struct {
	name    string
	given   []domain.Event
	want    []domain.Event
	wantErr error
}

func check(t *testing.T, method string, tt decideCase, when func(meeting.Meeting) ([]domain.Event, error)) {
	t.Helper()
	t.Run(tt.name, func(t *testing.T) {
		m := domain.Fold(meeting.Meeting.Evolve, tt.given...) // given

		got, err := when(m) // when

		if !errors.Is(err, tt.wantErr) { // then
			t.Fatalf("%s() error = %v, want %v", method, err, tt.wantErr)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s() events mismatch (-want +got):\n%s", method, diff)
		}
	})
}

func given(events ...domain.Event) []domain.Event { return events }
