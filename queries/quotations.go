package queries

import (
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/quotation"
)

// ErrQuotationNotFound is returned for a quotation that does not exist.
var ErrQuotationNotFound = domain.NotFound("quotation not found")

// QuotationView is a quotation with its margin, its K7 tier and the role
// that must approve it. Steps is filled by Quotation only.
// RegulationVersion, here and in QuotationStep, keeps the column and JSON
// key "policy_version": rows already stored and API clients carry that key.
type QuotationView struct {
	QuotationID          string          `db:"quotation_id" json:"quotation_id"`
	CustomerID           string          `db:"customer_id" json:"customer_id"`
	Type                 string          `db:"type" json:"type"`
	Status               string          `db:"status" json:"status"`
	Price                MinorUnits      `db:"price_minor" json:"price"`
	Cost                 MinorUnits      `db:"cost_minor" json:"cost"`
	Currency             string          `db:"currency" json:"currency"`
	Margin               domain.Percent  `db:"margin" json:"margin"`
	Tier                 string          `db:"tier" json:"tier,omitempty"`
	ApproverRole         string          `db:"approver_role" json:"approver_role,omitempty"`
	RegulationVersion    string          `db:"policy_version" json:"policy_version,omitempty"`
	RetroApprovalPending bool            `db:"retro_approval_pending" json:"retro_approval_pending"`
	RetroRejected        bool            `db:"retro_rejected" json:"retro_rejected"`
	DraftedBy            string          `db:"drafted_by" json:"drafted_by"`
	ValidUntil           *time.Time      `db:"valid_until" json:"valid_until,omitempty"`
	Supersedes           string          `db:"supersedes" json:"supersedes,omitempty"`
	SupersededBy         string          `db:"superseded_by" json:"superseded_by,omitempty"`
	DraftedAt            time.Time       `db:"drafted_at" json:"drafted_at"`
	IssuedAt             *time.Time      `db:"issued_at" json:"issued_at,omitempty"`
	Version              int64           `db:"version" json:"version"`
	UpdatedAt            time.Time       `db:"updated_at" json:"updated_at"`
	Steps                []QuotationStep `db:"-" json:"steps,omitempty"`
}

// QuotationStep is one approval request or decision on a quotation.
// Action is COSTED (the business engineer's costing, its document in
// Comment), PRICE_APPROVED (leadership's approved price), REQUESTED,
// APPROVED or REJECTED; Retro marks the after-the-fact decision on a
// quote issued under the rep's authority.
type QuotationStep struct {
	Seq               int64          `db:"seq" json:"seq"`
	Action            string         `db:"action" json:"action"`
	ActorID           string         `db:"actor_id" json:"actor_id"`
	Role              string         `db:"role" json:"role"`
	Margin            domain.Percent `db:"margin" json:"margin"`
	Tier              string         `db:"tier" json:"tier"`
	RegulationVersion string         `db:"policy_version" json:"policy_version,omitempty"`
	Retro             bool           `db:"retro" json:"retro"`
	Comment           string         `db:"comment" json:"comment,omitempty"`
	At                time.Time      `db:"at" json:"at"`
}

// QuotationFilter selects quotations. Empty fields select everything.
type QuotationFilter struct {
	CustomerID       string
	Status           quotation.Status
	Tier             quotation.Tier
	ApproverRole     domain.Role
	DraftedBy        string
	RetroPendingOnly bool
	// Sort is -drafted_at (default), drafted_at, -updated_at or margin.
	Sort string
}
