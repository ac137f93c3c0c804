package employee

import (
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// ReportPeriod is the cadence of a work report.
type ReportPeriod string

// Work report cadences (E12; their deadlines are E12-due).
const (
	ReportDaily   ReportPeriod = "DAILY"
	ReportWeekly  ReportPeriod = "WEEKLY"
	ReportMonthly ReportPeriod = "MONTHLY"
)

// WorkReport is a submitted daily, weekly or monthly report: the period's
// work (Content), the next period's plan (NextPlan) and, on a daily
// report, the customer visits of the day (E12-content).
type WorkReport struct {
	ReportID    string
	Period      ReportPeriod
	PeriodStart time.Time
	Content     string
	NextPlan    string
	Visits      []ReportVisit
}

// ReportVisit is one customer visit a daily report lists, with what the
// daily report template asks of it (§1.8: 「拜访客户情况、联系人(部门、职位、
// 姓名)及联系电话、花费时间、项目进展」).
type ReportVisit struct {
	Customer          string `json:"customer"`
	ContactName       string `json:"contact_name"`
	ContactTitle      string `json:"contact_title"`
	ContactDepartment string `json:"contact_department,omitempty"`
	Phone             string `json:"phone"`
	Minutes           int    `json:"minutes"`
	Outcome           string `json:"outcome,omitempty"` // the project's progress
}

// minutesInADay bounds the time a day's visits can take.
const minutesInADay = 24 * 60

// SubmitWorkReport records a report with its required content, due at the
// end of its period in the company's calendar (E12-due): a report filed
// after that is recorded late. A report of a period not yet begun, a
// weekly report not starting on a Monday or a monthly one not on the 1st
// is refused. A repeated report id is a no-op; a rejected report is
// replaced by a new one.
func (s Employee) SubmitWorkReport(r WorkReport, reg Regulation, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(r.texts()...); err != nil {
		return nil, err
	}
	if !s.employed() {
		return nil, s.activeError()
	}
	if err := r.validate(reg, now); err != nil {
		return nil, err
	}
	if _, ok := s.reports[r.ReportID]; ok {
		return nil, nil
	}
	due := r.Period.dueAt(r.PeriodStart, reg)
	return []domain.Event{WorkReportSubmitted{
		EmployeeID: s.ID, ReportID: r.ReportID, Period: r.Period, PeriodStart: r.PeriodStart,
		Content: r.Content, NextPlan: r.NextPlan, Visits: r.Visits, DueAt: due, Late: now.After(due), SubmittedAt: now,
	}}, nil
}

// validate checks the report's cadence, period and content.
func (r WorkReport) validate(reg Regulation, now time.Time) error {
	if r.Period != ReportDaily && r.Period != ReportWeekly && r.Period != ReportMonthly {
		return ErrBadReportPeriod
	}
	if r.ReportID == "" || r.PeriodStart.IsZero() || strings.TrimSpace(r.Content) == "" {
		return ErrMissingField
	}
	if strings.TrimSpace(r.NextPlan) == "" {
		return ErrReportNoNextPlan
	}
	switch start := r.PeriodStart; {
	case r.Period == ReportWeekly && start.Weekday() != time.Monday:
		return ErrReportWeekStart
	case r.Period == ReportMonthly && start.Day() != 1:
		return ErrReportMonthStart
	case reg.day(now) < start.Format(time.DateOnly):
		return ErrReportAhead
	}
	if r.Period != ReportDaily && len(r.Visits) > 0 {
		return ErrReportVisitsDaily
	}
	return checkVisits(r.Visits)
}

// checkVisits refuses a visit without its customer, contact name, title,
// phone or time spent, and visits taking more than a day in all.
func checkVisits(visits []ReportVisit) error {
	total := 0
	for i, v := range visits {
		at := domain.Indexed("visits", i) + "."
		for field, value := range map[string]string{"customer": v.Customer, "contact_name": v.ContactName, "contact_title": v.ContactTitle, "phone": v.Phone} {
			if strings.TrimSpace(value) == "" {
				return domain.InvalidField(at+field, "required: a visit names its customer, the contact's name and title, and a phone (E12-content)")
			}
		}
		if v.Minutes < 1 || v.Minutes > minutesInADay {
			return domain.InvalidField(at+"minutes", "the time spent is between 1 and 1440 minutes (E12-content)")
		}
		total += v.Minutes
	}
	if total > minutesInADay {
		return domain.InvalidField("visits", "the visits of a day take at most 1440 minutes in all (E12-content)")
	}
	return nil
}

// DueAt is when a report of period p starting on start is due: the end
// of its last day, at the company's midnight (E12-due). The start is read
// as a calendar date.
func (p ReportPeriod) dueAt(start time.Time, reg Regulation) time.Time {
	zone := reg.Location()
	first := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, zone)
	switch p {
	case ReportWeekly:
		return first.AddDate(0, 0, 7).UTC()
	case ReportMonthly:
		return first.AddDate(0, 1, 0).UTC()
	}
	return first.AddDate(0, 0, 1).UTC()
}

// ReportDueAt is when the report of period p starting on start is due
// under reg (E12-due), for readers that show lateness.
func ReportDueAt(p ReportPeriod, start time.Time, reg Regulation) time.Time {
	return p.dueAt(start, reg)
}

// SloppyReportFineID is the id of the fine a rejected report yields, so a
// rejection is fined once however often it is retried.
func SloppyReportFineID(reportID string) string { return "sloppy-report-" + reportID }

// RejectWorkReport records the department manager's rejection of a sloppy
// report. It counts as not submitted and yields the schedule's fine (E12).
// Another role is refused; rejecting twice is a no-op.
func (s Employee) RejectWorkReport(reportID, rejecterID string, role domain.Role, reason string, reg Regulation, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("report_id", reportID), domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	if role != domain.RoleDeptHead {
		return nil, ErrReportRejecter
	}
	if s.Status == StatusNone {
		return nil, ErrNotFound
	}
	rejected, ok := s.reports[reportID]
	switch {
	case !ok:
		return nil, ErrReportNotFound
	case rejected:
		return nil, nil
	case strings.TrimSpace(reason) == "":
		return nil, ErrMissingField
	}
	events := []domain.Event{WorkReportRejected{
		EmployeeID: s.ID, ReportID: reportID, Reason: reason, CountsAsMissing: true, RejectedBy: rejecterID, RejectedAt: now,
	}}
	if item, ok := reg.fine(FineSloppyReport); ok {
		events = append(events, Fined{
			EmployeeID: s.ID, FineID: SloppyReportFineID(reportID), Item: item.Code, Amount: item.Amount,
			RuleRef: item.RuleRef, Reason: reason, FinedBy: rejecterID, FinedAt: now,
		})
	}
	return events, nil
}
