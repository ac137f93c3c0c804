package api

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/research"
	"github.com/opsledger/opsledger/queries"
)

const researchTag = "Market research"

// researchRoutes registers one endpoint per market-research command (§3.6)
// and the project queries.
func researchRoutes(s *Server, rt *routes) {
	create(rt, "/research-projects", researchTag, "Propose a market-research project: purpose, scope, methods and schedule (§3.6-plan)", s.proposeResearch)
	command(rt, "/research-projects/{id}/proposal", researchTag, "Rework a proposal the department manager returned", s.reworkResearch)
	command(rt, "/research-projects/{id}/review", researchTag, "The department manager's review of the proposal (§3.6-approval)", s.reviewResearch)
	command(rt, "/research-projects/{id}/approval", researchTag, "Company leadership's approval of a reviewed proposal (§3.6-approval)", s.approveResearch)
	command(rt, "/research-projects/{id}/start", researchTag, "Start carrying out an approved project (§3.6-order)", s.startResearch)
	command(rt, "/research-projects/{id}/report", researchTag, "Report the results, to be fed back to the departments concerned (§3.6-report)", s.reportResearch)
	rt.get("/research-projects/{id}", researchTag, "One market-research project and how far it got", queries.ResearchProjectView{},
		s.withAsOf(handleQuery(s, []string{"research"}, s.getResearchProject)), asOfParams[0], asOfParams[1], afterParam)
	rt.get("/research-projects", researchTag, "Market-research projects, latest proposal first, by state",
		queries.Page[queries.ResearchProjectView]{}, handleQuery(s, []string{"research"}, s.listResearchProjects),
		listParams(oneOf("status", queries.ResearchProjectStatuses, "the project's state"), text("org_unit_id", "the proposing org unit"),
			sortBy(queries.ResearchProjectSorts))...)
	rt.get("/research-projects-by-state", researchTag, "How many market-research projects stand in each state",
		queries.Page[queries.ResearchProjectCount]{}, handleQuery(s, []string{"research"}, s.researchProjectsByState), afterParam)
}

// ProposeResearchRequest is a project's plan. Methods are WEB,
// INDUSTRY_REPORTS, FIELD_VISITS, QUESTIONNAIRES or INTERVIEWS.
type ProposeResearchRequest struct {
	Envelope
	Title     string   `json:"title"`
	OrgUnitID string   `json:"org_unit_id"`
	Purpose   string   `json:"purpose"`
	Scope     string   `json:"scope"`
	Methods   []string `json:"methods"`
	StartsOn  Date     `json:"starts_on"`
	DueOn     Date     `json:"due_on"`
}

func (req ProposeResearchRequest) plan() research.Plan {
	methods := make([]research.Method, len(req.Methods))
	for i, m := range req.Methods {
		methods[i] = research.Method(m)
	}
	return research.Plan{Title: req.Title, OrgUnitID: req.OrgUnitID, Purpose: req.Purpose, Scope: req.Scope,
		Methods: methods, StartsOn: req.StartsOn.Time, DueOn: req.DueOn.Time}
}

func (s *Server) proposeResearch(ctx context.Context, m commands.Meta, id string, req ProposeResearchRequest) (commands.Result, error) {
	return s.Commands.ResearchProjects.ProposeResearch(ctx, m, commands.ProposeResearch{ProjectID: id, Plan: req.plan()})
}

func (s *Server) reworkResearch(ctx context.Context, m commands.Meta, id string, req ProposeResearchRequest) (commands.Result, error) {
	return s.Commands.ResearchProjects.ProposeResearch(ctx, m, commands.ProposeResearch{ProjectID: id, Plan: req.plan()})
}

// ReviewResearchRequest is the department manager's verdict; a proposal
// returned needs a comment.
type ReviewResearchRequest struct {
	Envelope
	Passed  bool   `json:"passed"`
	Comment string `json:"comment,omitempty"`
}

func (s *Server) reviewResearch(ctx context.Context, m commands.Meta, id string, req ReviewResearchRequest) (commands.Result, error) {
	return s.Commands.ResearchProjects.ReviewResearch(ctx, m, commands.ReviewResearch{ProjectID: id, Passed: req.Passed, Comment: req.Comment})
}

// ApproveResearchRequest is leadership's approval.
type ApproveResearchRequest struct {
	Envelope
	Comment string `json:"comment,omitempty"`
}

func (s *Server) approveResearch(ctx context.Context, m commands.Meta, id string, req ApproveResearchRequest) (commands.Result, error) {
	return s.Commands.ResearchProjects.ApproveResearch(ctx, m, commands.ApproveResearch{ProjectID: id, Comment: req.Comment})
}

// StartResearchRequest starts the collection.
type StartResearchRequest struct {
	Envelope
}

func (s *Server) startResearch(ctx context.Context, m commands.Meta, id string, _ StartResearchRequest) (commands.Result, error) {
	return s.Commands.ResearchProjects.StartResearch(ctx, m, commands.StartResearch{ProjectID: id})
}

// ReportResearchRequest is the report's four parts and the departments it
// is fed back to.
type ReportResearchRequest struct {
	Envelope
	Introduction    string   `json:"introduction"`
	Methodology     string   `json:"methodology"`
	Findings        string   `json:"findings"`
	Conclusions     string   `json:"conclusions"`
	FeedbackUnitIDs []string `json:"feedback_unit_ids"`
}

func (s *Server) reportResearch(ctx context.Context, m commands.Meta, id string, req ReportResearchRequest) (commands.Result, error) {
	return s.Commands.ResearchProjects.ReportResearch(ctx, m, commands.ReportResearch{ProjectID: id, Report: research.Report{
		Introduction: req.Introduction, Methodology: req.Methodology, Findings: req.Findings, Conclusions: req.Conclusions,
		FeedbackUnitIDs: req.FeedbackUnitIDs}})
}

func (s *Server) getResearchProject(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "market research", queries.ResearchReaders...); err != nil {
		return nil, 0, err
	}
	v, err := s.researchProjectAt(ctx, chi.URLParam(r, "id"))
	if err != nil {
		return nil, 0, err
	}
	return v, v.Version, nil
}

func (s *Server) listResearchProjects(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "market research", queries.ResearchReaders...); err != nil {
		return nil, 0, err
	}
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	q := r.URL.Query()
	res, err := s.Queries.ResearchProjects(ctx, queries.ResearchProjectFilter{Status: q.Get("status"), OrgUnitID: q.Get("org_unit_id"),
		Sort: q.Get("sort")}, page)
	return res, 0, err
}

func (s *Server) researchProjectsByState(ctx context.Context, _ *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "market research", queries.ResearchReaders...); err != nil {
		return nil, 0, err
	}
	res, err := s.Queries.ResearchProjectsByState(ctx)
	if err != nil {
		return nil, 0, err
	}
	return onePage(res), 0, nil
}
