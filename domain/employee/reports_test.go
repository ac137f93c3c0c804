package employee_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

// t0 is Monday 5 January 2026, 17:00 in the company's time zone (+8):
// that day's daily report is due at 16:00 UTC.
var (
	dailyDue  = time.Date(2026, 1, 5, 16, 0, 0, 0, time.UTC)
	visit     = employee.ReportVisit{Customer: "c-1", ContactName: "Wang Fang", ContactTitle: "buyer", ContactDepartment: "purchasing", Phone: "13800000000", Minutes: 90, Outcome: "quote asked"}
	daily     = employee.WorkReport{ReportID: "r-1", Period: employee.ReportDaily, PeriodStart: t0, Content: "visited c-1; plan: quote c-2", NextPlan: "quote c-2"}
	submitted = employee.WorkReportSubmitted{EmployeeID: "e-1", ReportID: "r-1", Period: employee.ReportDaily, PeriodStart: t0, Content: daily.Content,
		NextPlan: daily.NextPlan, DueAt: dailyDue, SubmittedAt: t1}
)

func TestEmployee_SubmitWorkReport(t *testing.T) {
	submitAt := func(r employee.WorkReport, now time.Time) decide {
		return func(s employee.Employee) ([]domain.Event, error) { return s.SubmitWorkReport(r, reg, now) }
	}
	submit := func(r employee.WorkReport) decide { return submitAt(r, t1) }
	yearly := daily
	yearly.Period = "YEARLY"
	withVisits := func(visits ...employee.ReportVisit) employee.WorkReport {
		r := daily
		r.Visits = visits
		return r
	}
	visited := submitted
	visited.Visits = []employee.ReportVisit{visit}
	atDue := submitted
	atDue.SubmittedAt = dailyDue
	late := submitted
	late.SubmittedAt, late.Late = dailyDue.Add(time.Second), true
	run(t, "SubmitWorkReport", []testCase{
		{name: "a daily report is recorded, due at the end of its day (E12-due)", given: atWork, when: submit(daily), want: []domain.Event{submitted}},
		{name: "a daily report with its visits, contacts, phones and time spent is recorded (E12-content)", given: atWork, when: submit(withVisits(visit)), want: []domain.Event{visited}},
		{name: "a report filed at the company's midnight is on time (E12-due)", given: atWork, when: submitAt(daily, dailyDue), want: []domain.Event{atDue}},
		{name: "a report filed a second after midnight is late (E12-due)", given: atWork, when: submitAt(daily, dailyDue.Add(time.Second)), want: []domain.Event{late}},
		{name: "a repeated report id records nothing", given: given(atWork, submitted), when: submit(daily)},
		{name: "an unknown cadence is invalid", given: atWork, when: submit(yearly), wantErr: employee.ErrBadReportPeriod},
		{name: "an empty report is invalid", given: atWork, when: submit(employee.WorkReport{ReportID: "r-1", Period: employee.ReportWeekly, PeriodStart: t0}), wantErr: domain.ErrInvalid},
		{name: "a report without the next period's plan is invalid (E12-content)", given: atWork, when: submit(employee.WorkReport{ReportID: "r-1", Period: employee.ReportDaily, PeriodStart: t0, Content: "x"}), wantErr: employee.ErrReportNoNextPlan},
		{name: "a report of a day not begun is refused (E12-due)", given: atWork, when: submit(reportOf(employee.ReportDaily, t0.AddDate(0, 0, 1))), wantErr: employee.ErrReportAhead},
		{name: "a visit without the contact's title is invalid (E12-content)", given: atWork, when: submit(withVisits(visitWith(func(v *employee.ReportVisit) { v.ContactTitle = " " }))), wantErr: domain.ErrInvalid},
		{name: "a visit without a phone is invalid (E12-content)", given: atWork, when: submit(withVisits(visitWith(func(v *employee.ReportVisit) { v.Phone = "" }))), wantErr: domain.ErrInvalid},
		{name: "a visit without the contact's name is invalid (E12-content)", given: atWork, when: submit(withVisits(visitWith(func(v *employee.ReportVisit) { v.ContactName = "" }))), wantErr: domain.ErrInvalid},
		{name: "a visit of no time is invalid (E12-content)", given: atWork, when: submit(withVisits(visitWith(func(v *employee.ReportVisit) { v.Minutes = 0 }))), wantErr: domain.ErrInvalid},
		{name: "a visit of 1441 minutes is invalid (E12-content)", given: atWork, when: submit(withVisits(visitWith(func(v *employee.ReportVisit) { v.Minutes = 1441 }))), wantErr: domain.ErrInvalid},
		{name: "visits of 1440 minutes in all are taken (E12-content)", given: atWork, when: submit(withVisits(visitWith(func(v *employee.ReportVisit) { v.Minutes = 1439 }), visitWith(func(v *employee.ReportVisit) { v.Minutes = 1 }))),
			want: []domain.Event{withVisitsEvent(submitted, visitWith(func(v *employee.ReportVisit) { v.Minutes = 1439 }), visitWith(func(v *employee.ReportVisit) { v.Minutes = 1 }))}},
		{name: "visits of 1441 minutes in all are invalid (E12-content)", given: atWork, when: submit(withVisits(visitWith(func(v *employee.ReportVisit) { v.Minutes = 1440 }), visitWith(func(v *employee.ReportVisit) { v.Minutes = 1 }))), wantErr: domain.ErrInvalid},
		{name: "visits belong on a daily report (E12-content)", given: atWork, when: submit(withPeriod(withVisits(visit), employee.ReportWeekly, t0)), wantErr: employee.ErrReportVisitsDaily},
	})
}

func TestEmployee_SubmitWorkReport_periods(t *testing.T) {
	submit := func(r employee.WorkReport, now time.Time) decide {
		return func(s employee.Employee) ([]domain.Event, error) { return s.SubmitWorkReport(r, reg, now) }
	}
	sunday := time.Date(2026, 1, 11, 16, 0, 0, 0, time.UTC) // Monday 12 January at the company's midnight
	weekly := reportOf(employee.ReportWeekly, t0)
	weeklyOn := func(now time.Time, late bool) []domain.Event {
		return []domain.Event{employee.WorkReportSubmitted{EmployeeID: "e-1", ReportID: "r-1", Period: employee.ReportWeekly, PeriodStart: t0,
			Content: weekly.Content, NextPlan: weekly.NextPlan, DueAt: sunday, Late: late, SubmittedAt: now}}
	}
	jan1 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	monthEnd := time.Date(2026, 1, 31, 16, 0, 0, 0, time.UTC) // 1 February at the company's midnight
	monthly := reportOf(employee.ReportMonthly, jan1)
	monthlyOn := func(now time.Time, late bool) []domain.Event {
		return []domain.Event{employee.WorkReportSubmitted{EmployeeID: "e-1", ReportID: "r-1", Period: employee.ReportMonthly, PeriodStart: jan1,
			Content: monthly.Content, NextPlan: monthly.NextPlan, DueAt: monthEnd, Late: late, SubmittedAt: now}}
	}
	run(t, "SubmitWorkReport", []testCase{
		{name: "a weekly report filed by the end of Sunday is on time (E12-due)", given: atWork, when: submit(weekly, sunday), want: weeklyOn(sunday, false)},
		{name: "a weekly report filed after Sunday is late (E12-due)", given: atWork, when: submit(weekly, sunday.Add(time.Second)), want: weeklyOn(sunday.Add(time.Second), true)},
		{name: "a weekly report not starting on a Monday is invalid", given: atWork, when: submit(reportOf(employee.ReportWeekly, t0.AddDate(0, 0, 1)), sunday), wantErr: employee.ErrReportWeekStart},
		{name: "a monthly report filed by the month's last midnight is on time (E12-due)", given: atWork, when: submit(monthly, monthEnd), want: monthlyOn(monthEnd, false)},
		{name: "a monthly report filed after the month ended is late (E12-due)", given: atWork, when: submit(monthly, monthEnd.Add(time.Second)), want: monthlyOn(monthEnd.Add(time.Second), true)},
		{name: "a monthly report not starting on the 1st is invalid", given: atWork, when: submit(reportOf(employee.ReportMonthly, jan1.AddDate(0, 0, 1)), monthEnd), wantErr: employee.ErrReportMonthStart},
		{name: "a weekly report of a week not begun is refused (E12-due)", given: atWork, when: submit(reportOf(employee.ReportWeekly, t0.AddDate(0, 0, 7)), sunday.Add(-time.Second)), wantErr: employee.ErrReportAhead},
	})
}

func reportOf(p employee.ReportPeriod, start time.Time) employee.WorkReport {
	return employee.WorkReport{ReportID: "r-1", Period: p, PeriodStart: start, Content: "summary and progress", NextPlan: "next period's plan"}
}

func withPeriod(r employee.WorkReport, p employee.ReportPeriod, start time.Time) employee.WorkReport {
	r.Period, r.PeriodStart = p, start
	return r
}

func visitWith(change func(*employee.ReportVisit)) employee.ReportVisit {
	v := visit
	change(&v)
	return v
}

func withVisitsEvent(e employee.WorkReportSubmitted, visits ...employee.ReportVisit) employee.WorkReportSubmitted {
	e.Visits = visits
	return e
}

func TestEmployee_RejectWorkReport(t *testing.T) {
	reject := func(role domain.Role, p employee.Regulation) decide {
		return func(s employee.Employee) ([]domain.Event, error) {
			return s.RejectWorkReport("r-1", "dh-1", role, "illegible", p, t1)
		}
	}
	rejected := employee.WorkReportRejected{EmployeeID: "e-1", ReportID: "r-1", Reason: "illegible", CountsAsMissing: true, RejectedBy: "dh-1", RejectedAt: t1}
	fined := employee.Fined{EmployeeID: "e-1", FineID: "sloppy-report-r-1", Item: employee.FineSloppyReport, Amount: domain.Yuan(20), RuleRef: "E12", Reason: "illegible", FinedBy: "dh-1", FinedAt: t1}
	run(t, "RejectWorkReport", []testCase{
		{name: "a sloppy report counts as missing and is fined 20 yuan (E12)", given: given(atWork, submitted), when: reject(domain.RoleDeptHead, reg), want: []domain.Event{rejected, fined}},
		{name: "rejecting twice records nothing", given: given(atWork, submitted, rejected, fined), when: reject(domain.RoleDeptHead, reg)},
		{name: "only the department manager rejects reports", given: given(atWork, submitted), when: reject(domain.RoleHR, reg), wantErr: employee.ErrReportRejecter},
		{name: "an unknown report is not found", given: atWork, when: reject(domain.RoleDeptHead, reg), wantErr: employee.ErrReportNotFound},
	})
}

// finingMissing is a regulation version whose fine schedule fines a
// missing report (E12-missing-fine).
func finingMissing() employee.Regulation {
	r := employee.DefaultRegulation()
	r.Fines = append(r.Fines, employee.FineItem{Code: employee.FineMissingReport, Amount: domain.Yuan(20), RuleRef: "E12"})
	return r
}

func TestEmployee_FlagMissingPeriodReport(t *testing.T) {
	start := t0.Format(time.DateOnly)
	flag := func(p employee.ReportPeriod, r employee.Regulation) decide {
		return func(s employee.Employee) ([]domain.Event, error) { return s.FlagMissingPeriodReport(p, start, r, t1) }
	}
	missed := employee.WorkReportMissed{EmployeeID: "e-1", Period: employee.ReportWeekly, PeriodStart: start, OrgUnitID: "sales", FlaggedAt: t1}
	fine := employee.Fined{EmployeeID: "e-1", FineID: "missing-report-WEEKLY-" + start, Item: employee.FineMissingReport, Amount: domain.Yuan(20), RuleRef: "E12",
		Reason: "no WEEKLY report for the period starting " + start, FinedBy: "system", FinedAt: t1}
	weekly := employee.WorkReportSubmitted{EmployeeID: "e-1", ReportID: "w-1", Period: employee.ReportWeekly, PeriodStart: t0, Content: "week", NextPlan: "next", SubmittedAt: t1}
	rejected := employee.WorkReportRejected{EmployeeID: "e-1", ReportID: "w-1", Reason: "illegible", CountsAsMissing: true, RejectedBy: "dh-1", RejectedAt: t1}
	clerk := employee.RoleChanged{EmployeeID: "e-1", ToRole: domain.RoleClerk, ToOrgUnitID: "sales"}
	run(t, "FlagMissingPeriodReport", []testCase{
		{name: "a week without a weekly report is flagged to the department head (E12-due)", given: atWork, when: flag(employee.ReportWeekly, reg), want: []domain.Event{missed}},
		{name: "the week's report was filed: nothing to flag", given: given(atWork, weekly), when: flag(employee.ReportWeekly, reg)},
		{name: "a rejected weekly report counts as missing (E12)", given: given(atWork, weekly, rejected), when: flag(employee.ReportWeekly, reg), want: []domain.Event{missed}},
		{name: "the daily report of the week's first day does not count", given: given(atWork, submitted), when: flag(employee.ReportWeekly, reg), want: []domain.Event{missed}},
		{name: "a regulation version fining missing reports fines it (E12-missing-fine)", given: atWork, when: flag(employee.ReportWeekly, finingMissing()), want: []domain.Event{missed, fine}},
		{name: "a role that files no report is not flagged", given: given(atWork, clerk), when: flag(employee.ReportWeekly, reg)},
		{name: "a daily period is FlagMissingDailyReport's", given: atWork, when: flag(employee.ReportDaily, reg), wantErr: employee.ErrBadReportPeriod},
		{name: "unknown employee", when: flag(employee.ReportMonthly, reg), wantErr: employee.ErrNotFound},
	})
}

func TestEmployee_FlagMissingDailyReport_fine(t *testing.T) {
	day := t0.Format(time.DateOnly)
	flag := func(r employee.Regulation) decide {
		return func(s employee.Employee) ([]domain.Event, error) { return s.FlagMissingDailyReport(day, r, t1) }
	}
	missed := employee.DailyReportMissed{EmployeeID: "e-1", Day: day, OrgUnitID: "sales", FlaggedAt: t1}
	fine := employee.Fined{EmployeeID: "e-1", FineID: "missing-report-DAILY-" + day, Item: employee.FineMissingReport, Amount: domain.Yuan(20), RuleRef: "E12",
		Reason: "no DAILY report for the period starting " + day, FinedBy: "system", FinedAt: t1}
	run(t, "FlagMissingDailyReport", []testCase{
		{name: "under the default schedule a missing day is flagged, not fined", given: atWork, when: flag(reg), want: []domain.Event{missed}},
		{name: "a regulation version fining missing reports fines the day (E12-missing-fine)", given: atWork, when: flag(finingMissing()), want: []domain.Event{missed, fine}},
		{name: "a day already fined is not fined twice", given: given(atWork, fine), when: flag(finingMissing()), want: []domain.Event{missed}},
	})
}
