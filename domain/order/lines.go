package order

import (
	"fmt"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Line is one item of concrete supply (O1): what, which model, how many, at
// what unit price, when and where to deliver.
type Line struct {
	ProductName     string       `json:"product_name"`
	ModelSpec       string       `json:"model_spec"`
	Quantity        int64        `json:"quantity"`
	UnitPrice       domain.Money `json:"unit_price"`
	DeliveryTime    time.Time    `json:"delivery_time"`
	DeliveryAddress string       `json:"delivery_address"`
}

// validateLines checks O1 on every line and returns the order total. Errors
// name the offending field and line, e.g. "lines[1].delivery_address".
func validateLines(lines []Line) (domain.Money, error) {
	if len(lines) == 0 {
		return domain.Money{}, ErrNoLines
	}
	var total domain.Money
	for i, l := range lines {
		if err := l.validate(i); err != nil {
			return domain.Money{}, err
		}
		amount, err := l.UnitPrice.Times(l.Quantity)
		if err != nil {
			return domain.Money{}, domain.InvalidField(field(i, "quantity"), err.Error())
		}
		if i == 0 {
			total = amount
		} else if total, err = total.Add(amount); err != nil {
			return domain.Money{}, domain.InvalidField(field(i, "unit_price"), err.Error())
		}
	}
	return total, nil
}

func (l Line) validate(i int) error {
	switch {
	case strings.TrimSpace(l.ProductName) == "":
		return domain.InvalidField(field(i, "product_name"), "O1: required")
	case strings.TrimSpace(l.ModelSpec) == "":
		return domain.InvalidField(field(i, "model_spec"), "O1: required")
	case l.Quantity <= 0:
		return domain.InvalidField(field(i, "quantity"), "O1: must be positive")
	case !l.UnitPrice.IsPositive():
		return domain.InvalidField(field(i, "unit_price"), "O1: must be positive")
	case l.DeliveryTime.IsZero():
		return domain.InvalidField(field(i, "delivery_time"), "O1: required")
	case strings.TrimSpace(l.DeliveryAddress) == "":
		return domain.InvalidField(field(i, "delivery_address"), "O1: required")
	}
	return nil
}

func field(i int, name string) string { return fmt.Sprintf("lines[%d].%s", i, name) }

// withinContract checks the L price rule as far as the contract facts
// allow: the order is priced in the contract's currency and its total does
// not exceed the contract value. Each line's unit price is checked against
// the approved final quotation separately (K6, see unauthorisedPrice).
func withinContract(total domain.Money, c ContractFacts, exceeded error) error {
	if c.Value.IsZero() {
		return nil // a framework contract without a stated value
	}
	left, err := c.Value.Sub(total)
	if err != nil {
		return ErrCurrencyMismatch
	}
	if left.IsNegative() {
		return exceeded
	}
	return nil
}

// dueAt is the earliest delivery time of the lines: the order is late once
// any line is.
func dueAt(lines []Line) time.Time {
	var due time.Time
	for _, l := range lines {
		if due.IsZero() || l.DeliveryTime.Before(due) {
			due = l.DeliveryTime
		}
	}
	return due
}

// lineTexts are the texts of lines, named as the API names them.
func lineTexts(lines []Line) []domain.FieldText {
	var texts []domain.FieldText
	for i, l := range lines {
		texts = append(texts, domain.Text(field(i, "product_name"), l.ProductName),
			domain.Text(field(i, "model_spec"), l.ModelSpec), domain.Text(field(i, "delivery_address"), l.DeliveryAddress))
	}
	return texts
}
