package api

import (
	"context"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/contract"
)

func contractExecutionRoutes(s *Server, rt *routes) {
	command(rt, "/contracts/{id}/deposits", contractTag, "Record deposit or prepayment received (K8)", s.recordDepositReceived)
	command(rt, "/contracts/{id}/execution", contractTag, "Start executing a signed contract whose deposit is in", s.startContractExecution)
	command(rt, "/contracts/{id}/issues", contractTag, "Log an execution issue for tracking (K9)", s.raiseExecutionIssue)
	command(rt, "/contracts/{id}/issues/{issue_id}/resolve", contractTag, "Close a tracked execution issue", s.resolveExecutionIssue)
	command(rt, "/contracts/{id}/complete", contractTag, "Mark a fully paid contract without open issues complete", s.completeContract)
	command(rt, "/contracts/{id}/completion-feedback", contractTag, "Record the customer's feedback on a completed contract", s.recordCompletionFeedback)
	command(rt, "/contracts/{id}/close", contractTag, "Close a completed contract whose feedback was collected", s.closeContract)
	command(rt, "/contracts/{id}/terminate", contractTag, "End the contract before completion; reason says why (GM)", s.terminateContract)
}

// ContractStepRequest is a contract step that needs nothing but the
// envelope.
type ContractStepRequest struct {
	Envelope
}

// RecordDepositReceivedRequest is an amount received (decimal string) and
// the payment's reference.
type RecordDepositReceivedRequest struct {
	Envelope
	Amount    string `json:"amount"`
	Reference string `json:"reference"`
}

func (s *Server) recordDepositReceived(ctx context.Context, m commands.Meta, id string, req RecordDepositReceivedRequest) (commands.Result, error) {
	amount, err := salesCycleMoney("amount", req.Amount)
	if err != nil {
		return commands.Result{}, err
	}
	return s.Commands.Contracts.RecordDepositReceived(ctx, m, commands.RecordDepositReceived{ContractID: id, Amount: amount, Reference: req.Reference})
}

func (s *Server) startContractExecution(ctx context.Context, m commands.Meta, id string, _ ContractStepRequest) (commands.Result, error) {
	return s.Commands.Contracts.StartContractExecution(ctx, m, commands.StartContractExecution{ContractID: id})
}

// RaiseExecutionIssueRequest is an issue to track; type is one of
// CUSTOMER_REQUIREMENT_CHANGE, DELIVERY_DELAY, QUALITY, OTHER.
type RaiseExecutionIssueRequest struct {
	Envelope
	IssueID     string `json:"issue_id"`
	Type        string `json:"type"`
	Description string `json:"description"`
}

func (s *Server) raiseExecutionIssue(ctx context.Context, m commands.Meta, id string, req RaiseExecutionIssueRequest) (commands.Result, error) {
	return s.Commands.Contracts.RaiseExecutionIssue(ctx, m, commands.RaiseExecutionIssue{ContractID: id, IssueID: req.IssueID,
		Type: contract.IssueType(req.Type), Description: req.Description})
}

// ResolveExecutionIssueRequest says how the issue was resolved.
type ResolveExecutionIssueRequest struct {
	Envelope
	Resolution string `json:"resolution"`
}

func (s *Server) resolveExecutionIssue(ctx context.Context, m commands.Meta, id string, req ResolveExecutionIssueRequest) (commands.Result, error) {
	return s.Commands.Contracts.ResolveExecutionIssue(ctx, m, commands.ResolveExecutionIssue{ContractID: id,
		IssueID: chi.URLParamFromCtx(ctx, "issue_id"), Resolution: req.Resolution})
}

func (s *Server) completeContract(ctx context.Context, m commands.Meta, id string, _ ContractStepRequest) (commands.Result, error) {
	return s.Commands.Contracts.CompleteContract(ctx, m, commands.CompleteContract{ContractID: id})
}

// RecordCompletionFeedbackRequest is the customer's feedback.
type RecordCompletionFeedbackRequest struct {
	Envelope
	Feedback  string `json:"feedback"`
	Satisfied bool   `json:"satisfied"`
}

func (s *Server) recordCompletionFeedback(ctx context.Context, m commands.Meta, id string, req RecordCompletionFeedbackRequest) (commands.Result, error) {
	return s.Commands.Contracts.RecordCompletionFeedback(ctx, m, commands.RecordCompletionFeedback{ContractID: id, Feedback: req.Feedback, Satisfied: req.Satisfied})
}

func (s *Server) closeContract(ctx context.Context, m commands.Meta, id string, _ ContractStepRequest) (commands.Result, error) {
	return s.Commands.Contracts.CloseContract(ctx, m, commands.CloseContract{ContractID: id})
}

// TerminateContractRequest ends the contract; the envelope's reason says
// why, legal_opinion_ref names legal's opinion (required once signed).
type TerminateContractRequest struct {
	Envelope
	LegalOpinionRef string `json:"legal_opinion_ref,omitempty"`
}

func (s *Server) terminateContract(ctx context.Context, m commands.Meta, id string, req TerminateContractRequest) (commands.Result, error) {
	return s.Commands.Contracts.TerminateContract(ctx, m, commands.TerminateContract{ContractID: id, Reason: req.Reason, LegalOpinionRef: req.LegalOpinionRef})
}
