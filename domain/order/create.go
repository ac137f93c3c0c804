package order

import (
	"slices"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// ContractFacts is what an order decision needs to know about the contract
// it references, loaded by the command layer from the contract stream.
type ContractFacts struct {
	ContractID string
	CustomerID string
	// Found is false when the contract stream does not exist.
	Found bool
	// Signed is true for a SIGNED or IN_EXECUTION contract.
	Signed bool
	// DepositSatisfied is true when no deposit is required or it was
	// received in full (O6).
	DepositSatisfied bool
	Value            domain.Money
	// Prices are the unit prices the contract in force authorises (K6-order).
	Prices Prices
}

// Draft is the content of a new order.
type Draft struct {
	OrderID string
	// CustomerID is optional; when given it must be the contract's.
	CustomerID string
	Kind       Kind
	Lines      []Line
	CreatedBy  string
}

// Create decides whether a new order may be created (O1, O8,
// §2.3.3-contract). It refuses an existing order (ErrAlreadyExists), lines
// missing any O1 field, an unknown or unsigned contract (design (a)), a
// customer without a file (O8), and a total above the contract value.
// Lines at a unit price the contract's approved final quotation does not
// give are recorded with UnauthorisedQuotationDetected (K6-order): the order
// exists as a draft that cannot be confirmed until changed.
func (o Order) Create(d Draft, c ContractFacts, customerExists bool, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(append(lineTexts(d.Lines), domain.Text("order_id", d.OrderID), domain.Text("contract_id", c.ContractID), domain.Text("customer_id", d.CustomerID))...); err != nil {
		return nil, err
	}
	if o.Exists() {
		return nil, ErrAlreadyExists
	}
	if strings.TrimSpace(d.OrderID) == "" {
		return nil, domain.InvalidField("order_id", "required")
	}
	kind := d.Kind
	switch kind {
	case "":
		kind = KindGoods
	case KindGoods, KindProject:
	default:
		return nil, domain.InvalidField("kind", "must be GOODS or PROJECT")
	}
	total, err := validateLines(d.Lines)
	if err != nil {
		return nil, err
	}
	if err := checkContract(d, c, customerExists); err != nil {
		return nil, err
	}
	if err := withinContract(total, c, ErrExceedsContract); err != nil {
		return nil, err
	}
	events := []domain.Event{Created{
		OrderID: d.OrderID, ContractID: c.ContractID, CustomerID: c.CustomerID, Kind: kind,
		Lines: slices.Clone(d.Lines), Total: total, CreatedBy: d.CreatedBy, CreatedAt: now,
	}}
	if reason := unauthorisedPrice(d.Lines, c.Prices); reason != "" {
		events = append(events, detected(d.OrderID, c.ContractID, c.CustomerID, "", reason, c.Prices, d.CreatedBy, now))
	}
	return events, nil
}

func checkContract(d Draft, c ContractFacts, customerExists bool) error {
	switch {
	case strings.TrimSpace(c.ContractID) == "":
		return domain.InvalidField("contract_id", "required")
	case !c.Found:
		return ErrContractNotFound
	case !c.Signed:
		return ErrContractNotSigned
	case d.CustomerID != "" && d.CustomerID != c.CustomerID:
		return ErrCustomerMismatch
	case c.CustomerID == "" || !customerExists:
		return ErrCustomerNotFound
	}
	return nil
}

// Confirm records the customer's confirmation of a draft order. It
// refuses a missing confirmation reference, a contract no longer signed,
// a contract whose required deposit is not in (O6), and lines at a unit
// price the contract in force does not authorise (K6: an unauthorised
// draft, or one an amendment overtook). Confirming again with the same
// reference is a no-op.
func (o Order) Confirm(customerConfirmationRef string, c ContractFacts, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("customer_confirmation_ref", customerConfirmationRef)); err != nil {
		return nil, err
	}
	ref := strings.TrimSpace(customerConfirmationRef)
	if o.Status == StatusConfirmed && o.ConfirmationRef == ref {
		return nil, nil
	}
	if o.Status != StatusDraft {
		return nil, o.wrongState("confirm")
	}
	if ref == "" {
		return nil, domain.InvalidField("customer_confirmation_ref", "the customer's confirmation is required")
	}
	if !c.Found || !c.Signed {
		return nil, ErrContractNotSigned
	}
	if !c.DepositSatisfied {
		return nil, ErrDepositMissing
	}
	if !o.PriceAuthorised(c.Prices) {
		return nil, ErrPriceUnauthorised
	}
	return []domain.Event{Confirmed{
		OrderID: o.ID, CustomerConfirmationRef: ref, ConfirmedBy: by, ConfirmedAt: now,
	}}, nil
}
