package deadlines

import (
	"time"

	"github.com/opsledger/opsledger/domain/employee"
)

// The weekly and monthly report deadlines (E12-due), derived like the
// daily report's (E12-missing): the start of work schedules the first
// week's and month's, and each period's outcome, the report or the flag,
// the next one's.
const (
	// WeeklyReportDue: at the end of a calendar week (Sunday's midnight,
	// company time), a sales employee without that week's weekly report
	// is flagged to the department head.
	WeeklyReportDue Kind = "weekly_report_due"
	// MonthlyReportDue: at the end of a calendar month, a sales employee
	// without that month's monthly report is flagged to the department
	// head.
	MonthlyReportDue Kind = "monthly_report_due"
)

// ReportPeriodOf is the report cadence a weekly or monthly report
// deadline checks.
func ReportPeriodOf(k Kind) (employee.ReportPeriod, bool) {
	switch k {
	case WeeklyReportDue:
		return employee.ReportWeekly, true
	case MonthlyReportDue:
		return employee.ReportMonthly, true
	}
	return "", false
}

// periodReportsFrom schedules the weekly and monthly report deadlines of
// the week and month day falls in.
func (d deriver) periodReportsFrom(employeeID string, day time.Time) []Change {
	week := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7)) // its Monday
	month := time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, day.Location())
	return []Change{d.periodReport(employeeID, employee.ReportWeekly, week), d.periodReport(employeeID, employee.ReportMonthly, month)}
}

// periodReportAfter schedules the deadline of the period after the one
// starting on start ("2006-01-02"), of cadence p.
func (d deriver) periodReportAfter(employeeID string, p employee.ReportPeriod, start string) []Change {
	first, err := time.ParseInLocation(time.DateOnly, start, d.r.location())
	if err != nil || (p != employee.ReportWeekly && p != employee.ReportMonthly) {
		return nil // a period the domain never writes; nothing to derive
	}
	return []Change{d.periodReport(employeeID, p, periodEnd(p, first))}
}

// periodReport schedules the end of the period of cadence p starting on
// first, when its report is due.
func (d deriver) periodReport(employeeID string, p employee.ReportPeriod, first time.Time) Change {
	kind := WeeklyReportDue
	if p == employee.ReportMonthly {
		kind = MonthlyReportDue
	}
	// past: a report filed at the period's midnight is on time
	// (employee.ReportDueAt), so the check fires just after it.
	return d.at(kind, employeeID, first.Format(time.DateOnly), periodEnd(p, first).Add(past))
}

// periodEnd is the first day after the period of cadence p starting on
// first, at its midnight.
func periodEnd(p employee.ReportPeriod, first time.Time) time.Time {
	if p == employee.ReportMonthly {
		return first.AddDate(0, 1, 0)
	}
	return first.AddDate(0, 0, 7)
}

// leavingReports ends the weekly and monthly report deadlines of an
// employee whose departure started.
func leavingReports(employeeID string) []Change {
	return []Change{cancelAll(WeeklyReportDue, employeeID), cancelAll(MonthlyReportDue, employeeID)}
}
