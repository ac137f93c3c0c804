package contract

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// DepositReceived is recorded when finance receives (part of) the deposit or
// prepayment a signed contract requires (K8).
type DepositReceived struct {
	ContractID string       `json:"contract_id"`
	Amount     domain.Money `json:"amount"`
	Reference  string       `json:"reference,omitempty"`
	RecordedBy string       `json:"recorded_by"`
	ReceivedAt time.Time    `json:"received_at"`
}

// ExecutionStarted is recorded when a signed contract, its deposit received
// where required, goes into execution.
type ExecutionStarted struct {
	ContractID string    `json:"contract_id"`
	StartedBy  string    `json:"started_by"`
	StartedAt  time.Time `json:"started_at"`
}

// ExecutionIssueRaised is recorded when a problem in execution (a changed
// requirement, a delivery delay …) is logged for tracking (K9).
type ExecutionIssueRaised struct {
	ContractID  string    `json:"contract_id"`
	IssueID     string    `json:"issue_id"`
	Type        IssueType `json:"type"`
	Description string    `json:"description"`
	RaisedBy    string    `json:"raised_by"`
	RaisedAt    time.Time `json:"raised_at"`
}

// ExecutionIssueResolved is recorded when a tracked execution issue is
// resolved.
type ExecutionIssueResolved struct {
	ContractID string    `json:"contract_id"`
	IssueID    string    `json:"issue_id"`
	Resolution string    `json:"resolution"`
	ResolvedBy string    `json:"resolved_by"`
	ResolvedAt time.Time `json:"resolved_at"`
}

// AmendmentRequested is recorded when a change to a signed contract is
// drafted. It takes effect only after the full review chain and a manager's
// signature (Amended).
type AmendmentRequested struct {
	ContractID                string      `json:"contract_id"`
	AmendmentID               string      `json:"amendment_id"`
	Terms                     Terms       `json:"terms"`
	Reason                    string      `json:"reason"`
	QuotationID               string      `json:"quotation_id,omitempty"`
	PriceLinked               bool        `json:"price_linked"`
	MissingRecommendedClauses []string    `json:"missing_recommended_clauses,omitempty"`
	RequestedBy               string      `json:"requested_by"`
	RequestedRole             domain.Role `json:"requested_role"`
	RequestedByOrgUnitID      string      `json:"requested_by_org_unit_id,omitempty"`
	RequestedAt               time.Time   `json:"requested_at"`
}

// AmendmentApproved is recorded when the GM approves a legally cleared
// amendment; it may then be signed and applied.
type AmendmentApproved struct {
	ContractID  string `json:"contract_id"`
	AmendmentID string `json:"amendment_id"`
	Review
}

// AmendmentWithdrawn is recorded when the requester drops an amendment that
// has not taken effect.
type AmendmentWithdrawn struct {
	ContractID  string    `json:"contract_id"`
	AmendmentID string    `json:"amendment_id"`
	Reason      string    `json:"reason"`
	WithdrawnBy string    `json:"withdrawn_by"`
	WithdrawnAt time.Time `json:"withdrawn_at"`
}

// Amended is recorded when a manager signs an approved amendment at the
// company and its terms replace the contract's.
type Amended struct {
	ContractID   string      `json:"contract_id"`
	AmendmentID  string      `json:"amendment_id"`
	Before       Terms       `json:"before"`
	After        Terms       `json:"after"`
	SignerID     string      `json:"signer_id"`
	SignerRole   domain.Role `json:"signer_role"`
	Place        string      `json:"place"`
	DocumentHash string      `json:"document_hash"`
	AmendedAt    time.Time   `json:"amended_at"`
}

// Completed is recorded when a contract in execution is fully paid with no
// open execution issue.
type Completed struct {
	ContractID  string    `json:"contract_id"`
	CompletedBy string    `json:"completed_by"`
	CompletedAt time.Time `json:"completed_at"`
}

// CustomerFeedbackRecorded is recorded when the rep collects the customer's
// feedback on a completed contract.
type CustomerFeedbackRecorded struct {
	ContractID string    `json:"contract_id"`
	Feedback   string    `json:"feedback"`
	Satisfied  bool      `json:"satisfied"`
	RecordedBy string    `json:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at"`
}

// Closed is recorded when a completed contract whose feedback was collected
// is closed for good.
type Closed struct {
	ContractID string    `json:"contract_id"`
	ClosedBy   string    `json:"closed_by"`
	ClosedAt   time.Time `json:"closed_at"`
}

// Terminated is recorded when the GM ends a contract before completion.
type Terminated struct {
	ContractID      string      `json:"contract_id"`
	Reason          string      `json:"reason"`
	LegalOpinionRef string      `json:"legal_opinion_ref,omitempty"`
	TerminatedBy    string      `json:"terminated_by"`
	TerminatedRole  domain.Role `json:"terminated_role"`
	PreviousStatus  Status      `json:"previous_status"`
	TerminatedAt    time.Time   `json:"terminated_at"`
}
