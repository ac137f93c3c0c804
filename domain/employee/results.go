package employee

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// ErrNegativeAmount refuses negative results or pay.
var ErrNegativeAmount = domain.InvalidField("amount", "must not be negative")

func monthKey(t time.Time) string { return t.Format("2006-01") }

func monthOf(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC) }

// RecordMonthlyResults records an employee's business results for a
// calendar month (computed by the command layer from contracts and
// payments, or entered by sales management). When the E6 switch is on and
// the employee holds a sales role, a zero month that completes a run of
// NoResultMonths consecutive zero months raises AutoResignationDue; a run
// raises it once. Recording the same figure again is a no-op; a different
// figure for a recorded month is a conflict.
func (s Employee) RecordMonthlyResults(month time.Time, amount domain.Money, reg Regulation, now time.Time) ([]domain.Event, error) {
	if !s.employed() {
		return nil, s.activeError()
	}
	if amount.IsNegative() {
		return nil, ErrNegativeAmount
	}
	if month.IsZero() {
		return nil, ErrMonthRequired
	}
	m := monthOf(month)
	if old, ok := s.results[monthKey(m)]; ok {
		if old.Equal(amount) {
			return nil, nil
		}
		return nil, ErrResultsRecorded
	}
	events := []domain.Event{MonthlyResultsRecorded{EmployeeID: s.ID, Month: m, Amount: amount, RecordedAt: now}}
	if due, ok := s.autoResignationDue(m, amount, reg, now); ok {
		events = append(events, due)
	}
	return events, nil
}

// autoResignationDue applies E6 to a newly recorded month m.
func (s Employee) autoResignationDue(m time.Time, amount domain.Money, reg Regulation, now time.Time) (AutoResignationDue, bool) {
	n := reg.NoResultMonths
	if !reg.AutoResignOnNoResults || n <= 0 || !reg.isSalesRole(s.Role) || !amount.IsZero() {
		return AutoResignationDue{}, false
	}
	before := s.zeroRun(m, -1)
	after := s.zeroRun(m, +1)
	// a run that already reached n on either side has raised its case
	if before+1+after < n || before >= n || after >= n {
		return AutoResignationDue{}, false
	}
	months := make([]time.Time, 0, before+1+after)
	for i := -before; i <= after; i++ {
		months = append(months, m.AddDate(0, i, 0))
	}
	return AutoResignationDue{EmployeeID: s.ID, Months: months, RuleRef: "E6", RaisedAt: now}, true
}

// zeroRun counts the consecutive recorded zero months next to m in
// direction step.
func (s Employee) zeroRun(m time.Time, step int) int {
	run := 0
	for {
		v, ok := s.results[monthKey(m.AddDate(0, step*(run+1), 0))]
		if !ok || !v.IsZero() {
			return run
		}
		run++
	}
}
