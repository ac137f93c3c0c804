package quotation

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Drafted is recorded when a quote is prepared for a customer whose file
// exists, with the rep's demand-capacity assessment (C6).
type Drafted struct {
	QuotationID      string       `json:"quotation_id"`
	CustomerID       string       `json:"customer_id"`
	Type             Type         `json:"type"`
	Lines            []Line       `json:"lines"`
	Price            domain.Money `json:"price"`
	Cost             domain.Money `json:"cost"`
	CostBasisRef     string       `json:"cost_basis_ref,omitempty"`
	DemandAssessment string       `json:"demand_assessment"`
	ValidUntil       time.Time    `json:"valid_until,omitzero"`
	Supersedes       string       `json:"supersedes,omitempty"`
	DraftedBy        string       `json:"drafted_by"`
	DraftedAt        time.Time    `json:"drafted_at"`
}

// Revised is recorded when a draft's lines change (e.g. after an approver
// returned it).
type Revised struct {
	QuotationID  string       `json:"quotation_id"`
	Lines        []Line       `json:"lines"`
	Price        domain.Money `json:"price"`
	Cost         domain.Money `json:"cost"`
	CostBasisRef string       `json:"cost_basis_ref,omitempty"`
	Reason       string       `json:"reason"`
	RevisedBy    string       `json:"revised_by"`
	RevisedAt    time.Time    `json:"revised_at"`
}

// MarginComputed is recorded whenever the price or cost basis is set: the
// gross margin (truncated to 0.01%), its K7 tier and the approver role it
// needs under the regulation version applied. Its RegulationVersion, like
// that of every quotation event, keeps the JSON key "policy_version": events
// already stored carry that key.
type MarginComputed struct {
	QuotationID       string         `json:"quotation_id"`
	Price             domain.Money   `json:"price"`
	Cost              domain.Money   `json:"cost"`
	Margin            domain.Percent `json:"margin"`
	Tier              Tier           `json:"tier"`
	ApproverRole      domain.Role    `json:"approver_role"`
	RegulationVersion string         `json:"policy_version"`
	ComputedAt        time.Time      `json:"computed_at"`
}

// ApprovalRequested is recorded when a concrete quote is submitted to the
// approver its margin needs (K7).
type ApprovalRequested struct {
	QuotationID       string         `json:"quotation_id"`
	RequiredRole      domain.Role    `json:"required_role"`
	Margin            domain.Percent `json:"margin"`
	Tier              Tier           `json:"tier"`
	RegulationVersion string         `json:"policy_version"`
	RequestedBy       string         `json:"requested_by"`
	RequestedAt       time.Time      `json:"requested_at"`
}

// Approved is recorded when an approver of sufficient authority approves
// the quote; Retro marks the after-the-fact approval of a quote the rep
// issued under their own authority.
type Approved struct {
	QuotationID       string         `json:"quotation_id"`
	ApproverID        string         `json:"approver_id"`
	ApproverRole      domain.Role    `json:"approver_role"`
	Comment           string         `json:"comment,omitempty"`
	Margin            domain.Percent `json:"margin"`
	Tier              Tier           `json:"tier"`
	RegulationVersion string         `json:"policy_version"`
	Retro             bool           `json:"retro"`
	ApprovedAt        time.Time      `json:"approved_at"`
}

// Rejected is recorded when an approver refuses the quote: a pending quote
// returns to DRAFT; a refused retro approval leaves the issued quote
// marked (the rep is liable, K6).
type Rejected struct {
	QuotationID       string         `json:"quotation_id"`
	ApproverID        string         `json:"approver_id"`
	ApproverRole      domain.Role    `json:"approver_role"`
	Reason            string         `json:"reason"`
	Margin            domain.Percent `json:"margin"`
	Tier              Tier           `json:"tier"`
	RegulationVersion string         `json:"policy_version"`
	Retro             bool           `json:"retro"`
	RejectedAt        time.Time      `json:"rejected_at"`
}

// Issued is recorded when the quote is given to the customer: an oral or
// initial quote at once, a concrete one after approval.
type Issued struct {
	QuotationID string       `json:"quotation_id"`
	Type        Type         `json:"type"`
	Price       domain.Money `json:"price"`
	IssuedBy    string       `json:"issued_by"`
	IssuedAt    time.Time    `json:"issued_at"`
}

// IssuedUnderRepAuthority is recorded when a rep issues a concrete quote
// with a margin at or above the rep-authority threshold without prior
// approval; the approval is still owed (K7).
type IssuedUnderRepAuthority struct {
	QuotationID          string         `json:"quotation_id"`
	Type                 Type           `json:"type"`
	Price                domain.Money   `json:"price"`
	Margin               domain.Percent `json:"margin"`
	RegulationVersion    string         `json:"policy_version"`
	RetroApprovalPending bool           `json:"retro_approval_pending"`
	IssuedBy             string         `json:"issued_by"`
	IssuedAt             time.Time      `json:"issued_at"`
}

// AcceptedByCustomer is recorded when the customer accepts an issued quote.
type AcceptedByCustomer struct {
	QuotationID string    `json:"quotation_id"`
	RecordedBy  string    `json:"recorded_by"`
	AcceptedAt  time.Time `json:"accepted_at"`
}

// RejectedByCustomer is recorded when the customer turns an issued quote
// down.
type RejectedByCustomer struct {
	QuotationID string    `json:"quotation_id"`
	Reason      string    `json:"reason"`
	RecordedBy  string    `json:"recorded_by"`
	RejectedAt  time.Time `json:"rejected_at"`
}

// Superseded is recorded when a newer quote replaces this one.
type Superseded struct {
	QuotationID  string    `json:"quotation_id"`
	SupersededBy string    `json:"superseded_by"`
	RecordedBy   string    `json:"recorded_by"`
	SupersededAt time.Time `json:"superseded_at"`
}

// Expired is recorded when an open quote lapses.
type Expired struct {
	QuotationID string    `json:"quotation_id"`
	ExpiredAt   time.Time `json:"expired_at"`
}

// Events lists every event of the quotation aggregate, for the codec.
func Events() []domain.Event {
	return []domain.Event{
		Drafted{}, Revised{}, MarginComputed{}, ApprovalRequested{}, Approved{}, Rejected{},
		Issued{}, IssuedUnderRepAuthority{}, AcceptedByCustomer{}, RejectedByCustomer{},
		Superseded{}, Expired{}, CostingRecorded{}, PriceApproved{},
	}
}

func (Drafted) EventType() string                 { return "quotation.drafted" }
func (Revised) EventType() string                 { return "quotation.revised" }
func (MarginComputed) EventType() string          { return "quotation.margin_computed" }
func (ApprovalRequested) EventType() string       { return "quotation.approval_requested" }
func (Approved) EventType() string                { return "quotation.approved" }
func (Rejected) EventType() string                { return "quotation.rejected" }
func (Issued) EventType() string                  { return "quotation.issued" }
func (IssuedUnderRepAuthority) EventType() string { return "quotation.issued_under_rep_authority" }
func (AcceptedByCustomer) EventType() string      { return "quotation.accepted_by_customer" }
func (RejectedByCustomer) EventType() string      { return "quotation.rejected_by_customer" }
func (Superseded) EventType() string              { return "quotation.superseded" }
func (Expired) EventType() string                 { return "quotation.expired" }
