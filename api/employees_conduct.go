package api

import (
	"context"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

// employeeConductRoutes registers appraisals, improvement plans, monthly
// results, rewards, penalties and fines.
func employeeConductRoutes(s *Server, rt *routes) {
	command(rt, "/employees/{id}/appraisals", employeeTag, "Record the appraisal committee's result for a cycle (E5)", s.recordAppraisal)
	command(rt, "/employees/{id}/improvement-plans", employeeTag, "Record the interview and improvement plan after a failed appraisal", s.startImprovementPlan)
	command(rt, "/employees/{id}/monthly-results", employeeTag, "Record a month's business results (E6)", s.recordMonthlyResults)
	command(rt, "/employees/{id}/rewards", employeeTag, "Grant a reward from the catalogue", s.issueReward)
	command(rt, "/employees/{id}/penalties", employeeTag, "Issue a penalty from the ladder with its rule reference", s.issuePenalty)
	command(rt, "/employees/{id}/fines", employeeTag, "Fine an item of the fine schedule (E12, E13)", s.issueFine)
}

// RecordAppraisalRequest is one appraisal: cycle MONTHLY, QUARTERLY or
// ANNUAL; grade EXCELLENT, GOOD, PASS or FAIL; 360° scores 0–100.
type RecordAppraisalRequest struct {
	Envelope
	AppraisalID string          `json:"appraisal_id"`
	Cycle       string          `json:"cycle"`
	PeriodStart Date            `json:"period_start"`
	Scores      employee.Scores `json:"scores"`
	Grade       string          `json:"grade"`
}

func (s *Server) recordAppraisal(ctx context.Context, m commands.Meta, id string, req RecordAppraisalRequest) (commands.Result, error) {
	res := employee.AppraisalResult{AppraisalID: req.AppraisalID, Cycle: employee.Cycle(req.Cycle), PeriodStart: req.PeriodStart.Time,
		Scores: req.Scores, Grade: employee.Grade(req.Grade)}
	return s.Commands.Employees.RecordAppraisal(ctx, m, commands.RecordAppraisal{EmployeeID: id, Result: res})
}

// StartImprovementPlanRequest is the plan agreed after a failed appraisal.
type StartImprovementPlanRequest struct {
	Envelope
	AppraisalID string `json:"appraisal_id"`
	Goals       string `json:"goals"`
	Deadline    Date   `json:"deadline"`
}

func (s *Server) startImprovementPlan(ctx context.Context, m commands.Meta, id string, req StartImprovementPlanRequest) (commands.Result, error) {
	return s.Commands.Employees.StartImprovementPlan(ctx, m, commands.StartImprovementPlan{EmployeeID: id, AppraisalID: req.AppraisalID,
		Goals: req.Goals, Deadline: req.Deadline.Time})
}

// RecordMonthlyResultsRequest is a month's results (decimal string); month
// is any time in the month.
type RecordMonthlyResultsRequest struct {
	Envelope
	Month  Month  `json:"month"`
	Amount string `json:"amount"`
}

func (s *Server) recordMonthlyResults(ctx context.Context, m commands.Meta, id string, req RecordMonthlyResultsRequest) (commands.Result, error) {
	amount, err := decimalAmount("amount", req.Amount)
	if err != nil {
		return commands.Result{}, err
	}
	return s.Commands.Employees.RecordMonthlyResults(ctx, m, commands.RecordMonthlyResults{EmployeeID: id, Month: req.Month.Time, Amount: amount})
}

// IssueRewardRequest grants a reward of a catalogue type; amount (decimal
// string) only for monetary rewards. The envelope's reason says what for.
type IssueRewardRequest struct {
	Envelope
	RewardID string              `json:"reward_id"`
	Type     string              `json:"type"`
	Amount   string              `json:"amount,omitempty"`
	Basis    *employee.RecordRef `json:"basis,omitempty"`
}

func (s *Server) issueReward(ctx context.Context, m commands.Meta, id string, req IssueRewardRequest) (commands.Result, error) {
	var amount *domain.Money
	if req.Amount != "" {
		a, err := decimalAmount("amount", req.Amount)
		if err != nil {
			return commands.Result{}, err
		}
		amount = &a
	}
	grant := employee.RewardGrant{RewardID: req.RewardID, Type: req.Type, Amount: amount, Reason: req.Reason, Basis: req.Basis}
	return s.Commands.Employees.IssueReward(ctx, m, commands.IssueReward{EmployeeID: id, Reward: grant})
}

// IssuePenaltyRequest issues a penalty of a ladder type under a rule
// reference; the envelope's reason says what for.
type IssuePenaltyRequest struct {
	Envelope
	PenaltyID string `json:"penalty_id"`
	Type      string `json:"type"`
	RuleRef   string `json:"rule_ref"`
}

func (s *Server) issuePenalty(ctx context.Context, m commands.Meta, id string, req IssuePenaltyRequest) (commands.Result, error) {
	p := employee.PenaltyDecision{PenaltyID: req.PenaltyID, Type: req.Type, Reason: req.Reason, RuleRef: req.RuleRef}
	return s.Commands.Employees.IssuePenalty(ctx, m, commands.IssuePenalty{EmployeeID: id, Penalty: p})
}

// IssueFineRequest fines an item of the fine schedule; the envelope's
// reason says what for.
type IssueFineRequest struct {
	Envelope
	FineID string `json:"fine_id"`
	Item   string `json:"item"`
}

func (s *Server) issueFine(ctx context.Context, m commands.Meta, id string, req IssueFineRequest) (commands.Result, error) {
	return s.Commands.Employees.IssueFine(ctx, m, commands.IssueFine{EmployeeID: id, FineID: req.FineID, Item: req.Item, Reason: req.Reason})
}
