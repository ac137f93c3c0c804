package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	sv "github.com/opsledger/opsledger/domain/supervision"
)

// RecordProcessEvaluation records a full process evaluation.
type RecordProcessEvaluation struct {
	EvaluationID    string
	Year            int
	HeldOn          time.Time
	Scope           string
	Findings        string
	Recommendations string
}

// RecordProcessEvaluation records supervision.EvaluationRecorded.
func (h *Supervision) RecordProcessEvaluation(ctx context.Context, m Meta, cmd RecordProcessEvaluation) (Result, error) {
	role, err := authorize(m, "RecordProcessEvaluation", supervisionTeam...)
	if err != nil {
		return Result{}, err
	}
	in := sv.EvaluationInput{EvaluationID: cmd.EvaluationID, Year: cmd.Year, HeldOn: cmd.HeldOn, Scope: cmd.Scope,
		Findings: cmd.Findings, Recommendations: cmd.Recommendations}
	now := h.now()
	return h.evaluations.Update(ctx, m, decision[sv.Evaluation]{stream: sv.EvaluationStream(cmd.EvaluationID), role: role,
		decide: func(v sv.Evaluation) ([]domain.Event, error) { return v.Record(in, m.Actor.EmployeeID, now) }})
}

// DraftAnalysisReport drafts the quarter's analysis report.
type DraftAnalysisReport struct {
	Quarter string
	Content string
}

// DraftAnalysisReport records supervision.ReportDrafted: the sales
// assistant's job (S).
func (h *Supervision) DraftAnalysisReport(ctx context.Context, m Meta, cmd DraftAnalysisReport) (Result, error) {
	role, err := authorize(m, "DraftAnalysisReport", domain.RoleSalesAssistant)
	if err != nil {
		return Result{}, err
	}
	return h.onReport(ctx, m, cmd.Quarter, role, func(r sv.Report, now time.Time) ([]domain.Event, error) {
		return r.Draft(cmd.Quarter, cmd.Content, m.Actor.EmployeeID, now)
	})
}

// ReviseAnalysisReport rewrites a draft or returned report.
type ReviseAnalysisReport struct {
	Quarter string
	Content string
}

// ReviseAnalysisReport records supervision.ReportRevised.
func (h *Supervision) ReviseAnalysisReport(ctx context.Context, m Meta, cmd ReviseAnalysisReport) (Result, error) {
	role, err := authorize(m, "ReviseAnalysisReport", domain.RoleSalesAssistant)
	if err != nil {
		return Result{}, err
	}
	return h.onReport(ctx, m, cmd.Quarter, role, func(r sv.Report, now time.Time) ([]domain.Event, error) {
		return r.Revise(cmd.Content, m.Actor.EmployeeID, now)
	})
}

// SubmitAnalysisReport sends the report to the supervisor.
type SubmitAnalysisReport struct{ Quarter string }

// SubmitAnalysisReport records supervision.ReportSubmitted.
func (h *Supervision) SubmitAnalysisReport(ctx context.Context, m Meta, cmd SubmitAnalysisReport) (Result, error) {
	role, err := authorize(m, "SubmitAnalysisReport", domain.RoleSalesAssistant)
	if err != nil {
		return Result{}, err
	}
	return h.onReport(ctx, m, cmd.Quarter, role, func(r sv.Report, now time.Time) ([]domain.Event, error) {
		return r.Submit(m.Actor.EmployeeID, now)
	})
}

// ReviewAnalysisReport is the supervisor's answer to a submitted report.
type ReviewAnalysisReport struct {
	Quarter  string
	Accepted bool
	Comment  string
}

// ReviewAnalysisReport records supervision.ReportReviewed.
func (h *Supervision) ReviewAnalysisReport(ctx context.Context, m Meta, cmd ReviewAnalysisReport) (Result, error) {
	role, err := authorize(m, "ReviewAnalysisReport", reportReviewers...)
	if err != nil {
		return Result{}, err
	}
	return h.onReport(ctx, m, cmd.Quarter, role, func(r sv.Report, now time.Time) ([]domain.Event, error) {
		return r.Review(cmd.Accepted, cmd.Comment, m.Actor.EmployeeID, now)
	})
}

// onReport runs a decision on the report of quarter q. The stream is
// named by the quarter as written in canonical form, so "2027-Q1" has
// one stream whatever else is sent; a malformed quarter is refused
// before any stream is read.
func (h *Supervision) onReport(ctx context.Context, m Meta, quarter string, role domain.Role, decide func(sv.Report, time.Time) ([]domain.Event, error)) (Result, error) {
	if err := domain.CheckTexts(domain.Text("quarter", quarter)); err != nil {
		return Result{}, err
	}
	q, err := sv.ParseQuarter(quarter)
	if err != nil {
		return Result{}, err
	}
	now := h.now()
	return h.reports.Update(ctx, m, decision[sv.Report]{stream: sv.ReportStream(q.String()), role: role,
		decide: func(r sv.Report) ([]domain.Event, error) { return decide(r, now) }})
}
