package contract

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Review is what every approval, pass, failure and return records about the
// step (K2, §2.5-envelope): who decided, under which role, what, why, when.
// It is embedded, so its fields sit at the top level of the stored JSON.
type Review struct {
	ReviewerID   string      `json:"reviewer_id"`
	ReviewerRole domain.Role `json:"reviewer_role"`
	Decision     Decision    `json:"decision"`
	Comment      string      `json:"comment,omitempty"`
	At           time.Time   `json:"at"`
}

// Decision is the outcome of one review step.
type Decision string

// The decisions a review step records.
const (
	DecisionApproved Decision = "APPROVED"
	DecisionPassed   Decision = "PASSED"
	DecisionFailed   Decision = "FAILED"
	DecisionReturned Decision = "RETURNED"
)

// Drafted is recorded when a sales rep drafts a contract for a customer.
// MissingRecommendedClauses lists the recommended clauses (K5) left out: a
// warning, not a refusal.
type Drafted struct {
	ContractID                string       `json:"contract_id"`
	CustomerID                string       `json:"customer_id"`
	Terms                     Terms        `json:"terms"`
	DepositRequired           domain.Money `json:"deposit_required"`
	QuotationID               string       `json:"quotation_id,omitempty"`
	PriceLinked               bool         `json:"price_linked"`
	MissingRecommendedClauses []string     `json:"missing_recommended_clauses,omitempty"`
	DrafterID                 string       `json:"drafter_id"`
	DrafterRole               domain.Role  `json:"drafter_role"`
	DrafterOrgUnitID          string       `json:"drafter_org_unit_id,omitempty"`
	DraftedAt                 time.Time    `json:"drafted_at"`
}

// DraftRevised is recorded when the drafter revises a contract or amendment
// draft, typically after it was returned for revision. AmendmentID is empty
// for the contract itself.
type DraftRevised struct {
	ContractID                string      `json:"contract_id"`
	AmendmentID               string      `json:"amendment_id,omitempty"`
	Terms                     Terms       `json:"terms"`
	QuotationID               string      `json:"quotation_id,omitempty"`
	PriceLinked               bool        `json:"price_linked"`
	MissingRecommendedClauses []string    `json:"missing_recommended_clauses,omitempty"`
	RevisedBy                 string      `json:"revised_by"`
	RevisedByRole             domain.Role `json:"revised_by_role"`
	RevisedAt                 time.Time   `json:"revised_at"`
}

// PriceLinked is recorded when a draft's price is tied to an approved final
// quotation with the same price (K6).
type PriceLinked struct {
	ContractID  string       `json:"contract_id"`
	AmendmentID string       `json:"amendment_id,omitempty"`
	QuotationID string       `json:"quotation_id"`
	Price       domain.Money `json:"price"`
	LinkedBy    string       `json:"linked_by"`
	LinkedAt    time.Time    `json:"linked_at"`
}

// UnauthorisedQuotationDetected is recorded when a contract (or amendment)
// names a price that is not the price of an approved final quotation for
// its customer (K6). The draft is kept for the record, but
// it cannot be registered until its price is linked to an approved quote.
type UnauthorisedQuotationDetected struct {
	ContractID    string       `json:"contract_id"`
	AmendmentID   string       `json:"amendment_id,omitempty"`
	CustomerID    string       `json:"customer_id"`
	QuotationID   string       `json:"quotation_id,omitempty"`
	ContractPrice domain.Money `json:"contract_price"`
	QuotePrice    domain.Money `json:"quote_price"`
	Reason        string       `json:"reason"`
	DrafterID     string       `json:"drafter_id"`
	DetectedAt    time.Time    `json:"detected_at"`
}

// Registered is recorded when a draft is filed with the company (报公司登记备案),
// which starts (or restarts) the review chain.
type Registered struct {
	ContractID     string      `json:"contract_id"`
	AmendmentID    string      `json:"amendment_id,omitempty"`
	RegistrationNo string      `json:"registration_no"`
	DocumentHash   string      `json:"document_hash"`
	Documents      []string    `json:"documents,omitempty"`
	SubmittedBy    string      `json:"submitted_by"`
	SubmittedRole  domain.Role `json:"submitted_role"`
	RegisteredAt   time.Time   `json:"registered_at"`
}

// DeptHeadApproved is recorded when the drafter's department head approves
// a registered contract or amendment.
type DeptHeadApproved struct {
	ContractID  string `json:"contract_id"`
	AmendmentID string `json:"amendment_id,omitempty"`
	Review
}

// LegalReviewPassed is recorded when legal finds a contract or amendment
// lawful and compliant (K1).
type LegalReviewPassed struct {
	ContractID  string `json:"contract_id"`
	AmendmentID string `json:"amendment_id,omitempty"`
	Review
}

// LegalReviewFailed is recorded when legal fails a contract or amendment;
// the draft goes back to its drafter with the findings in Comment.
type LegalReviewFailed struct {
	ContractID  string `json:"contract_id"`
	AmendmentID string `json:"amendment_id,omitempty"`
	Review
}

// ApprovedByGM is recorded when the GM approves a legally cleared contract;
// it may then be signed.
type ApprovedByGM struct {
	ContractID string `json:"contract_id"`
	Review
}

// Returned is recorded when a reviewer sends a contract or amendment back to
// its drafter for revision. Stage is the state it was returned from.
type Returned struct {
	ContractID  string `json:"contract_id"`
	AmendmentID string `json:"amendment_id,omitempty"`
	Stage       Status `json:"stage"`
	Review
}

// Signed is recorded when a manager signs an approved contract in person at
// the company (K1–K3).
type Signed struct {
	ContractID        string       `json:"contract_id"`
	CustomerID        string       `json:"customer_id"`
	Value             domain.Money `json:"value"`
	SignerID          string       `json:"signer_id"`
	SignerRole        domain.Role  `json:"signer_role"`
	CustomerSignatory string       `json:"customer_signatory"`
	Place             string       `json:"place"`
	DocumentHash      string       `json:"document_hash"`
	SignedAt          time.Time    `json:"signed_at"`
}
