package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/research"
)

// ResearchProjects handles the commands on market-research projects
// (§3.6).
type ResearchProjects struct {
	projects repository[research.Project]
	now      func() time.Time
}

func newResearchProjects(log *eventLog) *ResearchProjects {
	return &ResearchProjects{projects: newRepository(log, research.Project.Evolve, "research project"), now: log.now}
}

// ProposeResearch proposes (or reworks) a market-research project.
type ProposeResearch struct {
	ProjectID string
	Plan      research.Plan
}

// ProposeResearch records research.Proposed; the market-research group
// proposes ([001] 「由市場調研組提出市場調研計劃」).
func (h *ResearchProjects) ProposeResearch(ctx context.Context, m Meta, cmd ProposeResearch) (Result, error) {
	role, err := authorize(m, "ProposeResearch", domain.RoleMarketResearcher)
	if err != nil {
		return Result{}, err
	}
	return h.onProject(ctx, m, cmd.ProjectID, role, func(p research.Project, now time.Time) ([]domain.Event, error) {
		return p.Propose(cmd.ProjectID, cmd.Plan, m.Actor.EmployeeID, now)
	})
}

// ReviewResearch is the department manager's review of a proposal.
type ReviewResearch struct {
	ProjectID string
	Passed    bool
	Comment   string
}

// ReviewResearch records research.Reviewed.
func (h *ResearchProjects) ReviewResearch(ctx context.Context, m Meta, cmd ReviewResearch) (Result, error) {
	role, err := authorize(m, "ReviewResearch", domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	return h.onProject(ctx, m, cmd.ProjectID, role, func(p research.Project, now time.Time) ([]domain.Event, error) {
		return p.Review(m.Actor.EmployeeID, role, cmd.Passed, cmd.Comment, now)
	})
}

// ApproveResearch is company leadership's approval.
type ApproveResearch struct {
	ProjectID string
	Comment   string
}

// ApproveResearch records research.Approved.
func (h *ResearchProjects) ApproveResearch(ctx context.Context, m Meta, cmd ApproveResearch) (Result, error) {
	role, err := authorize(m, "ApproveResearch", domain.RoleLeadership)
	if err != nil {
		return Result{}, err
	}
	return h.onProject(ctx, m, cmd.ProjectID, role, func(p research.Project, now time.Time) ([]domain.Event, error) {
		return p.Approve(m.Actor.EmployeeID, role, cmd.Comment, now)
	})
}

// StartResearch starts carrying out an approved project.
type StartResearch struct {
	ProjectID string
}

// StartResearch records research.Started.
func (h *ResearchProjects) StartResearch(ctx context.Context, m Meta, cmd StartResearch) (Result, error) {
	role, err := authorize(m, "StartResearch", domain.RoleMarketResearcher)
	if err != nil {
		return Result{}, err
	}
	return h.onProject(ctx, m, cmd.ProjectID, role, func(p research.Project, now time.Time) ([]domain.Event, error) {
		return p.Start(m.Actor.EmployeeID, now)
	})
}

// ReportResearch reports a project that was carried out.
type ReportResearch struct {
	ProjectID string
	Report    research.Report
}

// ReportResearch records research.Reported.
func (h *ResearchProjects) ReportResearch(ctx context.Context, m Meta, cmd ReportResearch) (Result, error) {
	role, err := authorize(m, "ReportResearch", domain.RoleMarketResearcher)
	if err != nil {
		return Result{}, err
	}
	return h.onProject(ctx, m, cmd.ProjectID, role, func(p research.Project, now time.Time) ([]domain.Event, error) {
		return p.Submit(cmd.Report, m.Actor.EmployeeID, now)
	})
}

func (h *ResearchProjects) onProject(ctx context.Context, m Meta, id string, role domain.Role, decide func(research.Project, time.Time) ([]domain.Event, error)) (Result, error) {
	now := h.now()
	return h.projects.Update(ctx, m, decision[research.Project]{
		stream: research.Stream(id),
		role:   role,
		decide: func(p research.Project) ([]domain.Event, error) { return decide(p, now) },
	})
}
