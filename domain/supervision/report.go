package supervision

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// ReportStatus is where a quarterly analysis report stands.
type ReportStatus string

// The report states: DRAFTED → SUBMITTED → ACCEPTED, or RETURNED to the
// drafter, who revises and submits again.
const (
	ReportNone     ReportStatus = ""
	ReportDraft    ReportStatus = "DRAFTED"
	ReportSent     ReportStatus = "SUBMITTED"
	ReportAccepted ReportStatus = "ACCEPTED"
	ReportReturned ReportStatus = "RETURNED"
)

// ReportStatuses lists the report states, for the API's enums.
func ReportStatuses() []ReportStatus {
	return []ReportStatus{ReportDraft, ReportSent, ReportAccepted, ReportReturned}
}

// Report is the state of a quarter's analysis report (§5.27).
type Report struct {
	Quarter   string
	Status    ReportStatus
	DraftedBy string
}

// Evolve returns the state after e.
func (r Report) Evolve(e domain.Event) Report {
	switch e := e.(type) {
	case ReportDrafted:
		r = Report{Quarter: e.Quarter, Status: ReportDraft, DraftedBy: e.DraftedBy}
	case ReportRevised:
		r.Status = ReportDraft
	case ReportSubmitted:
		r.Status = ReportSent
	case ReportReviewed:
		r.Status = ReportReturned
		if e.Accepted {
			r.Status = ReportAccepted
		}
	}
	return r
}

// Draft drafts the quarter's statistical comparison and analysis report
// (§5.27-quarterly): one per quarter, and not before the quarter started
// (there is nothing to compare yet).
func (r Report) Draft(quarter, content, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("quarter", quarter), domain.Text("content", content)); err != nil {
		return nil, err
	}
	q, err := ParseQuarter(quarter)
	if err != nil {
		return nil, err
	}
	if r.Status != ReportNone {
		return nil, ErrReportDrafted
	}
	if err := required("content", content); err != nil {
		return nil, err
	}
	if QuarterOf(now).Before(q) {
		return nil, ErrQuarterNotStarted
	}
	return []domain.Event{ReportDrafted{Quarter: q.String(), Content: content, DraftedBy: by, DraftedAt: now}}, nil
}

// drafter refuses anyone but the drafter (§5.27-drafter): the report is
// the sales assistant's own, sent by them to the supervisor.
func (r Report) drafter(by string) error {
	if r.Status == ReportNone {
		return ErrReportNotFound
	}
	if by != r.DraftedBy {
		return ErrNotDrafter
	}
	return nil
}

// Revise rewrites a draft or a returned report.
func (r Report) Revise(content, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("content", content)); err != nil {
		return nil, err
	}
	if err := r.drafter(by); err != nil {
		return nil, err
	}
	if r.Status != ReportDraft && r.Status != ReportReturned {
		return nil, ErrReportNotDraft
	}
	if err := required("content", content); err != nil {
		return nil, err
	}
	return []domain.Event{ReportRevised{Quarter: r.Quarter, Content: content, RevisedBy: by, RevisedAt: now}}, nil
}

// Submit sends the report to the supervisor. A returned report must be
// revised first, so the supervisor never gets the same text back.
// Submitting a submitted report records nothing.
func (r Report) Submit(by string, now time.Time) ([]domain.Event, error) {
	if err := r.drafter(by); err != nil {
		return nil, err
	}
	switch r.Status {
	case ReportSent:
		return nil, nil
	case ReportDraft:
		return []domain.Event{ReportSubmitted{Quarter: r.Quarter, SubmittedBy: by, SubmittedAt: now}}, nil
	case ReportAccepted:
		return nil, ErrReportAccepted
	}
	return nil, ErrReportNotDraft
}

// Review is the supervisor's answer to a submitted report: accepted, or
// returned with a comment saying what to rework.
func (r Report) Review(accepted bool, comment, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("comment", comment)); err != nil {
		return nil, err
	}
	switch r.Status {
	case ReportNone:
		return nil, ErrReportNotFound
	case ReportAccepted:
		return nil, ErrReportAccepted
	case ReportSent:
	default:
		return nil, ErrReportNotSubmitted
	}
	if !accepted {
		if err := required("comment", comment); err != nil {
			return nil, err
		}
	}
	return []domain.Event{ReportReviewed{Quarter: r.Quarter, Accepted: accepted, Comment: comment,
		ReviewedBy: by, ReviewedAt: now}}, nil
}
