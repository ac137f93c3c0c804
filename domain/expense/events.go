package expense

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Drafted is recorded when a claimant drafts a claim (the application
// stating its purpose, §1.6), and again when they rework it.
type Drafted struct {
	ClaimID    string    `json:"claim_id"`
	ClaimantID string    `json:"claimant_id"`
	OrgUnitID  string    `json:"org_unit_id"`
	Purpose    string    `json:"purpose"`
	Items      []Item    `json:"items"`
	DraftedAt  time.Time `json:"drafted_at"`
}

// PriorApproved is recorded when the company manager approves a drafted
// claim in advance: the amount approved and the day (§5.12-prior).
type PriorApproved struct {
	ClaimID      string       `json:"claim_id"`
	ApproverID   string       `json:"approver_id"`
	ApproverRole domain.Role  `json:"approver_role"`
	Amount       domain.Money `json:"amount"`
	Day          string       `json:"day"`
	Comment      string       `json:"comment,omitempty"`
	ApprovedAt   time.Time    `json:"approved_at"`
}

// Submitted is recorded when the claimant submits the claim with its
// itemised list for signatures.
type Submitted struct {
	ClaimID     string       `json:"claim_id"`
	Total       domain.Money `json:"total"`
	SubmittedBy string       `json:"submitted_by"`
	SubmittedAt time.Time    `json:"submitted_at"`
}

// Signed is recorded for each signature; Complete is true on the
// signature that gives the claim the signatures it needs
// (§5.12-signatures).
type Signed struct {
	ClaimID    string      `json:"claim_id"`
	SignerID   string      `json:"signer_id"`
	SignerRole domain.Role `json:"signer_role"`
	Manager    bool        `json:"manager"`
	Complete   bool        `json:"complete"`
	SignedAt   time.Time   `json:"signed_at"`
}

// FinanceApproved is recorded when finance approves a signed claim for
// reimbursement (§5.12-finance).
type FinanceApproved struct {
	ClaimID    string       `json:"claim_id"`
	ApproverID string       `json:"approver_id"`
	Amount     domain.Money `json:"amount"`
	Comment    string       `json:"comment,omitempty"`
	ApprovedAt time.Time    `json:"approved_at"`
}

// Paid is recorded when finance pays the claimant what it approved.
type Paid struct {
	ClaimID    string       `json:"claim_id"`
	ClaimantID string       `json:"claimant_id"`
	Amount     domain.Money `json:"amount"`
	PaymentRef string       `json:"payment_ref"`
	PaidBy     string       `json:"paid_by"`
	PaidAt     time.Time    `json:"paid_at"`
}

// Returned is recorded when a signer or finance sends a claim back to the
// claimant for correction; its signatures no longer count.
type Returned struct {
	ClaimID      string      `json:"claim_id"`
	ReturnedBy   string      `json:"returned_by"`
	ReturnerRole domain.Role `json:"returner_role"`
	Reason       string      `json:"reason"`
	ReturnedAt   time.Time   `json:"returned_at"`
}

// Rejected is recorded when a claim is refused for good: its application
// by the company manager, or the claim by a signer or finance.
type Rejected struct {
	ClaimID      string      `json:"claim_id"`
	RejectedBy   string      `json:"rejected_by"`
	RejecterRole domain.Role `json:"rejecter_role"`
	Reason       string      `json:"reason"`
	RejectedAt   time.Time   `json:"rejected_at"`
}

// Events lists every event of the expense claim, for the codec.
func Events() []domain.Event {
	return []domain.Event{Drafted{}, PriorApproved{}, Submitted{}, Signed{}, FinanceApproved{}, Paid{}, Returned{}, Rejected{}}
}

func (Drafted) EventType() string         { return "expense.drafted" }
func (PriorApproved) EventType() string   { return "expense.prior_approved" }
func (Submitted) EventType() string       { return "expense.submitted" }
func (Signed) EventType() string          { return "expense.signed" }
func (FinanceApproved) EventType() string { return "expense.finance_approved" }
func (Paid) EventType() string            { return "expense.paid" }
func (Returned) EventType() string        { return "expense.returned" }
func (Rejected) EventType() string        { return "expense.rejected" }
