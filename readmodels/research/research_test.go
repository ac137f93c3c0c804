package research_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain/research"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
	researchmodel "github.com/opsledger/opsledger/readmodels/research"
)

func TestResearch_ProjectsByState(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	store := memory.New()
	codec := eventstore.NewCodec(research.Events()...)
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	plan := research.Plan{Title: "demand", OrgUnitID: "mkt", Purpose: "p", Scope: "s",
		Methods: []research.Method{research.MethodWeb}, StartsOn: t0, DueOn: t0.AddDate(0, 1, 0)}
	report := research.Report{Introduction: "i", Methodology: "m", Findings: "f", Conclusions: "c", FeedbackUnitIDs: []string{"sales-east"}}
	readmodeltest.Append(t, store, codec, research.Stream("r-1"),
		research.Proposed{ProjectID: "r-1", Plan: plan, ProposedBy: "mr-1", ProposedAt: t0},
		research.Reviewed{ProjectID: "r-1", ReviewerID: "head-1", Passed: true, ReviewedAt: t0},
		research.Approved{ProjectID: "r-1", ApproverID: "lead-1", ApprovedAt: t0},
		research.Started{ProjectID: "r-1", StartedAt: t0},
		research.Reported{ProjectID: "r-1", Report: report, ReportedAt: t0},
	)
	readmodeltest.Append(t, store, codec, research.Stream("r-2"),
		research.Proposed{ProjectID: "r-2", Plan: plan, ProposedBy: "mr-1", ProposedAt: t0.Add(time.Hour)},
		research.Reviewed{ProjectID: "r-2", ReviewerID: "head-1", Comment: "narrow it", ReviewedAt: t0},
	)
	readmodeltest.Append(t, store, codec, research.Stream("r-3"),
		research.Proposed{ProjectID: "r-3", Plan: plan, ProposedBy: "mr-1", ProposedAt: t0.Add(2 * time.Hour)},
	)
	stop := projectiontest.Run(t, projections.NewRunner(pool, store, ns, researchmodel.New(), projectiontest.FastOptions()))
	defer stop()
	q := researchmodel.NewQueries(readmodeltest.DB(pool, ns))
	projectiontest.Eventually(t, "every project projected", func() bool {
		v, err := q.ResearchProject(ctx, "r-1")
		_, err3 := q.ResearchProject(ctx, "r-3")
		return err == nil && v.Version == 5 && err3 == nil
	})

	got, err := q.ResearchProject(ctx, "r-1")
	if err != nil || got.Status != string(research.StatusReported) || got.Report == nil || got.Report.Findings != "f" ||
		got.ApprovedBy != "lead-1" || len(got.Methods) != 1 {
		t.Errorf("r-1 = %+v, %v", got, err)
	}
	page, err := q.ResearchProjects(ctx, queries.ResearchProjectFilter{Status: string(research.StatusReturned)}, queries.PageRequest{Limit: 10})
	if err != nil || len(page.Items) != 1 || page.Items[0].ProjectID != "r-2" {
		t.Errorf("returned projects = %+v, %v", page.Items, err)
	}
	counts, err := q.ResearchProjectsByState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"PROPOSED": 1, "RETURNED": 1, "REPORTED": 1}
	for _, c := range counts {
		if c.Count != want[c.Status] {
			t.Errorf("%s: %d projects, want %d", c.Status, c.Count, want[c.Status])
		}
	}
	if len(counts) != len(queries.ResearchProjectStatuses) {
		t.Errorf("counts = %+v: every state is listed", counts)
	}
}
