package order

import (
	"fmt"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Prices are the unit prices the contract in force authorises (K6-order):
// the lines of the approved final quotation its price rests on,
// after amendments the amended price's quotation. The command layer loads
// them from the contract and quotation streams.
type Prices struct {
	// QuotationID is the quotation the contract in force rests on; empty
	// when it rests on none, and then no price is authorised.
	QuotationID string
	Lines       []QuotedPrice
}

// QuotedPrice is one line of the approved final quotation: a product and
// its unit price.
type QuotedPrice struct {
	Product   string
	UnitPrice domain.Money
}

// unauthorisedPrice returns why lines are not all at prices p authorises,
// or "" when every line is. A quoted line covers an order line when its
// product names the line's product: the product name, possibly followed
// by the start of the model/spec up to a space ("pump", "pump P-7" and
// "pump P-7 / 2 kW" all cover "pump" "P-7 / 2 kW", "pump P-70" does not),
// compared without regard to case or spacing; and the unit prices are
// equal to the fen. When a product is quoted at several prices (a price
// differentiated by volume), any of them is authorised.
func unauthorisedPrice(lines []Line, p Prices) string {
	if p.QuotationID == "" {
		return "the contract in force rests on no approved final quotation"
	}
	for i, l := range lines {
		quoted, found := false, false
		for _, q := range p.Lines {
			if !l.namedBy(q.Product) {
				continue
			}
			found = true
			if q.UnitPrice.Equal(l.UnitPrice) {
				quoted = true
				break
			}
		}
		switch {
		case !found:
			return fmt.Sprintf("%s: %s is not quoted in approved final quotation %s", field(i, "product_name"), l.ProductName, p.QuotationID)
		case !quoted:
			return fmt.Sprintf("%s: %s is not the approved price of %s in quotation %s", field(i, "unit_price"), l.UnitPrice.Decimal(), l.ProductName, p.QuotationID)
		}
	}
	return ""
}

// namedBy reports whether a quoted product names the line's product: the
// line's product name and model/spec start with it, whole words only.
func (l Line) namedBy(product string) bool {
	quoted, name := normalName(product), normalName(l.ProductName)
	full := normalName(l.ProductName + " " + l.ModelSpec)
	return quoted != "" && strings.HasPrefix(quoted, name) && (full == quoted || strings.HasPrefix(full, quoted+" "))
}

func normalName(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// detected is the UnauthorisedQuotationDetected event of lines that reason
// says are not at an approved price.
func detected(orderID, contractID, customerID, changeID, reason string, p Prices, by string, now time.Time) UnauthorisedQuotationDetected {
	return UnauthorisedQuotationDetected{
		OrderID: orderID, ContractID: contractID, CustomerID: customerID, ChangeID: changeID,
		QuotationID: p.QuotationID, Reason: reason, DetectedBy: by, DetectedAt: now,
	}
}

// RecheckPrices records UnauthorisedQuotationDetected when the order's
// lines are not at prices p authorises and nothing recorded that yet. The
// command layer calls it after an order decision, with the prices of the
// contract read again once its events were appended: an amendment that
// changed the price in force while the decision was taken (a race no
// single-stream append can see) is then recorded, never left silent.
func (o Order) RecheckPrices(p Prices, by string, now time.Time) []domain.Event {
	if !o.Exists() || o.PriceUnauthorised {
		return nil
	}
	reason := unauthorisedPrice(o.Lines, p)
	if reason == "" {
		return nil
	}
	return []domain.Event{detected(o.ID, o.ContractID, o.CustomerID, "", "the contract's price changed as the order was decided: "+reason, p, by, now)}
}

// PriceAuthorised reports whether the order's lines are at prices p
// authorises.
func (o Order) PriceAuthorised(p Prices) bool { return unauthorisedPrice(o.Lines, p) == "" }
