package quotation

import (
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Line is one product or service quoted: quantity, unit price and the unit
// cost basis from the business engineer's costing. A quote for a single
// product is a quote with one line.
type Line struct {
	Product   string       `json:"product"`
	Quantity  int64        `json:"quantity"`
	UnitPrice domain.Money `json:"unit_price"`
	UnitCost  domain.Money `json:"unit_cost"`
}

// CustomerFacts is what a quotation needs to know of the customer file
// (C6); the command layer loads the customer and fills it.
type CustomerFacts struct {
	Exists    bool
	Abandoned bool
}

// Draft is a quote as the rep prepares it.
type Draft struct {
	QuotationID      string
	CustomerID       string
	Type             Type
	Lines            []Line
	CostBasisRef     string // the costing document the cost basis comes from
	DemandAssessment string // the rep's judgement of the customer's demand capacity (C6)
	ValidUntil       time.Time
	Supersedes       string // an earlier quotation this one replaces, if any
}

// Draft prepares a quotation and computes its margin under reg. It refuses
// a customer without a file (C6) or abandoned, a missing demand assessment
// (C6), an unknown type, no lines, bad lines, and an existing quotation.
func (q Quotation) Draft(d Draft, facts CustomerFacts, reg Regulation, regulationVersion, by string, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(append(lineTexts(d.Lines), domain.Text("quotation_id", d.QuotationID), domain.Text("customer_id", d.CustomerID), domain.Text("cost_basis_ref", d.CostBasisRef), domain.Text("demand_assessment", d.DemandAssessment), domain.Text("supersedes", d.Supersedes))...); err != nil {
		return nil, err
	}
	if q.Exists() {
		return nil, ErrAlreadyExists
	}
	if err := d.validate(facts); err != nil {
		return nil, err
	}
	price, cost, err := totals(d.Lines)
	if err != nil {
		return nil, err
	}
	drafted := Drafted{
		QuotationID: d.QuotationID, CustomerID: d.CustomerID, Type: d.Type, Lines: d.Lines,
		Price: price, Cost: cost, CostBasisRef: d.CostBasisRef, DemandAssessment: d.DemandAssessment,
		ValidUntil: d.ValidUntil, Supersedes: d.Supersedes, DraftedBy: by, DraftedAt: at,
	}
	return []domain.Event{drafted, computed(d.QuotationID, price, cost, reg, regulationVersion, at)}, nil
}

func (d Draft) validate(facts CustomerFacts) error {
	switch {
	case strings.TrimSpace(d.QuotationID) == "":
		return domain.InvalidField("quotation_id", "is required")
	case strings.TrimSpace(d.CustomerID) == "":
		return domain.InvalidField("customer_id", "is required")
	case !facts.Exists:
		return ErrNoCustomerFile
	case facts.Abandoned:
		return ErrCustomerInactive
	case strings.TrimSpace(d.DemandAssessment) == "":
		return ErrNoDemandAssessed
	case !d.Type.Valid():
		return domain.InvalidField("type", "must be ORAL, WRITTEN_INITIAL, WRITTEN_SECOND or WRITTEN_FINAL")
	}
	return nil
}

// Revise replaces the lines of a draft and recomputes the margin under reg.
// It refuses any status but DRAFT, a missing reason and bad lines.
func (q Quotation) Revise(lines []Line, costBasisRef, reason string, reg Regulation, regulationVersion, by string, at time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(append(lineTexts(lines), domain.Text("cost_basis_ref", costBasisRef), domain.Text("reason", reason))...); err != nil {
		return nil, err
	}
	if !q.Exists() {
		return nil, ErrNotFound
	}
	if q.Status != StatusDraft {
		return nil, ErrWrongStatus
	}
	if strings.TrimSpace(reason) == "" {
		return nil, domain.InvalidField("reason", "is required")
	}
	price, cost, err := totals(lines)
	if err != nil {
		return nil, err
	}
	revised := Revised{QuotationID: q.ID, Lines: lines, Price: price, Cost: cost, CostBasisRef: costBasisRef, Reason: reason, RevisedBy: by, RevisedAt: at}
	return []domain.Event{revised, computed(q.ID, price, cost, reg, regulationVersion, at)}, nil
}

// totals sums the lines' prices and costs, refusing empty or malformed
// lines, mixed currencies and a total price that is not positive.
func totals(lines []Line) (price, cost domain.Money, err error) {
	if len(lines) == 0 {
		return price, cost, ErrNoLines
	}
	cur := currency(lines[0].UnitPrice)
	price, cost = domain.Money{Currency: cur}, domain.Money{Currency: cur}
	for _, l := range lines {
		if err := l.validate(cur); err != nil {
			return price, cost, err
		}
		p, err1 := l.UnitPrice.Times(l.Quantity)
		c, err2 := l.UnitCost.Times(l.Quantity)
		if price, err = addAll(price, p, err1); err != nil {
			return price, cost, err
		}
		if cost, err = addAll(cost, c, err2); err != nil {
			return price, cost, err
		}
	}
	if !price.IsPositive() {
		return price, cost, ErrZeroPrice
	}
	return price, cost, nil
}

func addAll(sum, m domain.Money, err error) (domain.Money, error) {
	if err != nil {
		return sum, err
	}
	return sum.Add(m)
}

func (l Line) validate(cur string) error {
	switch {
	case strings.TrimSpace(l.Product) == "":
		return domain.InvalidField("lines.product", "is required")
	case l.Quantity <= 0:
		return domain.InvalidField("lines.quantity", "must be positive")
	case l.UnitPrice.IsNegative():
		return domain.InvalidField("lines.unit_price", "must not be negative")
	case l.UnitCost.IsNegative():
		return domain.InvalidField("lines.unit_cost", "must not be negative")
	case currency(l.UnitPrice) != cur || currency(l.UnitCost) != cur:
		return ErrCurrencyMismatch
	}
	return nil
}

func computed(id string, price, cost domain.Money, reg Regulation, version string, at time.Time) MarginComputed {
	m := margin(price, cost)
	tier := reg.Tier(m)
	return MarginComputed{
		QuotationID: id, Price: price, Cost: cost, Margin: m.Percent(), Tier: tier,
		ApproverRole: tier.ApproverRole(), RegulationVersion: version, ComputedAt: at,
	}
}

// currency is m's currency, the default when it names none.
func currency(m domain.Money) string {
	if m.Currency == "" {
		return domain.DefaultCurrency
	}
	return m.Currency
}

// lineTexts are the texts of lines, named as the API names them.
func lineTexts(lines []Line) []domain.FieldText {
	texts := make([]domain.FieldText, len(lines))
	for i, l := range lines {
		texts[i] = domain.Text(domain.Indexed("lines", i)+".product", l.Product)
	}
	return texts
}
