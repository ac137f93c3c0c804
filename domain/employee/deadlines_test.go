package employee_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

func TestEmployee_FlagMissingDailyReport(t *testing.T) {
	day := t0.Format(time.DateOnly)
	flag := func(s employee.Employee) ([]domain.Event, error) { return s.FlagMissingDailyReport(day, reg, t1) }
	missed := employee.DailyReportMissed{EmployeeID: "e-1", Day: day, OrgUnitID: "sales", FlaggedAt: t1}
	rejected := employee.WorkReportRejected{EmployeeID: "e-1", ReportID: "r-1", Reason: "illegible", CountsAsMissing: true, RejectedBy: "dh-1", RejectedAt: t1}
	otherDay := submitted
	otherDay.ReportID, otherDay.PeriodStart = "r-0", t0.AddDate(0, 0, -1)
	clerk := employee.RoleChanged{EmployeeID: "e-1", ToRole: domain.RoleClerk, ToOrgUnitID: "sales"}
	run(t, "FlagMissingDailyReport", []testCase{
		{name: "a day without a daily report is flagged to the department head (E12-missing)", given: atWork, when: flag, want: []domain.Event{missed}},
		{name: "the day's report was filed: nothing to flag", given: given(atWork, submitted), when: flag},
		{name: "a rejected report counts as missing (E12)", given: given(atWork, submitted, rejected), when: flag, want: []domain.Event{missed}},
		{name: "another day's report does not count", given: given(atWork, otherDay), when: flag, want: []domain.Event{missed}},
		{name: "a role that files no daily report is not flagged", given: given(atWork, clerk), when: flag},
		{name: "an employee not at work yet is not flagged", given: []domain.Event{hired}, when: flag},
		{name: "unknown employee", when: flag, wantErr: employee.ErrNotFound},
	})
}

func TestEmployee_RecordComputedMonthlyResults(t *testing.T) {
	record := func(m time.Month, yuan int64) decide {
		return func(s employee.Employee) ([]domain.Event, error) {
			return s.RecordComputedMonthlyResults(month(m), domain.Yuan(yuan), reg, t1)
		}
	}
	clerk := employee.RoleChanged{EmployeeID: "e-1", ToRole: domain.RoleClerk, ToOrgUnitID: "sales"}
	run(t, "RecordComputedMonthlyResults", []testCase{
		{name: "a month with no sale is recorded as a zero month, no one typing it in (E6-computed)", given: atWork, when: record(5, 0), want: []domain.Event{results(5, 0)}},
		{name: "the second computed zero month raises the auto-resignation case (E6)", given: given(atWork, results(4, 0)), when: record(5, 0),
			want: []domain.Event{results(5, 0), employee.AutoResignationDue{EmployeeID: "e-1", Months: []time.Time{month(4), month(5)}, RuleRef: "E6", RaisedAt: t1}}},
		{name: "a month sales management recorded is left as it is", given: given(atWork, results(5, 700)), when: record(5, 0)},
		{name: "a role E6 does not cover gets nothing computed", given: given(atWork, clerk), when: record(5, 0)},
		{name: "unknown employee", when: record(5, 0), wantErr: employee.ErrNotFound},
	})
}

func TestEmployee_FlagProbationEnded(t *testing.T) {
	ends := t0.AddDate(0, 3, 0)
	flag := func(s employee.Employee) ([]domain.Event, error) {
		return s.FlagProbationEnded(ends, ends.Add(time.Second))
	}
	extended := employee.ProbationExtended{EmployeeID: "e-1", Reason: "responsible, less able", ProbationEndsOn: ends.AddDate(0, 1, 0), ExtendedBy: "gm-1", ExtendedAt: t1}
	run(t, "FlagProbationEnded", []testCase{
		{name: "a probation that ended undecided is flagged to the GM and the department head (E3-due)", given: onProbation, when: flag,
			want: []domain.Event{employee.ProbationEnded{EmployeeID: "e-1", EndsOn: ends, OrgUnitID: "sales", FlaggedAt: ends.Add(time.Second)}}},
		{name: "a confirmed employee is not flagged", given: atWork, when: flag},
		{name: "an extended probation is flagged at its new end, not the old", given: given(onProbation, extended), when: flag},
		{name: "unknown employee", when: flag, wantErr: employee.ErrNotFound},
	})
}
