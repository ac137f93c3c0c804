package commands

import (
	"context"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

// RecordDepositReceived records (part of) the deposit or prepayment a signed
// contract requires (K8).
type RecordDepositReceived struct {
	ContractID string
	Amount     domain.Money
	Reference  string
}

// RecordDepositReceived records contract.DepositReceived.
func (h *Contracts) RecordDepositReceived(ctx context.Context, m Meta, cmd RecordDepositReceived) (Result, error) {
	role, err := authorize(m, "RecordDepositReceived", domain.RoleFinance)
	if err != nil {
		return Result{}, err
	}
	return h.onContract(ctx, m, cmd.ContractID, role, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.RecordDepositReceived(cmd.Amount, cmd.Reference, by, m.businessTime(h.now))
	})
}

// StartContractExecution puts a signed contract whose deposit is in into
// execution.
type StartContractExecution struct {
	ContractID string
}

// StartContractExecution records contract.ExecutionStarted.
func (h *Contracts) StartContractExecution(ctx context.Context, m Meta, cmd StartContractExecution) (Result, error) {
	role, err := authorize(m, "StartContractExecution", domain.RoleSalesRep, domain.RoleSystem)
	if err != nil {
		return Result{}, err
	}
	return h.onContract(ctx, m, cmd.ContractID, role, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.StartExecution(by, m.businessTime(h.now))
	})
}

// RaiseExecutionIssue logs an execution issue for tracking (K9).
type RaiseExecutionIssue struct {
	ContractID  string
	IssueID     string
	Type        contract.IssueType
	Description string
}

// RaiseExecutionIssue records contract.ExecutionIssueRaised.
func (h *Contracts) RaiseExecutionIssue(ctx context.Context, m Meta, cmd RaiseExecutionIssue) (Result, error) {
	role, err := authorize(m, "RaiseExecutionIssue", domain.RoleSalesRep, domain.RoleSalesMgmt)
	if err != nil {
		return Result{}, err
	}
	return h.onContract(ctx, m, cmd.ContractID, role, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.RaiseExecutionIssue(cmd.IssueID, cmd.Type, cmd.Description, by, m.businessTime(h.now))
	})
}

// ResolveExecutionIssue closes a tracked execution issue.
type ResolveExecutionIssue struct {
	ContractID string
	IssueID    string
	Resolution string
}

// ResolveExecutionIssue records contract.ExecutionIssueResolved.
func (h *Contracts) ResolveExecutionIssue(ctx context.Context, m Meta, cmd ResolveExecutionIssue) (Result, error) {
	role, err := authorize(m, "ResolveExecutionIssue", domain.RoleSalesRep, domain.RoleSalesMgmt)
	if err != nil {
		return Result{}, err
	}
	return h.onContract(ctx, m, cmd.ContractID, role, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.ResolveExecutionIssue(cmd.IssueID, cmd.Resolution, by, m.businessTime(h.now))
	})
}

// CompleteContract marks a fully paid contract without open issues complete.
type CompleteContract struct {
	ContractID string
}

// CompleteContract records contract.Completed. The sales rep or the system
// completes a contract (§2.2.4), not sales management.
func (h *Contracts) CompleteContract(ctx context.Context, m Meta, cmd CompleteContract) (Result, error) {
	role, err := authorize(m, "CompleteContract", domain.RoleSalesRep, domain.RoleSystem)
	if err != nil {
		return Result{}, err
	}
	return h.onContract(ctx, m, cmd.ContractID, role, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.Complete(by, m.businessTime(h.now))
	})
}

// RecordCompletionFeedback records the customer's feedback on a completed
// contract.
type RecordCompletionFeedback struct {
	ContractID string
	Feedback   string
	Satisfied  bool
}

// RecordCompletionFeedback records contract.CustomerFeedbackRecorded.
func (h *Contracts) RecordCompletionFeedback(ctx context.Context, m Meta, cmd RecordCompletionFeedback) (Result, error) {
	role, err := authorize(m, "RecordCompletionFeedback", domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	return h.onContract(ctx, m, cmd.ContractID, role, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.RecordCompletionFeedback(cmd.Feedback, cmd.Satisfied, by, m.businessTime(h.now))
	})
}

// CloseContract closes a completed contract whose feedback was collected.
type CloseContract struct {
	ContractID string
}

// CloseContract records contract.Closed.
func (h *Contracts) CloseContract(ctx context.Context, m Meta, cmd CloseContract) (Result, error) {
	role, err := authorize(m, "CloseContract", domain.RoleDeptHead, domain.RoleSalesMgmt)
	if err != nil {
		return Result{}, err
	}
	return h.onContract(ctx, m, cmd.ContractID, role, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.Close(by, m.businessTime(h.now))
	})
}

// TerminateContract ends a contract before completion (D). A signed
// contract needs legal's opinion, referenced by LegalOpinionRef.
type TerminateContract struct {
	ContractID      string
	Reason          string
	LegalOpinionRef string
}

// TerminateContract records contract.Terminated.
func (h *Contracts) TerminateContract(ctx context.Context, m Meta, cmd TerminateContract) (Result, error) {
	role, err := authorize(m, "TerminateContract", domain.RoleGM)
	if err != nil {
		return Result{}, err
	}
	return h.onContract(ctx, m, cmd.ContractID, role, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.Terminate(cmd.Reason, cmd.LegalOpinionRef, by, m.businessTime(h.now))
	})
}
