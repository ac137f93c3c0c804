package employee

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// WorkReportMissed is recorded when a week or a month ended without the
// weekly or monthly report of a sales employee, or with only a rejected
// one (E12-due): the head of OrgUnitID is told. A day's missing report is
// DailyReportMissed.
type WorkReportMissed struct {
	EmployeeID  string       `json:"employee_id"`
	Period      ReportPeriod `json:"period"`
	PeriodStart string       `json:"period_start"` // the period's first calendar day, 2006-01-02
	OrgUnitID   string       `json:"org_unit_id,omitempty"`
	FlaggedAt   time.Time    `json:"flagged_at"`
}

func (WorkReportMissed) EventType() string { return "employee.work_report_missed" }

// periodKey is the key under which the history keeps the report of a
// period: a daily report under its day alone (as it always was), a
// weekly or monthly one under its cadence and first day.
func reportKey(p ReportPeriod, start string) string {
	if p == ReportDaily {
		return start
	}
	return string(p) + " " + start
}

// FlagMissingPeriodReport flags to the department head that the week or
// month of period starting on start ended without this employee's report
// (E12-due). Like FlagMissingDailyReport it records nothing for an
// employee not at work, one whose role files no report, or one whose
// report was filed and not rejected; it refuses a daily period (that is
// FlagMissingDailyReport) and an unknown employee.
func (s Employee) FlagMissingPeriodReport(period ReportPeriod, start string, reg Regulation, now time.Time) ([]domain.Event, error) {
	switch {
	case s.Status == StatusNone:
		return nil, ErrNotFound
	case period != ReportWeekly && period != ReportMonthly:
		return nil, ErrBadReportPeriod
	case !s.employed(), !reg.isSalesRole(s.Role):
		return nil, nil
	}
	if id, ok := s.dailies[reportKey(period, start)]; ok && !s.reports[id] {
		return nil, nil
	}
	events := []domain.Event{WorkReportMissed{EmployeeID: s.ID, Period: period, PeriodStart: start, OrgUnitID: s.OrgUnitID, FlaggedAt: now}}
	return append(events, s.missingReportFine(period, start, reg, now)...), nil
}

// MissingReportFineID is the id of the fine a missing report yields, so
// a period is fined once however often its flag is retried.
func MissingReportFineID(period ReportPeriod, start string) string {
	return "missing-report-" + string(period) + "-" + start
}

// missingReportFine fines a missing report when the regulation version's
// fine schedule lists MISSING_REPORT (E12-missing-fine): the system fines
// it, as the department manager fines a sloppy one.
func (s Employee) missingReportFine(period ReportPeriod, start string, reg Regulation, now time.Time) []domain.Event {
	item, ok := reg.fine(FineMissingReport)
	if !ok || s.fines[MissingReportFineID(period, start)] {
		return nil
	}
	return []domain.Event{Fined{
		EmployeeID: s.ID, FineID: MissingReportFineID(period, start), Item: item.Code, Amount: item.Amount,
		RuleRef: item.RuleRef, Reason: "no " + string(period) + " report for the period starting " + start,
		FinedBy: domain.SystemActor.EmployeeID, FinedAt: now,
	}}
}
