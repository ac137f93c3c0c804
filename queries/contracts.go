package queries

import (
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

// ErrContractNotFound is returned for a contract that does not exist.
var ErrContractNotFound = domain.NotFound("contract not found")

// ContractView is a contract with its review progress. Steps and
// Amendments are filled by Contract only.
type ContractView struct {
	ContractID            string          `db:"contract_id" json:"contract_id"`
	CustomerID            string          `db:"customer_id" json:"customer_id"`
	Status                string          `db:"status" json:"status"`
	Value                 MinorUnits      `db:"value_minor" json:"value"`
	Currency              string          `db:"currency" json:"currency"`
	DepositRequired       MinorUnits      `db:"deposit_required_minor" json:"deposit_required"`
	DepositReceived       MinorUnits      `db:"deposit_received_minor" json:"deposit_received"`
	QuotationID           string          `db:"quotation_id" json:"quotation_id,omitempty"`
	PriceLinked           bool            `db:"price_linked" json:"price_linked"`
	UnauthorisedQuotation bool            `db:"unauthorised_quotation" json:"unauthorised_quotation"`
	MissingClauses        []string        `db:"missing_recommended_clauses" json:"missing_recommended_clauses"`
	DrafterID             string          `db:"drafter_id" json:"drafter_id"`
	DrafterOrgUnitID      string          `db:"drafter_org_unit_id" json:"drafter_org_unit_id,omitempty"`
	RegistrationNo        string          `db:"registration_no" json:"registration_no,omitempty"`
	DeliveryDate          *Day            `db:"delivery_date" json:"delivery_date,omitempty"`
	SignerID              string          `db:"signer_id" json:"signer_id,omitempty"`
	SignerRole            string          `db:"signer_role" json:"signer_role,omitempty"`
	SignedAt              *time.Time      `db:"signed_at" json:"signed_at,omitempty"`
	OpenIssues            int             `db:"open_issues" json:"open_issues"`
	AmendmentID           string          `db:"amendment_id" json:"amendment_id,omitempty"`
	AmendmentStage        string          `db:"amendment_stage" json:"amendment_stage,omitempty"`
	TerminationReason     string          `db:"termination_reason" json:"termination_reason,omitempty"`
	DraftedAt             time.Time       `db:"drafted_at" json:"drafted_at"`
	EndedAt               *time.Time      `db:"ended_at" json:"ended_at,omitempty"`
	Version               int64           `db:"version" json:"version"`
	UpdatedAt             time.Time       `db:"updated_at" json:"updated_at"`
	Steps                 []ContractStep  `db:"-" json:"steps,omitempty"`
	Amendments            []AmendmentView `db:"-" json:"amendments,omitempty"`
}

// ContractStep is one step of a review chain: registration, department
// head, legal, GM or signature, of the contract or of an amendment.
type ContractStep struct {
	Seq         int64     `db:"seq" json:"seq"`
	AmendmentID string    `db:"amendment_id" json:"amendment_id,omitempty"`
	Step        string    `db:"step" json:"step"`
	ActorID     string    `db:"actor_id" json:"actor_id"`
	Role        string    `db:"role" json:"role"`
	Decision    string    `db:"decision" json:"decision"`
	Comment     string    `db:"comment" json:"comment,omitempty"`
	At          time.Time `db:"at" json:"at"`
}

// AmendmentView is an amendment of a signed contract. Status is a review
// stage (DRAFT … APPROVED), AMENDED once signed, WITHDRAWN or DROPPED.
type AmendmentView struct {
	AmendmentID string     `db:"amendment_id" json:"amendment_id"`
	Status      string     `db:"status" json:"status"`
	Reason      string     `db:"reason" json:"reason"`
	ValueBefore MinorUnits `db:"value_before_minor" json:"value_before"`
	ValueAfter  MinorUnits `db:"value_after_minor" json:"value_after"`
	Currency    string     `db:"currency" json:"currency"`
	PriceLinked bool       `db:"price_linked" json:"price_linked"`
	RequestedBy string     `db:"requested_by" json:"requested_by"`
	RequestedAt time.Time  `db:"requested_at" json:"requested_at"`
	DecidedAt   *time.Time `db:"decided_at" json:"decided_at,omitempty"`
	Version     int64      `db:"version" json:"version"`
	UpdatedAt   time.Time  `db:"updated_at" json:"updated_at"`
}

// ContractFilter selects contracts. Empty fields select everything.
type ContractFilter struct {
	CustomerID       string
	Status           contract.Status
	DrafterID        string
	DrafterOrgUnitID string
	UnauthorisedOnly bool
	AmendmentOpen    bool
	// Sort is -drafted_at (default), drafted_at, -updated_at or -value.
	Sort string
	// At, when set, lists the rows as they stood then (row versions).
	At Bitemporal
}
