package employee_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

var (
	daily     = employee.WorkReport{ReportID: "r-1", Period: employee.ReportDaily, PeriodStart: t0, Content: "visited c-1; plan: quote c-2"}
	submitted = employee.WorkReportSubmitted{EmployeeID: "e-1", ReportID: "r-1", Period: employee.ReportDaily, PeriodStart: t0, Content: daily.Content, SubmittedAt: t1}
)

func TestEmployee_SubmitWorkReport(t *testing.T) {
	submit := func(r employee.WorkReport) decide {
		return func(s employee.Employee) ([]domain.Event, error) { return s.SubmitWorkReport(r, t1) }
	}
	weekly := daily
	weekly.Period = "YEARLY"
	run(t, "SubmitWorkReport", []testCase{
		{name: "a daily report is recorded", given: atWork, when: submit(daily), want: []domain.Event{submitted}},
		{name: "a repeated report id records nothing", given: given(atWork, submitted), when: submit(daily)},
		{name: "an unknown cadence is invalid", given: atWork, when: submit(weekly), wantErr: employee.ErrBadReportPeriod},
		{name: "an empty report is invalid", given: atWork, when: submit(employee.WorkReport{ReportID: "r-1", Period: employee.ReportWeekly, PeriodStart: t0}), wantErr: domain.ErrInvalid},
	})
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
