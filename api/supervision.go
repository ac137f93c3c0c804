package api

import (
	"context"

	"github.com/opsledger/opsledger/commands"
	sv "github.com/opsledger/opsledger/domain/supervision"
)

const supervisionTag = "Process supervision"

// supervisionRoutes registers the process-supervision commands (§3.15):
// spot checks, rectification notices, yearly process evaluations and the
// quarterly analysis report, whose path id is its quarter ("2027-Q1"):
// one report per quarter.
func supervisionRoutes(s *Server, rt *routes) {
	create(rt, "/spot-checks", supervisionTag, "Record a spot check of a department's process", s.recordSpotCheck)
	create(rt, "/rectification-notices", supervisionTag, "Issue a rectification notice with a deadline (§5.26-deadline)", s.issueRectificationNotice)
	command(rt, "/rectification-notices/{id}/acknowledgement", supervisionTag, "The department takes the notice up", s.acknowledgeRectificationNotice)
	command(rt, "/rectification-notices/{id}/rectification", supervisionTag, "The department reports its rectification (flagged late after the deadline day)", s.reportRectification)
	command(rt, "/rectification-notices/{id}/verification", supervisionTag, "The supervision team verifies the rectification: passed closes the notice", s.verifyRectification)
	command(rt, "/rectification-notices/{id}/deadline-extension", supervisionTag, "Extend the deadline, before it passed (§3.15-extension)", s.extendRectificationDeadline)
	create(rt, "/process-evaluations", supervisionTag, "Record a full process evaluation (§5.26-evaluation)", s.recordProcessEvaluation)
	command(rt, "/analysis-reports/{id}/draft", supervisionTag, "Draft the quarter's analysis report (§5.27-quarterly); id is the quarter, e.g. 2027-Q1", s.draftAnalysisReport)
	command(rt, "/analysis-reports/{id}/revision", supervisionTag, "Revise a draft or returned report", s.reviseAnalysisReport)
	command(rt, "/analysis-reports/{id}/submission", supervisionTag, "Submit the report to the supervisor", s.submitAnalysisReport)
	command(rt, "/analysis-reports/{id}/review", supervisionTag, "The supervisor accepts the report or returns it with a comment", s.reviewAnalysisReport)
	supervisionQueryRoutes(s, rt)
}

// FindingRequest is one finding of a spot check: its aspect (ACCURACY,
// TIMELINESS or COMPLIANCE), what was seen, and whether it conformed.
type FindingRequest struct {
	Aspect      string `json:"aspect"`
	Description string `json:"description"`
	Conforming  bool   `json:"conforming,omitempty"`
}

// RecordSpotCheckRequest records a spot check; the id is made by the server.
type RecordSpotCheckRequest struct {
	Envelope
	DepartmentID string           `json:"department_id"`
	Process      string           `json:"process"`
	CheckedOn    Date             `json:"checked_on"`
	Findings     []FindingRequest `json:"findings"`
}

func (s *Server) recordSpotCheck(ctx context.Context, m commands.Meta, id string, req RecordSpotCheckRequest) (commands.Result, error) {
	findings := make([]sv.Finding, len(req.Findings))
	for i, f := range req.Findings {
		findings[i] = sv.Finding{Aspect: sv.Aspect(f.Aspect), Description: f.Description, Conforming: f.Conforming}
	}
	return s.Commands.Supervision.RecordSpotCheck(ctx, m, commands.RecordSpotCheck{SpotCheckID: id, DepartmentID: req.DepartmentID,
		Process: req.Process, CheckedOn: req.CheckedOn.Time, Findings: findings})
}

// IssueRectificationNoticeRequest issues a notice to a department, naming
// the person responsible, what to rectify and the deadline day; it may
// name the spot check it follows from.
type IssueRectificationNoticeRequest struct {
	Envelope
	SpotCheckID  string `json:"spot_check_id,omitempty"`
	DepartmentID string `json:"department_id"`
	AssigneeID   string `json:"assignee_id"`
	Requirement  string `json:"requirement"`
	Deadline     Date   `json:"deadline"`
}

func (s *Server) issueRectificationNotice(ctx context.Context, m commands.Meta, id string, req IssueRectificationNoticeRequest) (commands.Result, error) {
	return s.Commands.Supervision.IssueRectificationNotice(ctx, m, commands.IssueRectificationNotice{NoticeID: id,
		SpotCheckID: req.SpotCheckID, DepartmentID: req.DepartmentID, AssigneeID: req.AssigneeID,
		Requirement: req.Requirement, Deadline: req.Deadline.Time})
}

// AcknowledgeRectificationNoticeRequest takes a notice up.
type AcknowledgeRectificationNoticeRequest struct {
	Envelope
}

func (s *Server) acknowledgeRectificationNotice(ctx context.Context, m commands.Meta, id string, _ AcknowledgeRectificationNoticeRequest) (commands.Result, error) {
	return s.Commands.Supervision.AcknowledgeRectificationNotice(ctx, m, commands.AcknowledgeRectificationNotice{NoticeID: id})
}

// ReportRectificationRequest says what the department rectified.
type ReportRectificationRequest struct {
	Envelope
	Note string `json:"note"`
}

func (s *Server) reportRectification(ctx context.Context, m commands.Meta, id string, req ReportRectificationRequest) (commands.Result, error) {
	return s.Commands.Supervision.ReportRectification(ctx, m, commands.ReportRectification{NoticeID: id, Note: req.Note})
}

// VerifyRectificationRequest is the supervision team's verdict; a failed
// one needs a comment.
type VerifyRectificationRequest struct {
	Envelope
	Passed  bool   `json:"passed"`
	Comment string `json:"comment,omitempty"`
}

func (s *Server) verifyRectification(ctx context.Context, m commands.Meta, id string, req VerifyRectificationRequest) (commands.Result, error) {
	return s.Commands.Supervision.VerifyRectification(ctx, m, commands.VerifyRectification{NoticeID: id, Passed: req.Passed, Comment: req.Comment})
}

// ExtendRectificationDeadlineRequest names the new, later deadline day.
type ExtendRectificationDeadlineRequest struct {
	Envelope
	Deadline Date `json:"deadline"`
}

func (s *Server) extendRectificationDeadline(ctx context.Context, m commands.Meta, id string, req ExtendRectificationDeadlineRequest) (commands.Result, error) {
	return s.Commands.Supervision.ExtendRectificationDeadline(ctx, m, commands.ExtendRectificationDeadline{NoticeID: id, Deadline: req.Deadline.Time})
}

// RecordProcessEvaluationRequest records a full process evaluation of a
// year, held on a day of that year.
type RecordProcessEvaluationRequest struct {
	Envelope
	Year            int    `json:"year"`
	HeldOn          Date   `json:"held_on"`
	Scope           string `json:"scope"`
	Findings        string `json:"findings"`
	Recommendations string `json:"recommendations,omitempty"`
}

func (s *Server) recordProcessEvaluation(ctx context.Context, m commands.Meta, id string, req RecordProcessEvaluationRequest) (commands.Result, error) {
	return s.Commands.Supervision.RecordProcessEvaluation(ctx, m, commands.RecordProcessEvaluation{EvaluationID: id, Year: req.Year,
		HeldOn: req.HeldOn.Time, Scope: req.Scope, Findings: req.Findings, Recommendations: req.Recommendations})
}

// AnalysisReportRequest carries the report's text.
type AnalysisReportRequest struct {
	Envelope
	Content string `json:"content"`
}

func (s *Server) draftAnalysisReport(ctx context.Context, m commands.Meta, id string, req AnalysisReportRequest) (commands.Result, error) {
	return s.Commands.Supervision.DraftAnalysisReport(ctx, m, commands.DraftAnalysisReport{Quarter: id, Content: req.Content})
}

func (s *Server) reviseAnalysisReport(ctx context.Context, m commands.Meta, id string, req AnalysisReportRequest) (commands.Result, error) {
	return s.Commands.Supervision.ReviseAnalysisReport(ctx, m, commands.ReviseAnalysisReport{Quarter: id, Content: req.Content})
}

// SubmitAnalysisReportRequest sends the report to the supervisor.
type SubmitAnalysisReportRequest struct {
	Envelope
}

func (s *Server) submitAnalysisReport(ctx context.Context, m commands.Meta, id string, _ SubmitAnalysisReportRequest) (commands.Result, error) {
	return s.Commands.Supervision.SubmitAnalysisReport(ctx, m, commands.SubmitAnalysisReport{Quarter: id})
}

// ReviewAnalysisReportRequest accepts the report, or returns it with a
// comment.
type ReviewAnalysisReportRequest struct {
	Envelope
	Accepted bool   `json:"accepted"`
	Comment  string `json:"comment,omitempty"`
}

func (s *Server) reviewAnalysisReport(ctx context.Context, m commands.Meta, id string, req ReviewAnalysisReportRequest) (commands.Result, error) {
	return s.Commands.Supervision.ReviewAnalysisReport(ctx, m, commands.ReviewAnalysisReport{Quarter: id, Accepted: req.Accepted, Comment: req.Comment})
}
