package contract

import (
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// RecordDepositReceived records (part of) the deposit a signed contract
// requires (K8). It refuses a contract that requires none, a deposit already
// received in full, and an amount above what is still due.
func (ct Contract) RecordDepositReceived(amount domain.Money, reference string, by Actor, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("reference", reference)); err != nil {
		return nil, err
	}
	switch {
	case !ct.Exists():
		return nil, ErrNotFound
	case ct.Status != StatusSigned:
		return nil, ErrWrongState
	case !ct.DepositRequired.IsPositive():
		return nil, ErrNoDepositRequired
	case ct.DepositSatisfied():
		return nil, ErrDepositComplete
	case !amount.IsPositive():
		return nil, domain.InvalidField("amount", "must be positive")
	}
	due, _ := ct.DepositRequired.Sub(ct.DepositReceived)
	if amount.Currency != due.Currency || amount.Cmp(due) > 0 {
		return nil, domain.InvalidField("amount", "must not exceed the deposit still due, in the contract's currency")
	}
	return []domain.Event{DepositReceived{ContractID: ct.ID, Amount: amount, Reference: reference,
		RecordedBy: by.EmployeeID, ReceivedAt: now}}, nil
}

// StartExecution puts a signed contract into execution once its required
// deposit is received (K8). Starting again records nothing.
func (ct Contract) StartExecution(by Actor, now time.Time) ([]domain.Event, error) {
	switch {
	case !ct.Exists():
		return nil, ErrNotFound
	case ct.Status == StatusInExecution:
		return nil, nil
	case ct.Status != StatusSigned:
		return nil, ErrWrongState
	case !ct.DepositSatisfied():
		return nil, domain.RuleViolation("K8", "the required deposit has not been received")
	}
	return []domain.Event{ExecutionStarted{ContractID: ct.ID, StartedBy: by.EmployeeID, StartedAt: now}}, nil
}

// RaiseExecutionIssue logs an issue of a signed contract for tracking (K9).
func (ct Contract) RaiseExecutionIssue(issueID string, typ IssueType, description string, by Actor, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("issue_id", issueID), domain.Text("description", description)); err != nil {
		return nil, err
	}
	switch {
	case !ct.Exists():
		return nil, ErrNotFound
	case !ct.IsSigned():
		return nil, ErrWrongState
	case issueID == "":
		return nil, domain.InvalidField("issue_id", "is required")
	case !typ.Valid():
		return nil, domain.InvalidField("type", "must be CUSTOMER_REQUIREMENT_CHANGE, DELIVERY_DELAY, QUALITY or OTHER")
	case description == "":
		return nil, domain.InvalidField("description", "is required")
	case slices.Contains(ct.OpenIssues, issueID):
		return nil, ErrIssueExists
	}
	return []domain.Event{ExecutionIssueRaised{ContractID: ct.ID, IssueID: issueID, Type: typ,
		Description: description, RaisedBy: by.EmployeeID, RaisedAt: now}}, nil
}

// ResolveExecutionIssue closes an open execution issue with its resolution.
func (ct Contract) ResolveExecutionIssue(issueID, resolution string, by Actor, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("issue_id", issueID), domain.Text("resolution", resolution)); err != nil {
		return nil, err
	}
	switch {
	case !ct.Exists():
		return nil, ErrNotFound
	case !slices.Contains(ct.OpenIssues, issueID):
		return nil, ErrUnknownIssue
	case resolution == "":
		return nil, domain.InvalidField("resolution", "is required")
	}
	return []domain.Event{ExecutionIssueResolved{ContractID: ct.ID, IssueID: issueID,
		Resolution: resolution, ResolvedBy: by.EmployeeID, ResolvedAt: now}}, nil
}

// Complete marks a contract in execution complete. It refuses open execution
// issues (K9), an amendment under way, and a price not collected in full
// (deposit plus every instalment, K10). Completing again records nothing.
// Delivery of the contract's orders is the caller's to check (D).
func (ct Contract) Complete(by Actor, now time.Time) ([]domain.Event, error) {
	switch {
	case !ct.Exists():
		return nil, ErrNotFound
	case ct.Status == StatusCompleted:
		return nil, nil
	case ct.Status != StatusInExecution:
		return nil, ErrWrongState
	case len(ct.OpenIssues) > 0:
		return nil, ErrOpenIssues
	case ct.Amendment != nil:
		return nil, ErrAmendmentPending
	case !ct.DepositSatisfied() || !ct.PaidInFull():
		return nil, ErrUnpaid
	}
	return []domain.Event{Completed{ContractID: ct.ID, CompletedBy: by.EmployeeID, CompletedAt: now}}, nil
}

// RecordCompletionFeedback records the customer's feedback on a completed
// contract.
func (ct Contract) RecordCompletionFeedback(feedback string, satisfied bool, by Actor, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("feedback", feedback)); err != nil {
		return nil, err
	}
	switch {
	case !ct.Exists():
		return nil, ErrNotFound
	case ct.Status != StatusCompleted:
		return nil, ErrWrongState
	case feedback == "":
		return nil, domain.InvalidField("feedback", "is required")
	}
	return []domain.Event{CustomerFeedbackRecorded{ContractID: ct.ID, Feedback: feedback, Satisfied: satisfied,
		RecordedBy: by.EmployeeID, RecordedAt: now}}, nil
}

// Close closes a completed contract whose customer feedback was recorded.
// Closing again records nothing.
func (ct Contract) Close(by Actor, now time.Time) ([]domain.Event, error) {
	switch {
	case !ct.Exists():
		return nil, ErrNotFound
	case ct.Status == StatusClosed:
		return nil, nil
	case ct.Status != StatusCompleted:
		return nil, ErrWrongState
	case !ct.Feedback:
		return nil, ErrFeedbackMissing
	}
	return []domain.Event{Closed{ContractID: ct.ID, ClosedBy: by.EmployeeID, ClosedAt: now}}, nil
}

// Terminate ends a contract before completion (D). Only the GM terminates; a
// reason is required, and a signed contract also needs legal's opinion.
// Terminating again records nothing.
func (ct Contract) Terminate(reason, legalOpinionRef string, by Actor, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("reason", reason), domain.Text("legal_opinion_ref", legalOpinionRef)); err != nil {
		return nil, err
	}
	switch {
	case !ct.Exists():
		return nil, ErrNotFound
	case ct.Status == StatusTerminated:
		return nil, nil
	case ct.Status == StatusCompleted || ct.Status == StatusClosed:
		return nil, ErrWrongState
	case by.Role != domain.RoleGM:
		return nil, domain.Forbidden("only the GM terminates a contract")
	case reason == "":
		return nil, ErrReasonRequired
	case ct.IsSigned() && legalOpinionRef == "":
		return nil, domain.InvalidField("legal_opinion_ref", "terminating a signed contract needs legal's opinion")
	}
	return []domain.Event{Terminated{ContractID: ct.ID, Reason: reason, LegalOpinionRef: legalOpinionRef,
		TerminatedBy: by.EmployeeID, TerminatedRole: by.Role, PreviousStatus: ct.Status, TerminatedAt: now}}, nil
}
