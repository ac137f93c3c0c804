package employee

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// DailyReportMissed is recorded when a working day ended without the
// daily report of a sales employee, or with only a rejected one
// (E12-missing, the "WorkReportOverdue" of §3.2): the head of OrgUnitID is
// told.
type DailyReportMissed struct {
	EmployeeID string    `json:"employee_id"`
	Day        string    `json:"day"` // the company calendar day, 2006-01-02
	OrgUnitID  string    `json:"org_unit_id,omitempty"`
	FlaggedAt  time.Time `json:"flagged_at"`
}

func (DailyReportMissed) EventType() string { return "employee.daily_report_missed" }

// FlagMissingDailyReport flags to the department head that day ended
// without this employee's daily report (E12-missing). It records nothing
// for an employee not at work (not started, or leaving), one whose role
// files no daily report (reg.SalesRoles), or one whose report of that day
// was submitted and not rejected; a rejected report counts as missing
// (E12). It refuses an unknown employee.
func (s Employee) FlagMissingDailyReport(day string, reg Regulation, now time.Time) ([]domain.Event, error) {
	switch {
	case s.Status == StatusNone:
		return nil, ErrNotFound
	case !s.employed(), !reg.isSalesRole(s.Role):
		return nil, nil
	}
	if id, ok := s.dailies[day]; ok && !s.reports[id] {
		return nil, nil
	}
	events := []domain.Event{DailyReportMissed{EmployeeID: s.ID, Day: day, OrgUnitID: s.OrgUnitID, FlaggedAt: now}}
	return append(events, s.missingReportFine(ReportDaily, day, reg, now)...), nil
}

// RecordComputedMonthlyResults records the results the system computed
// for month from the sales it signed (E6-computed): no one types a zero
// month in, and a month with no sale counts as a zero month. A month
// already recorded (by sales management, or computed before) is left as
// it is, and so is an employee not at work or whose role E6 does not
// cover; otherwise it is RecordMonthlyResults, with its auto-resignation
// case.
func (s Employee) RecordComputedMonthlyResults(month time.Time, amount domain.Money, reg Regulation, now time.Time) ([]domain.Event, error) {
	switch {
	case s.Status == StatusNone:
		return nil, ErrNotFound
	case !s.employed(), !reg.isSalesRole(s.Role):
		return nil, nil
	}
	if _, ok := s.results[monthKey(monthOf(month))]; ok {
		return nil, nil
	}
	return s.RecordMonthlyResults(month, amount, reg, now)
}

// ProbationEnded is recorded when an employee's probation ended with
// neither a confirmation nor a failure decided (E3-due): the GM, who
// decides, is told, and so is the head of OrgUnitID, who proposes.
type ProbationEnded struct {
	EmployeeID string    `json:"employee_id"`
	EndsOn     time.Time `json:"ends_on"`
	OrgUnitID  string    `json:"org_unit_id,omitempty"`
	FlaggedAt  time.Time `json:"flagged_at"`
}

func (ProbationEnded) EventType() string { return "employee.probation_ended" }

// FlagProbationEnded flags that the probation ending at endsOn ended
// undecided (E3-due). It records nothing for an employee no longer on
// probation (confirmed, failed, leaving) or whose probation was extended
// past endsOn (the later end is flagged in its turn). It refuses an
// unknown employee.
func (s Employee) FlagProbationEnded(endsOn, now time.Time) ([]domain.Event, error) {
	switch {
	case s.Status == StatusNone:
		return nil, ErrNotFound
	case s.Status != StatusOnProbation, !s.probationEndsOn.Equal(endsOn):
		return nil, nil
	}
	return []domain.Event{ProbationEnded{EmployeeID: s.ID, EndsOn: endsOn, OrgUnitID: s.OrgUnitID, FlaggedAt: now}}, nil
}
