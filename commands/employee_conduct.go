package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

// RecordAppraisal records the appraisal committee's result for a cycle;
// a second consecutive fail raises DismissalDue (E5).
type RecordAppraisal struct {
	EmployeeID string
	Result     employee.AppraisalResult
}

// RecordAppraisal records employee.AppraisalRecorded (and DismissalDue).
func (h *Employees) RecordAppraisal(ctx context.Context, m Meta, cmd RecordAppraisal) (Result, error) {
	role, err := authorize(m, "RecordAppraisal", domain.RoleAppraisalCommittee)
	if err != nil {
		return Result{}, err
	}
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, "", func(s employee.Employee) ([]domain.Event, error) {
		return s.RecordAppraisal(cmd.Result, m.Actor.EmployeeID, role, h.now())
	})
}

// StartImprovementPlan records the interview and improvement plan after a
// failed appraisal.
type StartImprovementPlan struct {
	EmployeeID  string
	AppraisalID string
	Goals       string
	Deadline    time.Time
}

// StartImprovementPlan records employee.ImprovementPlanStarted.
func (h *Employees) StartImprovementPlan(ctx context.Context, m Meta, cmd StartImprovementPlan) (Result, error) {
	role, err := authorize(m, "StartImprovementPlan", domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, "", inHeadsUnit(m, role, func(s employee.Employee) ([]domain.Event, error) {
		return s.StartImprovementPlan(cmd.AppraisalID, cmd.Goals, cmd.Deadline, m.Actor.EmployeeID, h.now())
	}))
}

// RecordMonthlyResults records an employee's business results for a
// calendar month, computed by the system or entered by sales management;
// a run of zero months raises AutoResignationDue when the E6 switch is on.
type RecordMonthlyResults struct {
	EmployeeID string
	Month      time.Time
	Amount     domain.Money
}

// RecordMonthlyResults records employee.MonthlyResultsRecorded (and
// AutoResignationDue).
func (h *Employees) RecordMonthlyResults(ctx context.Context, m Meta, cmd RecordMonthlyResults) (Result, error) {
	role, err := authorize(m, "RecordMonthlyResults", domain.RoleSystem, domain.RoleSalesMgmt, domain.RoleFinance)
	if err != nil {
		return Result{}, err
	}
	reg, version := h.regulationFor(m)
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, version, func(s employee.Employee) ([]domain.Event, error) {
		return s.RecordMonthlyResults(cmd.Month, cmd.Amount, reg, h.now())
	})
}

// IssueReward grants a reward from the catalogue.
type IssueReward struct {
	EmployeeID string
	Reward     employee.RewardGrant
}

// IssueReward records employee.Rewarded.
func (h *Employees) IssueReward(ctx context.Context, m Meta, cmd IssueReward) (Result, error) {
	role, err := authorize(m, "IssueReward", domain.RoleDeptHead, domain.RoleAppraisalCommittee, domain.RoleHR, domain.RoleGM)
	if err != nil {
		return Result{}, err
	}
	reg, version := h.regulationFor(m)
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, version, inHeadsUnit(m, role, func(s employee.Employee) ([]domain.Event, error) {
		return s.Reward(cmd.Reward, m.Actor.EmployeeID, reg, h.now())
	}))
}

// IssuePenalty records a penalty from the ladder with its rule reference;
// demotion and dismissal are decided by HR or the GM.
type IssuePenalty struct {
	EmployeeID string
	Penalty    employee.PenaltyDecision
}

// IssuePenalty records employee.Penalized.
func (h *Employees) IssuePenalty(ctx context.Context, m Meta, cmd IssuePenalty) (Result, error) {
	role, err := authorize(m, "IssuePenalty", domain.RoleDeptHead, domain.RoleHR, domain.RoleGM)
	if err != nil {
		return Result{}, err
	}
	reg, version := h.regulationFor(m)
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, version, inHeadsUnit(m, role, func(s employee.Employee) ([]domain.Event, error) {
		return s.Penalize(cmd.Penalty, m.Actor.EmployeeID, role, reg, h.now())
	}))
}

// IssueFine fines an employee an item of the fine schedule (E12, E13).
type IssueFine struct {
	EmployeeID string
	FineID     string
	Item       string
	Reason     string
}

// IssueFine records employee.Fined.
func (h *Employees) IssueFine(ctx context.Context, m Meta, cmd IssueFine) (Result, error) {
	role, err := authorize(m, "IssueFine", domain.RoleDeptHead, domain.RoleAdminOffice)
	if err != nil {
		return Result{}, err
	}
	reg, version := h.regulationFor(m)
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, version, inHeadsUnit(m, role, func(s employee.Employee) ([]domain.Event, error) {
		return s.Fine(cmd.FineID, cmd.Item, cmd.Reason, m.Actor.EmployeeID, reg, h.now())
	}))
}
