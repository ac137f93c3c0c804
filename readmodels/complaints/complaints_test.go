package complaints_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/complaints"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

func TestComplaints_ProjectsMilestonesAndPages(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	store := memory.New()
	codec := eventstore.NewCodec(complaint.Events()...)
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	readmodeltest.Append(t, store, codec, complaint.Stream("c1"),
		complaint.Received{ComplaintID: "c1", CustomerID: "cust-1", Channel: "PHONE", ReceivedBy: "emp-9", ReceivedAt: t0},
		complaint.Routed{ComplaintID: "c1", DepartmentID: "dept-qa", RoutedAt: t0.Add(10 * time.Minute)},
		complaint.CustomerUpdated{ComplaintID: "c1", UpdatedAt: t0.Add(30 * time.Hour), Late: true},
		complaint.Escalated{ComplaintID: "c1", EscalatedTo: "emp-boss", EscalatedAt: t0.Add(31 * time.Hour)},
		complaint.ResolutionProposed{ComplaintID: "c1", ProposedAt: t0.Add(32 * time.Hour)},
		complaint.ConfirmationRequested{ComplaintID: "c1", RequestedAt: t0.Add(33 * time.Hour)},
		complaint.Closed{ComplaintID: "c1", ClosedAt: t0.Add(48 * time.Hour)},
		complaint.Reopened{ComplaintID: "c1", ReopenedAt: t0.Add(50 * time.Hour)},
		complaint.CustomerUpdated{ComplaintID: "c1", UpdatedAt: t0.Add(60 * time.Hour)},
		complaint.Closed{ComplaintID: "c1", ClosedAt: t0.Add(8 * 24 * time.Hour)},
		complaint.RootCauseRecorded{ComplaintID: "c1", Category: "packaging"},
	)
	readmodeltest.Append(t, store, codec, complaint.Stream("c2"),
		complaint.Received{ComplaintID: "c2", CustomerID: "cust-2", Channel: "EMAIL", ReceivedAt: t0.Add(time.Hour)},
		complaint.Routed{ComplaintID: "c2", DepartmentID: "dept-qa", RoutedAt: t0.Add(time.Hour + 16*time.Minute)},
		complaint.ProgressRecorded{ComplaintID: "c2", RecordedAt: t0.Add(2 * time.Hour)},
	)
	readmodeltest.Append(t, store, codec, complaint.Stream("c3"),
		complaint.Received{ComplaintID: "c3", CustomerID: "cust-1", Channel: "VISIT", ReceivedAt: t0.Add(2 * time.Hour)},
	)
	p := complaints.New()
	stop := projectiontest.Run(t, projections.NewRunner(pool, store, ns, p, projectiontest.FastOptions()))
	q := complaints.NewQueries(readmodeltest.DB(pool, ns))
	projectiontest.Eventually(t, "c1 at version 11", func() bool {
		v, err := q.Complaint(ctx, "c1")
		return err == nil && v.Version == 11
	})

	t.Run("a complaint shows its milestones, counts and D-labelled SLA flags", func(t *testing.T) {
		got, err := q.Complaint(ctx, "c1")
		if err != nil {
			t.Fatalf("Complaint: %v", err)
		}
		if got.Status != string(complaint.StatusClosed) || got.DepartmentID != "dept-qa" || got.Escalations != 1 ||
			got.EscalatedTo != "emp-boss" || got.ReopenCount != 1 || got.RootCauseCategory != "packaging" {
			t.Errorf("c1 = %+v", got)
		}
		if *got.TimeToRouteSeconds != 600 || *got.TimeToFirstUpdateSeconds != 30*3600 || *got.TimeToCloseSeconds != 8*24*3600 {
			t.Errorf("durations = %d, %d, %d", *got.TimeToRouteSeconds, *got.TimeToFirstUpdateSeconds, *got.TimeToCloseSeconds)
		}
		want := queries.ComplaintSLA{Basis: queries.ComplaintSLABasis, RouteWithinSeconds: 900,
			FirstUpdateWithinSeconds: 86400, CloseWithinSeconds: 7 * 86400,
			RouteLate: readmodeltest.PtrTo(false), FirstUpdateLate: readmodeltest.PtrTo(true), CloseLate: readmodeltest.PtrTo(true)}
		if fmt.Sprint(deref(got.SLA)) != fmt.Sprint(deref(want)) {
			t.Errorf("SLA = %v, want %v", deref(got.SLA), deref(want))
		}
	})
	t.Run("an open complaint has no close time and no close flag", func(t *testing.T) {
		got, err := q.Complaint(ctx, "c3")
		if err != nil || got.TimeToCloseSeconds != nil || got.SLA.CloseLate != nil || got.SLA.RouteLate != nil || got.Version != 1 {
			t.Errorf("c3 = %+v, %v", got, err)
		}
	})
	t.Run("an unknown complaint is not found", func(t *testing.T) {
		_, err := q.Complaint(ctx, "nope")
		if !errors.Is(err, domain.ErrNotFound) || !errors.Is(err, queries.ErrComplaintNotFound) {
			t.Errorf("Complaint(nope) error = %v, want ErrComplaintNotFound", err)
		}
	})
	t.Run("filters select by status, department and customer", func(t *testing.T) {
		for _, tc := range []struct {
			f    queries.ComplaintFilter
			want string
		}{
			{queries.ComplaintFilter{Status: "IN_PROGRESS"}, "c2"},
			{queries.ComplaintFilter{DepartmentID: "dept-qa"}, "c2 c1"},
			{queries.ComplaintFilter{CustomerID: "cust-1", Sort: "received_at"}, "c1 c3"},
			{queries.ComplaintFilter{ReceivedFrom: t0.Add(time.Hour), ReceivedTo: t0.Add(2 * time.Hour)}, "c2"},
			{queries.ComplaintFilter{Late: true, Sort: "received_at"}, "c1 c2"},
		} {
			p, err := q.Complaints(ctx, tc.f, queries.PageRequest{})
			if got := complaintIDs(p.Items); err != nil || got != tc.want {
				t.Errorf("Complaints(%+v) = %q, %v; want %q", tc.f, got, err, tc.want)
			}
		}
	})
	t.Run("pages walk every complaint once in sort order", func(t *testing.T) {
		var seen []queries.ComplaintView
		page := queries.PageRequest{Limit: 2}
		for i := 0; i < 3; i++ {
			p, err := q.Complaints(ctx, queries.ComplaintFilter{Sort: "-received_at"}, page)
			if err != nil {
				t.Fatalf("Complaints: %v", err)
			}
			seen = append(seen, p.Items...)
			if page.Cursor = p.NextCursor; page.Cursor == "" {
				break
			}
		}
		if got := complaintIDs(seen); got != "c3 c2 c1" {
			t.Errorf("pages = %q, want c3 c2 c1", got)
		}
	})
	t.Run("an unknown sort is an invalid field", func(t *testing.T) {
		_, err := q.Complaints(ctx, queries.ComplaintFilter{Sort: "content"}, queries.PageRequest{})
		var fe *domain.FieldError
		if !errors.As(err, &fe) || fe.Field != "sort" {
			t.Errorf("error = %v, want an invalid sort field", err)
		}
	})
	t.Run("a rebuild gives the same rows", func(t *testing.T) {
		readmodeltest.AssertRebuildMatches(t, pool, store, ns, p, stop)
	})
}

func complaintIDs(vs []queries.ComplaintView) string {
	s := ""
	for i, v := range vs {
		if i > 0 {
			s += " "
		}
		s += v.ComplaintID
	}
	return s
}

// deref shows an SLA's flags as values, so two SLAs compare by content.
func deref(s queries.ComplaintSLA) string {
	b := func(p *bool) string {
		if p == nil {
			return "nil"
		}
		return fmt.Sprint(*p)
	}
	return fmt.Sprintf("%s %d/%d/%d route=%s update=%s close=%s", s.Basis, s.RouteWithinSeconds,
		s.FirstUpdateWithinSeconds, s.CloseWithinSeconds, b(s.RouteLate), b(s.FirstUpdateLate), b(s.CloseLate))
}
