package quotation

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// CostingRecorded is recorded when the business engineer costs a draft:
// the unit cost of each product and the quote's cost on them, which the
// margin authority uses from then on (K7-costing).
type CostingRecorded struct {
	QuotationID string         `json:"quotation_id"`
	UnitCosts   []UnitCost     `json:"unit_costs"`
	Cost        domain.Money   `json:"cost"`
	Margin      domain.Percent `json:"margin"`
	Tier        Tier           `json:"tier"`
	CostingRef  string         `json:"costing_ref"`
	CostedBy    string         `json:"costed_by"`
	CostedAt    time.Time      `json:"costed_at"`
}

// PriceApproved is recorded when company leadership approves a costed
// quote's price (准价, K7-price).
type PriceApproved struct {
	QuotationID  string         `json:"quotation_id"`
	Price        domain.Money   `json:"price"`
	Cost         domain.Money   `json:"cost"`
	Margin       domain.Percent `json:"margin"`
	Comment      string         `json:"comment,omitempty"`
	ApproverID   string         `json:"approver_id"`
	ApproverRole domain.Role    `json:"approver_role"`
	ApprovedAt   time.Time      `json:"approved_at"`
}

func (CostingRecorded) EventType() string { return "quotation.costing_recorded" }
func (PriceApproved) EventType() string   { return "quotation.price_approved" }
