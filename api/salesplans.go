package api

import (
	"context"
	"fmt"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/salesplan"
)

const salesPlanTag = "Sales plans"

// salesPlanRoutes registers one endpoint per sales plan command (drafting
// has two: creating a plan, and reworking a draft the department head sent
// back) and the plan and target queries.
func salesPlanRoutes(s *Server, rt *routes) {
	create(rt, "/sales-plans", salesPlanTag, "Draft an org unit's annual sales plan", s.draftSalesPlan)
	command(rt, "/sales-plans/{id}/draft", salesPlanTag, "Rework a draft plan", s.draftSalesPlan)
	command(rt, "/sales-plans/{id}/review", salesPlanTag, "Record the department head's review", s.reviewSalesPlan)
	command(rt, "/sales-plans/{id}/approval", salesPlanTag, "Record company leadership's approval", s.approveSalesPlan)
	command(rt, "/sales-plans/{id}/decomposition", salesPlanTag, "Decompose into quarterly and monthly targets for the org unit, teams and people", s.decomposeSalesPlan)
	command(rt, "/sales-plans/{id}/activation", salesPlanTag, "Put a fully decomposed plan into force", s.activateSalesPlan)
	command(rt, "/sales-plans/{id}/revisions", salesPlanTag, "Re-allocate targets of an active plan, keeping every sum", s.reviseSalesTargets)
	command(rt, "/sales-plans/{id}/closure", salesPlanTag, "End an active plan", s.closeSalesPlan)
	salesPlanQueryRoutes(s, rt)
	salesTargetQueryRoutes(s, rt)
}

// DraftSalesPlanRequest is a plan's content; target is a decimal string.
type DraftSalesPlanRequest struct {
	Envelope
	Year           int      `json:"year"`
	OrgUnitID      string   `json:"org_unit_id"`
	Region         string   `json:"region"`
	Target         string   `json:"target"`
	Strategy       string   `json:"strategy"`
	CustomerGroups []string `json:"customer_groups,omitempty"`
}

func (s *Server) draftSalesPlan(ctx context.Context, m commands.Meta, id string, req DraftSalesPlanRequest) (commands.Result, error) {
	target, err := decimalAmount("target", req.Target)
	if err != nil {
		return commands.Result{}, err
	}
	d := salesplan.Details{Year: req.Year, OrgUnitID: req.OrgUnitID, Region: req.Region, Target: target,
		Strategy: req.Strategy, CustomerGroups: req.CustomerGroups}
	return s.Commands.SalesPlans.DraftSalesPlan(ctx, m, commands.DraftSalesPlan{PlanID: id, Details: d})
}

// ReviewSalesPlanRequest passes a draft or sends it back with a comment.
type ReviewSalesPlanRequest struct {
	Envelope
	Passed  bool   `json:"passed"`
	Comment string `json:"comment,omitempty"`
}

func (s *Server) reviewSalesPlan(ctx context.Context, m commands.Meta, id string, req ReviewSalesPlanRequest) (commands.Result, error) {
	return s.Commands.SalesPlans.ReviewSalesPlan(ctx, m, commands.ReviewSalesPlan{PlanID: id, Passed: req.Passed, Comment: req.Comment})
}

// ApproveSalesPlanRequest approves a reviewed plan.
type ApproveSalesPlanRequest struct {
	Envelope
	Comment string `json:"comment,omitempty"`
}

func (s *Server) approveSalesPlan(ctx context.Context, m commands.Meta, id string, req ApproveSalesPlanRequest) (commands.Result, error) {
	return s.Commands.SalesPlans.ApproveSalesPlan(ctx, m, commands.ApproveSalesPlan{PlanID: id, Comment: req.Comment})
}

// SalesTargetRequest is one target: an amount (decimal string) for one
// assignee in one period ("2027", "2027-Q1", "2027-01"). Level is ORG_UNIT,
// TEAM or PERSON; assignee_id is the org unit, team or employee; team_id
// names a person's team.
type SalesTargetRequest struct {
	Period     string   `json:"period"`
	Level      string   `json:"level"`
	AssigneeID string   `json:"assignee_id"`
	TeamID     string   `json:"team_id,omitempty"`
	Amount     string   `json:"amount"`
	Indicators []string `json:"indicators,omitempty"`
}

func salesAllocations(field string, in []SalesTargetRequest) ([]salesplan.Allocation, error) {
	out := make([]salesplan.Allocation, len(in))
	for i, t := range in {
		amount, err := decimalAmount(fmt.Sprintf("%s[%d].amount", field, i), t.Amount)
		if err != nil {
			return nil, err
		}
		out[i] = salesplan.Allocation{Period: salesplan.Period(t.Period), Level: salesplan.Level(t.Level),
			AssigneeID: t.AssigneeID, TeamID: t.TeamID, Amount: amount, Indicators: t.Indicators}
	}
	return out, nil
}

// DecomposeSalesPlanRequest is the complete decomposition: the four
// quarters and twelve months of the org unit, each month split among
// teams and each team month among its people, every level summing to its
// parent.
type DecomposeSalesPlanRequest struct {
	Envelope
	Targets []SalesTargetRequest `json:"targets"`
}

func (s *Server) decomposeSalesPlan(ctx context.Context, m commands.Meta, id string, req DecomposeSalesPlanRequest) (commands.Result, error) {
	targets, err := salesAllocations("targets", req.Targets)
	if err != nil {
		return commands.Result{}, err
	}
	return s.Commands.SalesPlans.DecomposeSalesPlan(ctx, m, commands.DecomposeSalesPlan{PlanID: id, Targets: targets})
}

// ActivateSalesPlanRequest puts the plan into force.
type ActivateSalesPlanRequest struct {
	Envelope
}

func (s *Server) activateSalesPlan(ctx context.Context, m commands.Meta, id string, _ ActivateSalesPlanRequest) (commands.Result, error) {
	return s.Commands.SalesPlans.ActivateSalesPlan(ctx, m, commands.ActivateSalesPlan{PlanID: id})
}

// ReviseSalesTargetsRequest replaces (or adds) targets of an active plan;
// the envelope's reason says why.
type ReviseSalesTargetsRequest struct {
	Envelope
	Changes []SalesTargetRequest `json:"changes"`
}

func (s *Server) reviseSalesTargets(ctx context.Context, m commands.Meta, id string, req ReviseSalesTargetsRequest) (commands.Result, error) {
	changes, err := salesAllocations("changes", req.Changes)
	if err != nil {
		return commands.Result{}, err
	}
	return s.Commands.SalesPlans.ReviseSalesTargets(ctx, m, commands.ReviseSalesTargets{PlanID: id, Changes: changes, Reason: req.Reason})
}

// CloseSalesPlanRequest ends the plan; the envelope's reason says why.
type CloseSalesPlanRequest struct {
	Envelope
}

func (s *Server) closeSalesPlan(ctx context.Context, m commands.Meta, id string, req CloseSalesPlanRequest) (commands.Result, error) {
	return s.Commands.SalesPlans.CloseSalesPlan(ctx, m, commands.CloseSalesPlan{PlanID: id, Reason: req.Reason})
}
