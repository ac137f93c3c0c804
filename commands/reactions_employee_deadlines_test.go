package commands_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/deadlines"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

func TestFireDeadline_DailyReportDue(t *testing.T) {
	day := employeeT0.AddDate(0, 0, 1)
	due := deadlines.Deadline{Kind: deadlines.DailyReportDue, Subject: "e-1", Item: day.Format(time.DateOnly), Due: day.AddDate(0, 0, 1)}
	tests := []struct {
		name      string
		report    bool
		wantFlags int
	}{
		{name: "a working day without the daily report is flagged once (E12-missing)", wantFlags: 1},
		{name: "a day whose report was filed is not flagged", report: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newEmployeeWorld(t).onProbation()
			if tt.report {
				w.now = day
				w.ok(w.h.Employees.SubmitWorkReport(context.Background(), employeeRep, commands.SubmitWorkReport{EmployeeID: "e-1",
					Report: employee.WorkReport{ReportID: "r-1", Period: employee.ReportDaily, PeriodStart: day, Content: "visited c-1", NextPlan: "quote c-1"}}))
			}
			w.now = day.AddDate(0, 0, 1)

			if _, err := fireThrice(t, w.h, due); err != nil {
				t.Fatalf("FireDeadline() error = %v", err)
			}
			if n := countIn(t, w.store, employee.Stream("e-1"), "employee.daily_report_missed"); n != tt.wantFlags {
				t.Errorf("flags = %d, want %d", n, tt.wantFlags)
			}
		})
	}
}

func TestFireDeadline_MonthResults(t *testing.T) {
	jan := deadlines.Deadline{Kind: deadlines.MonthResults, Subject: "e-1", Item: "2026-01"}
	feb := deadlines.Deadline{Kind: deadlines.MonthResults, Subject: "e-1", Item: "2026-02"}
	sales := map[string]domain.Money{} // by month, in company time
	var asked []time.Time
	w := newEmployeeWorld(t).onProbation()
	w.h.Reactions.UseSalesActuals(func(_ context.Context, employeeID string, from, to time.Time) (domain.Money, error) {
		asked = append(asked, from, to)
		return sales[from.Format("2006-01")], nil
	})
	w.now = employeeT0.AddDate(0, 2, 0)

	// Given no sale in January nor February, when both months' results
	// deadlines fire (each three times)
	for _, d := range []deadlines.Deadline{jan, feb} {
		if _, err := fireThrice(t, w.h, d); err != nil {
			t.Fatalf("FireDeadline(%s) error = %v", d.Item, err)
		}
	}

	// Then both are recorded as zero months, and the second raises the
	// auto-resignation case (E6), once
	if n := countIn(t, w.store, employee.Stream("e-1"), "employee.monthly_results_recorded"); n != 2 {
		t.Errorf("months recorded = %d, want 2 (E6-computed)", n)
	}
	if n := countIn(t, w.store, employee.Stream("e-1"), "employee.auto_resignation_due"); n != 1 {
		t.Errorf("auto-resignation cases = %d, want 1 (E6)", n)
	}
	// And the months were asked in company time (UTC+8)
	if len(asked) == 0 || asked[0].UTC() != time.Date(2025, 12, 31, 16, 0, 0, 0, time.UTC) {
		t.Errorf("sales asked from %v, want January from its company midnight", asked)
	}
}

func TestFireDeadline_MonthResults_withoutSalesReadModel(t *testing.T) {
	w := newEmployeeWorld(t).onProbation()
	_, err := w.h.Reactions.FireDeadline(context.Background(), deadlines.Deadline{Kind: deadlines.MonthResults, Subject: "e-1", Item: "2026-01"})
	if !errors.Is(err, commands.ErrNoSalesActuals) || errors.Is(err, domain.ErrRejected) {
		t.Errorf("FireDeadline() error = %v, want ErrNoSalesActuals, retried (not a refusal)", err)
	}
}

func TestFireDeadline_ProbationEnd(t *testing.T) {
	tests := []struct {
		name      string
		confirm   bool
		wantFlags int
	}{
		{name: "a probation that ended undecided is flagged to the GM once (E3-due)", wantFlags: 1},
		{name: "a probation decided at its end is not flagged", confirm: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newEmployeeWorld(t).onProbation()
			recs := w.records()
			e, err := commands.Codec().Decode(recs[len(recs)-1].Type, recs[len(recs)-1].SchemaVersion, recs[len(recs)-1].Data)
			if err != nil {
				t.Fatal(err)
			}
			ends := e.(employee.StartedWork).ProbationEndsOn
			if tt.confirm {
				w.now = ends
				w.ok(w.h.Employees.ConfirmRegular(context.Background(), employeeGM, commands.ConfirmRegular{EmployeeID: "e-1", Assessment: employeeAssess}))
			}
			w.now = ends.Add(time.Second)

			d := deadlines.Derive(deadlines.Source{Event: e}, deadlines.Rules{})
			if _, err := fireThrice(t, w.h, *d[len(d)-1].Schedule); err != nil {
				t.Fatalf("FireDeadline() error = %v", err)
			}
			if n := countIn(t, w.store, employee.Stream("e-1"), "employee.probation_ended"); n != tt.wantFlags {
				t.Errorf("flags = %d, want %d", n, tt.wantFlags)
			}
		})
	}
}
