package quotation

import (
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// UnitCost is the business engineer's cost of one unit of a product.
type UnitCost struct {
	Product  string       `json:"product"`
	UnitCost domain.Money `json:"unit_cost"`
}

// Costing is the business engineer's cost accounting (成本核算) of a
// quote: the unit cost of each product it quotes and the costing
// document it rests on (K7-costing).
type Costing struct {
	CostingRef string
	UnitCosts  []UnitCost
}

// RecordCosting records the business engineer's costing of a draft and
// recomputes the margin on its cost under reg: from then on the margin
// authority (K7) decides on the engineer's cost, never on the unit costs
// the rep typed. It refuses a quote that is not a draft, a costing
// without its document, a product of the quote left uncosted, a negative
// or other-currency cost, and the drafter costing their own quote.
func (q Quotation) RecordCosting(c Costing, engineerID string, reg Regulation, regulationVersion string, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(append(costTexts(c.UnitCosts), domain.Text("costing_ref", c.CostingRef))...); err != nil {
		return nil, err
	}
	if err := q.inDraft(); err != nil {
		return nil, err
	}
	if engineerID == q.DraftedBy {
		return nil, ErrSelfCosting
	}
	if strings.TrimSpace(c.CostingRef) == "" {
		return nil, domain.InvalidField("costing_ref", "names the costing document and is required")
	}
	cost, err := q.costOf(c.UnitCosts)
	if err != nil {
		return nil, err
	}
	margin := computed(q.ID, q.Price, cost, reg, regulationVersion, at)
	recorded := CostingRecorded{QuotationID: q.ID, UnitCosts: c.UnitCosts, Cost: cost, Margin: margin.Margin, Tier: margin.Tier,
		CostingRef: c.CostingRef, CostedBy: engineerID, CostedAt: at}
	return []domain.Event{recorded, margin}, nil
}

// ApprovePrice records leadership's approved price (准价) for a costed
// draft: the price as it stands, on the engineer's cost. A final quote
// needs it before it is submitted or issued (K7-price). It refuses an
// uncosted quote, a quote that is not a draft and the drafter; approving
// the price again records nothing.
func (q Quotation) ApprovePrice(approverID string, role domain.Role, comment string, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("comment", comment)); err != nil {
		return nil, err
	}
	if err := q.inDraft(); err != nil {
		return nil, err
	}
	switch {
	case approverID == q.DraftedBy:
		return nil, ErrSelfApproval
	case !q.Costed:
		return nil, ErrNotCosted
	case q.PriceApproved:
		return nil, nil
	}
	return []domain.Event{PriceApproved{
		QuotationID: q.ID, Price: q.Price, Cost: q.Cost, Margin: q.MarginRatio().Percent(), Comment: comment,
		ApproverID: approverID, ApproverRole: role, ApprovedAt: at,
	}}, nil
}

// readyForAuthority refuses a concrete quote the margin authority cannot
// decide on yet: one without the engineer's costing (K7-costing), and a
// final quote whose price leadership has not approved (K7-price).
func (q Quotation) readyForAuthority() error {
	switch {
	case !q.Type.Concrete():
		return nil
	case !q.Costed:
		return ErrNotCosted
	case q.Type == TypeWrittenFinal && !q.PriceApproved:
		return ErrPriceNotApproved
	}
	return nil
}

func (q Quotation) inDraft() error {
	switch {
	case !q.Exists():
		return ErrNotFound
	case q.Status != StatusDraft:
		return ErrWrongStatus
	}
	return nil
}

// costOf is the cost of the quote's lines at the engineer's unit costs.
func (q Quotation) costOf(costs []UnitCost) (domain.Money, error) {
	byProduct := make(map[string]domain.Money, len(costs))
	cur := currency(q.Price)
	for i, c := range costs {
		field := domain.Indexed("unit_costs", i)
		switch {
		case strings.TrimSpace(c.Product) == "":
			return domain.Money{}, domain.InvalidField(field+".product", "is required")
		case c.UnitCost.IsNegative():
			return domain.Money{}, domain.InvalidField(field+".unit_cost", "must not be negative")
		case currency(c.UnitCost) != cur:
			return domain.Money{}, ErrCurrencyMismatch
		}
		byProduct[c.Product] = c.UnitCost
	}
	total := domain.Money{Currency: cur}
	for _, l := range q.Lines {
		unit, ok := byProduct[l.Product]
		if !ok {
			return domain.Money{}, domain.InvalidField("unit_costs", "costs no unit of "+l.Product+": every product quoted needs its cost")
		}
		c, err := unit.Times(l.Quantity)
		if total, err = addAll(total, c, err); err != nil {
			return domain.Money{}, err
		}
	}
	return total, nil
}

// costTexts are the texts of unit costs, named as the API names them.
func costTexts(costs []UnitCost) []domain.FieldText {
	texts := make([]domain.FieldText, len(costs))
	for i, c := range costs {
		texts[i] = domain.Text(domain.Indexed("unit_costs", i)+".product", c.Product)
	}
	return texts
}
