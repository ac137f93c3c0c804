package supervision_test

import (
	"context"
	"testing"
	"time"

	sv "github.com/opsledger/opsledger/domain/supervision"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
	"github.com/opsledger/opsledger/readmodels/supervision"
)

// Given notices, evaluations and reports, when the read model is asked
// about a day, a span of years and a span of quarters, then it shows the
// open notices with their overdue state for that day (§5.26-overdue: not on
// the deadline day, from the day after), the years without an evaluation
// (§5.26-evaluation) and the quarters without a report (§5.27-quarterly).
func TestSupervision_OverdueNoticesAndMissingPeriods(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	store := memory.New()
	codec := eventstore.NewCodec(sv.Events()...)
	t0 := time.Date(2027, 3, 2, 9, 0, 0, 0, time.UTC)
	deadline := time.Date(2027, 3, 16, 0, 0, 0, 0, time.UTC)
	readmodeltest.Append(t, store, codec, sv.NoticeStream("n-open"),
		sv.NoticeIssued{NoticeID: "n-open", DepartmentID: "ou-sales", AssigneeID: "head-1", Requirement: "file reports", Deadline: deadline, IssuedAt: t0},
		sv.NoticeAcknowledged{NoticeID: "n-open", AcknowledgedAt: t0},
		sv.RectificationReported{NoticeID: "n-open", ReportedAt: t0},
		sv.RectificationVerified{NoticeID: "n-open", Comment: "not yet", VerifiedAt: t0},
	)
	readmodeltest.Append(t, store, codec, sv.NoticeStream("n-closed"),
		sv.NoticeIssued{NoticeID: "n-closed", DepartmentID: "ou-sales", Deadline: deadline, IssuedAt: t0},
		sv.NoticeAcknowledged{NoticeID: "n-closed", AcknowledgedAt: t0},
		sv.RectificationReported{NoticeID: "n-closed", ReportedAt: t0},
		sv.RectificationVerified{NoticeID: "n-closed", Passed: true, VerifiedAt: t0},
	)
	readmodeltest.Append(t, store, codec, sv.NoticeStream("n-extended"),
		sv.NoticeIssued{NoticeID: "n-extended", DepartmentID: "ou-service", Deadline: deadline, IssuedAt: t0},
		sv.DeadlineExtended{NoticeID: "n-extended", Deadline: deadline.AddDate(0, 0, 10), ExtendedAt: t0},
	)
	readmodeltest.Append(t, store, codec, sv.EvaluationStream("ev-1"),
		sv.EvaluationRecorded{EvaluationID: "ev-1", Year: 2025, HeldOn: time.Date(2025, 11, 3, 0, 0, 0, 0, time.UTC), Scope: "all"})
	readmodeltest.Append(t, store, codec, sv.EvaluationStream("ev-2"),
		sv.EvaluationRecorded{EvaluationID: "ev-2", Year: 2027, HeldOn: time.Date(2027, 2, 3, 0, 0, 0, 0, time.UTC), Scope: "sales"})
	readmodeltest.Append(t, store, codec, sv.ReportStream("2027-Q1"),
		sv.ReportDrafted{Quarter: "2027-Q1", DraftedBy: "asst-1", DraftedAt: t0},
		sv.ReportSubmitted{Quarter: "2027-Q1", SubmittedAt: t0},
		sv.ReportReviewed{Quarter: "2027-Q1", Comment: "add Q4 comparison", ReviewedBy: "sup-1", ReviewedAt: t0},
		sv.ReportRevised{Quarter: "2027-Q1", RevisedAt: t0},
		sv.ReportSubmitted{Quarter: "2027-Q1", SubmittedAt: t0},
		sv.ReportReviewed{Quarter: "2027-Q1", Accepted: true, ReviewedBy: "sup-1", ReviewedAt: t0},
	)
	readmodeltest.Append(t, store, codec, sv.SpotCheckStream("sc-1"),
		sv.SpotCheckRecorded{SpotCheckID: "sc-1", DepartmentID: "ou-sales", Process: "daily reports", CheckedOn: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC),
			Findings: []sv.Finding{{Aspect: sv.AspectTimeliness, Description: "late"}, {Aspect: sv.AspectAccuracy, Description: "fine", Conforming: true}}})
	p := supervision.New()
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, p, projectiontest.FastOptions()))
	q := supervision.NewQueries(readmodeltest.DB(pool, ns))
	projectiontest.Eventually(t, "report 2027-Q1 at version 6", func() bool {
		rs, err := q.ReportsByQuarter(ctx, sv.Quarter{Year: 2027, Q: 1}, sv.Quarter{Year: 2027, Q: 1})
		return err == nil && rs[0].Report != nil && rs[0].Report.Version == 6
	})

	t.Run("a spot check is listed with its findings on the days it falls within", func(t *testing.T) {
		march1 := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
		got, err := q.SpotChecks(ctx, queries.SpotCheckFilter{DepartmentID: "ou-sales", From: march1, To: march1})
		if err != nil || len(got) != 1 || len(got[0].Findings) != 2 || got[0].Nonconforming != 1 {
			t.Fatalf("spot checks of 1 March = %+v, %v; want sc-1 with 2 findings, 1 nonconforming", got, err)
		}
		after, err := q.SpotChecks(ctx, queries.SpotCheckFilter{From: march1.AddDate(0, 0, 1), To: march1.AddDate(0, 0, 30)})
		if err != nil || len(after) != 0 {
			t.Fatalf("spot checks from 2 March = %+v, %v; want none", after, err)
		}
	})
	t.Run("on the deadline day the open notice is not overdue", func(t *testing.T) {
		got, err := q.RectificationNotices(ctx, queries.NoticeFilter{Day: deadline.Add(23 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].NoticeID != "n-open" || got[0].Overdue || got[1].Overdue {
			t.Fatalf("open notices on the deadline day = %+v, want n-open then n-extended, neither overdue", got)
		}
		if got[0].Status != "ACKNOWLEDGED" || got[0].FailedVerifications != 1 {
			t.Errorf("n-open = %s with %d failed verifications, want ACKNOWLEDGED with 1", got[0].Status, got[0].FailedVerifications)
		}
	})
	t.Run("the day after the deadline it is overdue by one day, the extended one is not", func(t *testing.T) {
		got, err := q.RectificationNotices(ctx, queries.NoticeFilter{Day: deadline.AddDate(0, 0, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || !got[0].Overdue || got[0].DaysOverdue != 1 || got[1].Overdue {
			t.Fatalf("open notices the day after = %+v, want n-open overdue by 1, n-extended not", got)
		}
		overdue, err := q.RectificationNotices(ctx, queries.NoticeFilter{Day: deadline.AddDate(0, 0, 1), OverdueOnly: true})
		if err != nil || len(overdue) != 1 || overdue[0].NoticeID != "n-open" {
			t.Fatalf("overdue only = %+v, %v, want n-open", overdue, err)
		}
	})
	t.Run("a verified notice is listed only when closed ones are asked for, never overdue", func(t *testing.T) {
		got, err := q.RectificationNotice(ctx, "n-closed", deadline.AddDate(1, 0, 0))
		if err != nil || got.Overdue || got.Status != "VERIFIED" {
			t.Fatalf("n-closed = %+v, %v, want VERIFIED and not overdue", got, err)
		}
		all, err := q.RectificationNotices(ctx, queries.NoticeFilter{Day: deadline, IncludeClosed: true, DepartmentID: "ou-sales"})
		if err != nil || len(all) != 2 {
			t.Fatalf("all of ou-sales = %d notices, %v, want 2", len(all), err)
		}
	})
	t.Run("a year without a process evaluation is missing", func(t *testing.T) {
		got, err := q.EvaluationsByYear(ctx, 2025, 2027)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 || got[0].Missing || !got[1].Missing || got[2].Missing || got[2].Evaluations[0].EvaluationID != "ev-2" {
			t.Fatalf("evaluations by year = %+v, want 2026 missing only", got)
		}
	})
	t.Run("a quarter without an analysis report is missing", func(t *testing.T) {
		got, err := q.ReportsByQuarter(ctx, sv.Quarter{Year: 2026, Q: 4}, sv.Quarter{Year: 2027, Q: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 || !got[0].Missing || got[1].Missing || !got[2].Missing {
			t.Fatalf("reports by quarter = %+v, want only 2027-Q1 present", got)
		}
		if r := got[1].Report; r.Status != "ACCEPTED" || r.Returns != 1 || r.AcceptedAt == nil {
			t.Errorf("2027-Q1 = %+v, want ACCEPTED after one return", r)
		}
	})
}
