package workreports_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/workplan"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
	"github.com/opsledger/opsledger/readmodels/workreports"
)

var (
	mon  = time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	at   = time.Date(2026, 11, 16, 9, 0, 0, 0, time.UTC)
	dec1 = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
)

func hired(id string, role domain.Role, unit string) employee.Hired {
	return employee.Hired{EmployeeID: id, Name: id, Role: role, OrgUnitID: unit, ProbationMonths: 3, HiredAt: at}
}

func report(emp, id string, p employee.ReportPeriod, start time.Time, late bool, visits ...employee.ReportVisit) employee.WorkReportSubmitted {
	return employee.WorkReportSubmitted{EmployeeID: emp, ReportID: id, Period: p, PeriodStart: start, Content: "work", NextPlan: "plan",
		Visits: visits, DueAt: start.AddDate(0, 0, 1), Late: late, SubmittedAt: at}
}

// fixture: in EAST rep-1 files Monday's daily report with two visits,
// rep-2 files it late after it was flagged, rep-3's is rejected, rep-4
// files nothing and is flagged; rep-5 files nothing and is not flagged
// yet; head-1 heads EAST (files no reports); rep-9 in SOUTH files
// Monday's report; rep-1's December plan is returned, resubmitted and
// approved, rep-2's is submitted.
func fixture(t *testing.T) readmodeltest.Fixture[*workreports.Queries] {
	codec := eventstore.NewCodec(slices.Concat(employee.Events(), workplan.Events())...)
	day := mon.Format(time.DateOnly)
	v := employee.ReportVisit{Customer: "c-1", ContactName: "Wang", ContactTitle: "buyer", Phone: "1380", Minutes: 40}
	return readmodeltest.NewFixture(t, memory.New(), codec, workreports.New(), workreports.NewQueries, func(add func(string, ...domain.Event)) {
		for _, p := range []struct {
			id   string
			role domain.Role
			unit string
		}{{"rep-1", domain.RoleSalesRep, "EAST"}, {"rep-2", domain.RoleSalesRep, "EAST"}, {"rep-3", domain.RoleSalesRep, "EAST"},
			{"rep-4", domain.RoleSalesRep, "EAST"}, {"rep-5", domain.RoleSalesRep, "EAST"}, {"head-1", domain.RoleDeptHead, "EAST"},
			{"rep-9", domain.RoleSalesRep, "SOUTH"}} {
			add(employee.Stream(p.id), hired(p.id, p.role, p.unit), employee.StartedWork{EmployeeID: p.id, StartedAt: at})
		}
		add(employee.Stream("rep-1"), report("rep-1", "r-1", employee.ReportDaily, mon, false, v, v))
		add(employee.Stream("rep-2"), employee.DailyReportMissed{EmployeeID: "rep-2", Day: day, OrgUnitID: "EAST", FlaggedAt: at},
			report("rep-2", "r-2", employee.ReportDaily, mon, true))
		add(employee.Stream("rep-3"), report("rep-3", "r-3", employee.ReportDaily, mon, false),
			employee.WorkReportRejected{EmployeeID: "rep-3", ReportID: "r-3", Reason: "sloppy", CountsAsMissing: true, RejectedBy: "head-1", RejectedAt: at},
			employee.DailyReportMissed{EmployeeID: "rep-3", Day: day, OrgUnitID: "EAST", FlaggedAt: at})
		add(employee.Stream("rep-4"), employee.DailyReportMissed{EmployeeID: "rep-4", Day: day, OrgUnitID: "EAST", FlaggedAt: at},
			employee.WorkReportMissed{EmployeeID: "rep-4", Period: employee.ReportWeekly, PeriodStart: day, OrgUnitID: "EAST", FlaggedAt: at})
		add(employee.Stream("rep-9"), report("rep-9", "r-9", employee.ReportDaily, mon, false))
		p1 := workplan.PlanID("rep-1", workplan.PeriodMonthly, dec1)
		sub := workplan.Submitted{PlanID: p1, EmployeeID: "rep-1", OrgUnitID: "EAST", Period: workplan.PeriodMonthly, PeriodStart: dec1, Content: "ten visits", Revision: 1, SubmittedAt: at}
		again := sub
		again.Revision, again.Content = 2, "c-1 … c-10"
		add(workplan.Stream(p1), sub, workplan.Returned{PlanID: p1, ReviewerID: "head-1", Reason: "name them", ReturnedAt: at}, again,
			workplan.Approved{PlanID: p1, ApproverID: "head-1", ApprovedAt: at})
		p2 := workplan.PlanID("rep-2", workplan.PeriodMonthly, dec1)
		add(workplan.Stream(p2), workplan.Submitted{PlanID: p2, EmployeeID: "rep-2", OrgUnitID: "EAST", Period: workplan.PeriodMonthly, PeriodStart: dec1,
			Content: "plan", Late: true, Revision: 1, SubmittedAt: at})
	})
}

func TestWorkReports_Filing(t *testing.T) {
	f := fixture(t)
	got, err := f.Q.ReportFiling(context.Background(), queries.ReportFilingFilter{Period: "DAILY", PeriodStart: mon.Format(time.DateOnly), OrgUnitID: "EAST"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"rep-1": "FILED", "rep-2": "FILED", "rep-3": "REJECTED", "rep-4": "MISSING", "rep-5": "NOT_FILED"}
	if len(got) != len(want) {
		t.Fatalf("filing = %+v, want the five reps of EAST (not the head, not SOUTH)", got)
	}
	for _, r := range got {
		if want[r.EmployeeID] != r.Status {
			t.Errorf("%s is %s, want %s", r.EmployeeID, r.Status, want[r.EmployeeID])
		}
		if r.EmployeeID == "rep-2" && (!r.Late || !r.Flagged) {
			t.Errorf("rep-2 = %+v, want late and flagged: the flag stays when a late report follows", r)
		}
	}
}

func TestWorkReports_List(t *testing.T) {
	f := fixture(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		filter queries.WorkReportFilter
		want   []string // row ids
	}{
		{"a unit's missing reports, daily and weekly", queries.WorkReportFilter{OrgUnitID: "EAST", Status: "MISSING"},
			[]string{"rep-4/DAILY/2026-11-16", "rep-4/WEEKLY/2026-11-16"}},
		{"one employee's rejected report", queries.WorkReportFilter{EmployeeID: "rep-3", Status: "REJECTED"}, []string{"rep-3/DAILY/2026-11-16"}},
		{"another unit's reports", queries.WorkReportFilter{OrgUnitID: "SOUTH"}, []string{"rep-9/DAILY/2026-11-16"}},
		{"a period before the reports is empty", queries.WorkReportFilter{To: "2026-11-15"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := f.Q.WorkReports(ctx, tt.filter, queries.PageRequest{Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, r := range page.Items {
				ids = append(ids, r.RowID)
			}
			slices.Sort(ids)
			if !slices.Equal(ids, tt.want) {
				t.Errorf("rows = %v, want %v", ids, tt.want)
			}
		})
	}
	page, _ := f.Q.WorkReports(ctx, queries.WorkReportFilter{EmployeeID: "rep-1"}, queries.PageRequest{Limit: 50})
	if len(page.Items) != 1 || page.Items[0].Visits != 2 || page.Items[0].Minutes != 80 || page.Items[0].Late {
		t.Errorf("rep-1's report = %+v, want two visits of 80 minutes, on time", page.Items)
	}
}

func TestWorkReports_Plans(t *testing.T) {
	f := fixture(t)
	ctx := context.Background()
	p1, err := f.Q.WorkPlan(ctx, workplan.PlanID("rep-1", workplan.PeriodMonthly, dec1))
	if err != nil || p1.Status != "APPROVED" || p1.Revision != 2 || p1.DecidedBy != "head-1" || p1.Content != "c-1 … c-10" || p1.PeriodStart != "2026-12-01" {
		t.Errorf("rep-1's plan = %+v, %v; want approved at its second revision", p1, err)
	}
	page, err := f.Q.WorkPlans(ctx, queries.WorkPlanFilter{OrgUnitID: "EAST", Status: "SUBMITTED"}, queries.PageRequest{Limit: 50})
	if err != nil || len(page.Items) != 1 || page.Items[0].EmployeeID != "rep-2" || !page.Items[0].Late {
		t.Errorf("submitted plans = %+v, %v; want rep-2's, late", page.Items, err)
	}
	if _, err := f.Q.WorkPlan(ctx, "nope"); err != queries.ErrWorkPlanNotFound {
		t.Errorf("WorkPlan(nope) error = %v, want not found", err)
	}
}
