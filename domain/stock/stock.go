// Package stock holds the branch's goods (§3.10): the stock of one product
// at one branch (Item), the transfers between branches (Transfer), the
// branch warehouse's replenishment requests to headquarters
// (Replenishment) and the rep's materials request form (MaterialsRequest).
//
// Rules (docs/RULES.md):
//   - §3.10-never-negative: nothing leaves a branch's stock that its
//     available quantity (on hand less what is reserved for orders) does
//     not cover.
//   - §3.10-transfer: a transfer is requested by the receiving branch,
//     approved by the sending one, shipped out of the sender's book and
//     received into the receiver's, in that order.
//   - §3.10-replenishment: a request to headquarters stays open until the
//     goods received against it cover it.
//   - §3.10-materials: valuable items on a materials request are issued
//     only after the branch manager's signature.
//   - §3.10-shipment: scheduling an order's shipment reserves its lines
//     from the shipping branch's stock.
package stock

import (
	"strings"

	"github.com/opsledger/opsledger/domain"
)

// Product names what a stock item holds: the product name and model/spec
// of an order line (O1). Two products are the same when both agree,
// case and runs of spaces ignored.
type Product struct {
	Name      string `json:"product_name"`
	ModelSpec string `json:"model_spec"`
}

// Key is the product's canonical form: lower case, single spaces.
func (p Product) Key() string { return canonical(p.Name) + "|" + canonical(p.ModelSpec) }

func canonical(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func (p Product) validate(at string) error {
	if strings.TrimSpace(p.Name) == "" {
		return domain.InvalidField(at+"product_name", "required")
	}
	if strings.TrimSpace(p.ModelSpec) == "" {
		return domain.InvalidField(at+"model_spec", "required")
	}
	return domain.CheckTexts(domain.Text(at+"product_name", p.Name), domain.Text(at+"model_spec", p.ModelSpec))
}

// ItemStreamPrefix begins the stream of every stock item.
const ItemStreamPrefix = "stock-"

// ItemStream returns the stream of the stock of product at branch.
func ItemStream(branchID string, p Product) string {
	return ItemStreamPrefix + branchID + "|" + p.Key()
}

// validBranch refuses an empty branch id and one holding the separator
// of item stream names.
func validBranch(field, id string) error {
	if strings.TrimSpace(id) == "" {
		return domain.InvalidField(field, "required")
	}
	if strings.Contains(id, "|") {
		return domain.InvalidField(field, "must not contain '|'")
	}
	return domain.CheckTexts(domain.Text(field, id))
}

func positive(field string, qty int64) error {
	if qty <= 0 {
		return domain.InvalidField(field, "must be positive")
	}
	return nil
}
