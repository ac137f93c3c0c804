package commands_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/deadlines"
	"github.com/opsledger/opsledger/domain/employee"
)

func TestFireDeadline_PeriodReportDue(t *testing.T) {
	monday := time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC)
	feb := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	weekDue := deadlines.Deadline{Kind: deadlines.WeeklyReportDue, Subject: "e-1", Item: "2026-01-12", Due: monday.AddDate(0, 0, 7)}
	monthDue := deadlines.Deadline{Kind: deadlines.MonthlyReportDue, Subject: "e-1", Item: "2026-02-01", Due: feb.AddDate(0, 1, 0)}
	tests := []struct {
		name      string
		due       deadlines.Deadline
		report    *employee.WorkReport
		wantFlags int
	}{
		{name: "a week without the weekly report is flagged once (E12-due)", due: weekDue, wantFlags: 1},
		{name: "a month without the monthly report is flagged once (E12-due)", due: monthDue, wantFlags: 1},
		{name: "a week whose report was filed is not flagged", due: weekDue,
			report: &employee.WorkReport{ReportID: "w-1", Period: employee.ReportWeekly, PeriodStart: monday, Content: "week's summary", NextPlan: "next week"}},
		{name: "a month whose report was filed is not flagged", due: monthDue,
			report: &employee.WorkReport{ReportID: "m-1", Period: employee.ReportMonthly, PeriodStart: feb, Content: "month's summary", NextPlan: "next month"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newEmployeeWorld(t).onProbation()
			w.now = tt.due.Due.Add(-time.Hour)
			if tt.report != nil {
				w.ok(w.h.Employees.SubmitWorkReport(context.Background(), employeeRep, commands.SubmitWorkReport{EmployeeID: "e-1", Report: *tt.report}))
			}
			w.now = tt.due.Due.Add(time.Second)

			if _, err := fireThrice(t, w.h, tt.due); err != nil {
				t.Fatalf("FireDeadline() error = %v", err)
			}
			if n := countIn(t, w.store, employee.Stream("e-1"), "employee.work_report_missed"); n != tt.wantFlags {
				t.Errorf("flags = %d, want %d", n, tt.wantFlags)
			}
		})
	}
}

func TestSubmitWorkReport_lateUnderTheRegulationInForce(t *testing.T) {
	w := newEmployeeWorld(t).onProbation()
	day := time.Date(2026, 1, 6, 0, 0, 0, 0, time.UTC)
	w.now = time.Date(2026, 1, 6, 16, 0, 1, 0, time.UTC) // a second past the company's midnight (+8)
	w.ok(w.h.Employees.SubmitWorkReport(context.Background(), employeeRep, commands.SubmitWorkReport{EmployeeID: "e-1",
		Report: employee.WorkReport{ReportID: "r-1", Period: employee.ReportDaily, PeriodStart: day, Content: "visited c-1", NextPlan: "quote c-1"}}))
	recs := w.records()
	last := recs[len(recs)-1]
	if last.Type != "employee.work_report_submitted" || last.Metadata.RegulationVersion == "" {
		t.Fatalf("last event = %s under %q, want the report under the employee regulation", last.Type, last.Metadata.RegulationVersion)
	}
}
