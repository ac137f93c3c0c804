package employee_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

func results(m time.Month, yuan int64) employee.MonthlyResultsRecorded {
	return employee.MonthlyResultsRecorded{EmployeeID: "e-1", Month: month(m), Amount: domain.Yuan(yuan), RecordedAt: t1}
}

func TestEmployee_RecordMonthlyResults(t *testing.T) {
	record := func(m time.Month, yuan int64, p employee.Regulation) decide {
		return func(s employee.Employee) ([]domain.Event, error) {
			return s.RecordMonthlyResults(month(m).AddDate(0, 0, 14), domain.Yuan(yuan), p, t1)
		}
	}
	off := reg
	off.AutoResignOnNoResults = false
	due := func(ms ...time.Month) employee.AutoResignationDue {
		d := employee.AutoResignationDue{EmployeeID: "e-1", RuleRef: "E6", RaisedAt: t1}
		for _, m := range ms {
			d.Months = append(d.Months, month(m))
		}
		return d
	}
	assistant := employee.RoleChanged{EmployeeID: "e-1", ToRole: domain.RoleClerk, ToOrgUnitID: "sales"}
	run(t, "RecordMonthlyResults", []testCase{
		{name: "a month's results are recorded for the calendar month", given: atWork, when: record(5, 1000, reg), want: []domain.Event{results(5, 1000)}},
		{name: "a second zero month in a row raises an auto-resignation case (E6 on)", given: given(atWork, results(4, 0)), when: record(5, 0, reg), want: []domain.Event{results(5, 0), due(4, 5)}},
		{name: "with the E6 switch off two zero months raise nothing", given: given(atWork, results(4, 0)), when: record(5, 0, off), want: []domain.Event{results(5, 0)}},
		{name: "a zero month recorded late between zero months raises the case once", given: given(atWork, results(4, 0), results(6, 0)), when: record(5, 0, reg), want: []domain.Event{results(5, 0), due(4, 5, 6)}},
		{name: "a third zero month in a row raises no second case", given: given(atWork, results(4, 0), results(5, 0)), when: record(6, 0, reg), want: []domain.Event{results(6, 0)}},
		{name: "zero months with results between raise nothing", given: given(atWork, results(4, 0), results(5, 300)), when: record(6, 0, reg), want: []domain.Event{results(6, 0)}},
		{name: "non-sales roles are not subject to E6", given: given(atWork, assistant, results(4, 0)), when: record(5, 0, reg), want: []domain.Event{results(5, 0)}},
		{name: "the same figure again records nothing", given: given(atWork, results(5, 1000)), when: record(5, 1000, reg)},
		{name: "a different figure for a recorded month is a conflict", given: given(atWork, results(5, 1000)), when: record(5, 999, reg), wantErr: employee.ErrResultsRecorded},
		{name: "negative results are invalid", given: atWork, when: record(5, -1, reg), wantErr: employee.ErrNegativeAmount},
		{name: "the month is required (§2.4.3-required)", given: atWork, when: func(s employee.Employee) ([]domain.Event, error) {
			return s.RecordMonthlyResults(time.Time{}, domain.Yuan(1000), reg, t1)
		}, wantErr: employee.ErrMonthRequired},
	})
}
