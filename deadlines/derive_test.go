package deadlines_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/deadlines"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/order"
)

var (
	t0    = time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	rules = deadlines.Rules{ComplaintCloseWithin: func(time.Time) time.Duration { return 7 * 24 * time.Hour }}
)

func due(k deadlines.Kind, subject, item string, at time.Time) deadlines.Change {
	return deadlines.Change{Schedule: &deadlines.Deadline{Kind: k, Subject: subject, Item: item, Due: at, CausedBy: "ev-1", CorrelationID: "corr-1"}}
}

func cancelled(k deadlines.Kind, subject string) deadlines.Change {
	return deadlines.Change{CancelPrefix: string(k) + ":" + subject + ":"}
}

func TestDerive(t *testing.T) {
	dec1 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	jan1 := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	line := func(at time.Time) order.Line { return order.Line{ProductName: "泵", DeliveryTime: at} }
	tests := []struct {
		name  string
		event domain.Event
		want  []deadlines.Change
	}{
		{"each instalment of a collection plan falls overdue just after its due date (K10)",
			contract.CollectionPlanSet{ContractID: "k-1", Instalments: []contract.Instalment{{ID: "i-1", DueDate: dec1}, {ID: "i-2", DueDate: jan1}}},
			[]deadlines.Change{due(deadlines.InstalmentOverdue, "k-1", "i-1@2026-12-01", dec1.Add(time.Second)),
				due(deadlines.InstalmentOverdue, "k-1", "i-2@2027-01-01", jan1.Add(time.Second))}},
		{"a terminated contract's instalments never fall overdue", contract.Terminated{ContractID: "k-1"},
			[]deadlines.Change{cancelled(deadlines.InstalmentOverdue, "k-1")}},
		{"a complaint received reaches its time limit at the close timer (§3.7-time-limit)",
			complaint.Received{ComplaintID: "cp-1", ReceivedAt: t0},
			[]deadlines.Change{due(deadlines.ComplaintTimeLimit, "cp-1", "", t0.Add(7*24*time.Hour))}},
		{"a closed complaint's time limit is cancelled", complaint.Closed{ComplaintID: "cp-1", ClosedAt: t0},
			[]deadlines.Change{cancelled(deadlines.ComplaintTimeLimit, "cp-1")}},
		{"a reopened complaint has a time limit again, from the reopening",
			complaint.Reopened{ComplaintID: "cp-1", ReopenedAt: t0},
			[]deadlines.Change{due(deadlines.ComplaintTimeLimit, "cp-1", "reopened-2026-11-20T09:30:00Z", t0.Add(7*24*time.Hour))}},
		{"an order is due at its earliest line's delivery time (O5)",
			order.Created{OrderID: "o-1", Lines: []order.Line{line(jan1), line(dec1)}},
			[]deadlines.Change{due(deadlines.DeliveryDue, "o-1", "2026-12-01T00:00:00Z", dec1.Add(time.Second))}},
		{"a changed order moves its delivery deadline",
			order.Changed{OrderID: "o-1", Before: []order.Line{line(dec1)}, After: []order.Line{line(jan1)}},
			[]deadlines.Change{cancelled(deadlines.DeliveryDue, "o-1"), due(deadlines.DeliveryDue, "o-1", "2027-01-01T00:00:00Z", jan1.Add(time.Second))}},
		{"a delivered order is never late", order.Delivered{OrderID: "o-1"}, []deadlines.Change{cancelled(deadlines.DeliveryDue, "o-1")}},
		{"a cancelled order is never late", order.Cancelled{OrderID: "o-1"}, []deadlines.Change{cancelled(deadlines.DeliveryDue, "o-1")}},
		{"a file registered in November is first checked at the end of December (C4-missed)",
			customer.Registered{CustomerID: "c-1", RegisteredAt: t0},
			[]deadlines.Change{due(deadlines.FileReviewDue, "c-1", "2026-12", jan1)}},
		{"November's review derives December's check", customer.FileReviewed{CustomerID: "c-1", Month: "2026-11"},
			[]deadlines.Change{due(deadlines.FileReviewDue, "c-1", "2026-12", jan1)}},
		{"November's missed review derives December's check", customer.FileReviewMissed{CustomerID: "c-1", Month: "2026-11"},
			[]deadlines.Change{due(deadlines.FileReviewDue, "c-1", "2026-12", jan1)}},
		{"an abandoned file is no longer checked", customer.Abandoned{CustomerID: "c-1"},
			[]deadlines.Change{cancelled(deadlines.FileReviewDue, "c-1")}},
		{"a reactivated file is checked from its month on", customer.Reactivated{CustomerID: "c-1", ReactivatedAt: t0},
			[]deadlines.Change{due(deadlines.FileReviewDue, "c-1", "2026-11", dec1)}},
		{"starting work schedules the day's report, the month's results, the week's and month's reports and the probation's end (E12-missing, E6-computed, E12-due, E3-due)",
			employee.StartedWork{EmployeeID: "e-1", StartedAt: t0, ProbationEndsOn: jan1},
			[]deadlines.Change{due(deadlines.DailyReportDue, "e-1", "2026-11-20", time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)),
				due(deadlines.MonthResults, "e-1", "2026-11", dec1.Add(deadlines.ResultsGrace)),
				due(deadlines.WeeklyReportDue, "e-1", "2026-11-16", time.Date(2026, 11, 23, 0, 0, 1, 0, time.UTC)),
				due(deadlines.MonthlyReportDue, "e-1", "2026-11-01", dec1.Add(time.Second)),
				due(deadlines.ProbationEnd, "e-1", "2027-01-01T00:00:00Z", jan1.Add(time.Second))}},
		{"an extended probation ends later", employee.ProbationExtended{EmployeeID: "e-1", ProbationEndsOn: jan1},
			[]deadlines.Change{due(deadlines.ProbationEnd, "e-1", "2027-01-01T00:00:00Z", jan1.Add(time.Second))}},
		{"a confirmed employee's probation end is cancelled", employee.ConfirmedRegular{EmployeeID: "e-1"},
			[]deadlines.Change{cancelled(deadlines.ProbationEnd, "e-1")}},
		{"Friday's daily report derives Monday's deadline, skipping the weekend",
			employee.WorkReportSubmitted{EmployeeID: "e-1", Period: employee.ReportDaily, PeriodStart: t0},
			[]deadlines.Change{due(deadlines.DailyReportDue, "e-1", "2026-11-23", time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))}},
		{"a weekly report derives the next week's deadline, not a daily one (E12-due)",
			employee.WorkReportSubmitted{EmployeeID: "e-1", Period: employee.ReportWeekly, PeriodStart: time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)},
			[]deadlines.Change{due(deadlines.WeeklyReportDue, "e-1", "2026-11-23", time.Date(2026, 11, 30, 0, 0, 1, 0, time.UTC))}},
		{"a monthly report derives the next month's deadline (E12-due)",
			employee.WorkReportSubmitted{EmployeeID: "e-1", Period: employee.ReportMonthly, PeriodStart: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)},
			[]deadlines.Change{due(deadlines.MonthlyReportDue, "e-1", "2026-12-01", jan1.Add(time.Second))}},
		{"a missed weekly report derives the next week's deadline (E12-due)", employee.WorkReportMissed{EmployeeID: "e-1", Period: employee.ReportWeekly, PeriodStart: "2026-11-16"},
			[]deadlines.Change{due(deadlines.WeeklyReportDue, "e-1", "2026-11-23", time.Date(2026, 11, 30, 0, 0, 1, 0, time.UTC))}},
		{"a missed December report derives January's, across the year's end (E12-due)", employee.WorkReportMissed{EmployeeID: "e-1", Period: employee.ReportMonthly, PeriodStart: "2026-12-01"},
			[]deadlines.Change{due(deadlines.MonthlyReportDue, "e-1", "2027-01-01", time.Date(2027, 2, 1, 0, 0, 1, 0, time.UTC))}},
		{"a missed daily report derives the next working day's deadline", employee.DailyReportMissed{EmployeeID: "e-1", Day: "2026-11-19"},
			[]deadlines.Change{due(deadlines.DailyReportDue, "e-1", "2026-11-20", time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC))}},
		{"a month's results derive the next month's computation", employee.MonthlyResultsRecorded{EmployeeID: "e-1", Month: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)},
			[]deadlines.Change{due(deadlines.MonthResults, "e-1", "2026-12", jan1.Add(deadlines.ResultsGrace))}},
		{"a departure ends the employee's deadlines", employee.DepartureInitiated{EmployeeID: "e-1"},
			[]deadlines.Change{cancelled(deadlines.DailyReportDue, "e-1"), cancelled(deadlines.MonthResults, "e-1"), cancelled(deadlines.ProbationEnd, "e-1"),
				cancelled(deadlines.WeeklyReportDue, "e-1"), cancelled(deadlines.MonthlyReportDue, "e-1")}},
		{"an event no deadline depends on changes nothing", customer.Visited{CustomerID: "c-1"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := deadlines.Derive(deadlines.Source{Event: tt.event, EventID: "ev-1", CorrelationID: "corr-1"}, rules)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Derive() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDeadline_Key(t *testing.T) {
	d := deadlines.Deadline{Kind: deadlines.InstalmentOverdue, Subject: "k-1", Item: "i-1@2026-12-01", Due: t0, CausedBy: "ev-1"}
	if got := d.Key(); got != "instalment_overdue:k-1:i-1@2026-12-01" {
		t.Errorf("Key() = %q; the due time and cause must not change a deadline's key", got)
	}
}

func TestDerive_monthsEndInTheCompanysZone(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	r := deadlines.Rules{Location: shanghai}
	// December's review derives January's check, due at Shanghai's
	// midnight of 1 February (16:00 UTC on 31 January).
	got := deadlines.Derive(deadlines.Source{Event: customer.FileReviewed{CustomerID: "c-1", Month: "2026-12"}}, r)
	want := time.Date(2027, 2, 1, 0, 0, 0, 0, shanghai)
	if len(got) != 1 || got[0].Schedule.Item != "2027-01" || !got[0].Schedule.Due.Equal(want) {
		t.Errorf("Derive() = %+v, want January checked at Shanghai's midnight of 1 February", got)
	}
}

func TestDerive_weeksStartOnMonday(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	r := deadlines.Rules{Location: shanghai}
	// Work started on a Sunday, company time (Saturday 16:00 UTC is
	// Sunday 00:00 in Shanghai): its week began the Monday before.
	sunday := time.Date(2026, 11, 21, 16, 0, 0, 0, time.UTC)
	got := deadlines.Derive(deadlines.Source{Event: employee.StartedWork{EmployeeID: "e-1", StartedAt: sunday}}, r)
	var week *deadlines.Deadline
	for _, c := range got {
		if c.Schedule != nil && c.Schedule.Kind == deadlines.WeeklyReportDue {
			week = c.Schedule
		}
	}
	want := time.Date(2026, 11, 23, 0, 0, 1, 0, shanghai)
	if week == nil || week.Item != "2026-11-16" || !week.Due.Equal(want) {
		t.Errorf("weekly deadline = %+v, want the week of Monday 16 November due just after Shanghai's midnight of the 23rd", week)
	}
}
