package employee_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

var scores = employee.Scores{Self: 70, Superior: 50, Peers: 55, Customers: 40}

func month(m time.Month) time.Time { return time.Date(2026, m, 1, 0, 0, 0, 0, time.UTC) }

func appraised(id string, c employee.Cycle, start time.Time, g employee.Grade) employee.AppraisalRecorded {
	return employee.AppraisalRecorded{EmployeeID: "e-1", AppraisalID: id, Cycle: c, PeriodStart: start, Scores: scores, Grade: g, RatedBy: "ac-1", RatedAt: t1}
}

func TestEmployee_RecordAppraisal(t *testing.T) {
	record := func(id string, c employee.Cycle, start time.Time, g employee.Grade, role domain.Role) decide {
		return func(s employee.Employee) ([]domain.Event, error) {
			return s.RecordAppraisal(employee.AppraisalResult{AppraisalID: id, Cycle: c, PeriodStart: start, Scores: scores, Grade: g}, "ac-1", role, t1)
		}
	}
	committee := domain.RoleAppraisalCommittee
	mayFail := appraised("a-5", employee.CycleMonthly, month(5), employee.GradeFail)
	juneFail := appraised("a-6", employee.CycleMonthly, month(6), employee.GradeFail)
	q2Fail := appraised("q-2", employee.CycleQuarterly, month(4), employee.GradeFail)
	due := func(c employee.Cycle, ids ...string) employee.DismissalDue {
		return employee.DismissalDue{EmployeeID: "e-1", Cycle: c, AppraisalIDs: ids, RuleRef: "E5", RaisedAt: t1}
	}
	run(t, "RecordAppraisal", []testCase{
		{name: "a committee grade is recorded", given: atWork, when: record("a-5", employee.CycleMonthly, month(5), employee.GradeFail, committee), want: []domain.Event{mayFail}},
		{name: "a second consecutive monthly fail raises DismissalDue (E5)", given: given(atWork, mayFail), when: record("a-6", employee.CycleMonthly, month(6), employee.GradeFail, committee),
			want: []domain.Event{juneFail, due(employee.CycleMonthly, "a-5", "a-6")}},
		{name: "a fail recorded late before a failed period raises DismissalDue (E5)", given: given(atWork, juneFail), when: record("a-5", employee.CycleMonthly, month(5), employee.GradeFail, committee),
			want: []domain.Event{mayFail, due(employee.CycleMonthly, "a-5", "a-6")}},
		{name: "two consecutive quarterly fails raise DismissalDue (E5)", given: given(atWork, appraised("q-1", employee.CycleQuarterly, month(1), employee.GradeFail)),
			when: record("q-2", employee.CycleQuarterly, month(4), employee.GradeFail, committee), want: []domain.Event{q2Fail, due(employee.CycleQuarterly, "q-1", "q-2")}},
		{name: "fails of different cycle types are not consecutive", given: given(atWork, q2Fail), when: record("a-6", employee.CycleMonthly, month(6), employee.GradeFail, committee), want: []domain.Event{juneFail}},
		{name: "fails with a month between are not consecutive", given: given(atWork, appraised("a-4", employee.CycleMonthly, month(4), employee.GradeFail)), when: record("a-6", employee.CycleMonthly, month(6), employee.GradeFail, committee), want: []domain.Event{juneFail}},
		{name: "a fail after a pass raises nothing", given: given(atWork, appraised("a-5", employee.CycleMonthly, month(5), employee.GradePass)), when: record("a-6", employee.CycleMonthly, month(6), employee.GradeFail, committee), want: []domain.Event{juneFail}},
		{name: "a repeated appraisal id records nothing", given: given(atWork, mayFail), when: record("a-5", employee.CycleMonthly, month(5), employee.GradeFail, committee)},
		{name: "a second result for one period is a conflict", given: given(atWork, mayFail), when: record("a-x", employee.CycleMonthly, month(5), employee.GradePass, committee), wantErr: employee.ErrAppraisalExists},
		{name: "a quarter starts in January, April, July or October", given: atWork, when: record("q-x", employee.CycleQuarterly, month(5), employee.GradePass, committee), wantErr: employee.ErrBadCyclePeriod},
		{name: "the period start is required (§2.4.3-required)", given: atWork, when: record("a-0", employee.CycleMonthly, time.Time{}, employee.GradePass, committee), wantErr: employee.ErrPeriodRequired},
		{name: "an unknown grade is invalid", given: atWork, when: record("a-5", employee.CycleMonthly, month(5), "MEH", committee), wantErr: employee.ErrBadGrade},
		{name: "an unknown cycle is invalid", given: atWork, when: record("a-5", "WEEKLY", month(5), employee.GradePass, committee), wantErr: employee.ErrBadCycle},
		{name: "only the appraisal committee rates", given: atWork, when: record("a-5", employee.CycleMonthly, month(5), employee.GradePass, domain.RoleDeptHead), wantErr: employee.ErrCommitteeRatesOnly},
	})
}

func TestEmployee_StartImprovementPlan(t *testing.T) {
	start := func(id string, deadline time.Time) decide {
		return func(s employee.Employee) ([]domain.Event, error) {
			return s.StartImprovementPlan(id, "two signed contracts", deadline, "dh-1", t1)
		}
	}
	failed := appraised("a-5", employee.CycleMonthly, month(5), employee.GradeFail)
	plan := employee.ImprovementPlanStarted{EmployeeID: "e-1", AppraisalID: "a-5", Goals: "two signed contracts", Deadline: month(7), StartedBy: "dh-1", StartedAt: t1}
	run(t, "StartImprovementPlan", []testCase{
		{name: "a failed appraisal gets an improvement plan", given: given(atWork, failed), when: start("a-5", month(7)), want: []domain.Event{plan}},
		{name: "a passed appraisal needs no plan", given: given(atWork, appraised("a-5", employee.CycleMonthly, month(5), employee.GradePass)), when: start("a-5", month(7)), wantErr: employee.ErrAppraisalNotFailed},
		{name: "a plan twice records nothing", given: given(atWork, failed, plan), when: start("a-5", month(7))},
		{name: "the deadline is in the future", given: given(atWork, failed), when: start("a-5", t0), wantErr: employee.ErrDeadlinePassed},
		{name: "an unknown appraisal is not found", given: atWork, when: start("a-9", month(7)), wantErr: employee.ErrAppraisalNotFound},
	})
}

func TestEmployee_UnderImprovementPlan(t *testing.T) {
	failed := appraised("a-5", employee.CycleMonthly, month(5), employee.GradeFail)
	plan := employee.ImprovementPlanStarted{EmployeeID: "e-1", AppraisalID: "a-5"}
	s := domain.Fold(employee.Employee.Evolve, given(atWork, failed, plan)...)
	if !s.UnderImprovementPlan {
		t.Fatalf("UnderImprovementPlan = false after a plan, want true")
	}
	s = s.Evolve(appraised("a-6", employee.CycleMonthly, month(6), employee.GradePass))
	if s.UnderImprovementPlan {
		t.Errorf("UnderImprovementPlan = true after a pass, want false")
	}
}
