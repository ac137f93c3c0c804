package employee

import (
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// ReportPeriod is the cadence of a work report.
type ReportPeriod string

// Work report cadences (E12; their deadlines are §5.16, not enforced yet).
const (
	ReportDaily   ReportPeriod = "DAILY"
	ReportWeekly  ReportPeriod = "WEEKLY"
	ReportMonthly ReportPeriod = "MONTHLY"
)

// WorkReport is a submitted daily, weekly or monthly report.
type WorkReport struct {
	ReportID    string
	Period      ReportPeriod
	PeriodStart time.Time
	Content     string
}

// SubmitWorkReport records a report with its required content. A repeated
// report id is a no-op; a rejected report is replaced by a new one.
func (s Employee) SubmitWorkReport(r WorkReport, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("report_id", r.ReportID), domain.Text("content", r.Content)); err != nil {
		return nil, err
	}
	if !s.employed() {
		return nil, s.activeError()
	}
	if r.Period != ReportDaily && r.Period != ReportWeekly && r.Period != ReportMonthly {
		return nil, ErrBadReportPeriod
	}
	if r.ReportID == "" || r.PeriodStart.IsZero() || strings.TrimSpace(r.Content) == "" {
		return nil, ErrMissingField
	}
	if _, ok := s.reports[r.ReportID]; ok {
		return nil, nil
	}
	return []domain.Event{WorkReportSubmitted{
		EmployeeID: s.ID, ReportID: r.ReportID, Period: r.Period, PeriodStart: r.PeriodStart,
		Content: r.Content, SubmittedAt: now,
	}}, nil
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
