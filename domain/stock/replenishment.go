package stock

import (
	"github.com/opsledger/opsledger/domain"
)

// Replenishment is a branch warehouse's request to headquarters logistics
// for goods (向总部物流部申请发货), rebuilt from its stream. It stays open
// until the goods the branch received against it cover the quantity asked
// (§3.10-replenishment).
type Replenishment struct {
	ID        string  `json:"id"`
	BranchID  string  `json:"branch_id"`
	Product   Product `json:"product"`
	Quantity  int64   `json:"quantity"`
	Delivered int64   `json:"delivered"`
	Fulfilled bool    `json:"fulfilled"`
}

// ReplenishmentStream returns the stream of a replenishment request.
func ReplenishmentStream(id string) string { return "replenishment-" + id }

// Evolve returns the state after e.
func (r Replenishment) Evolve(e domain.Event) Replenishment {
	switch e := e.(type) {
	case ReplenishmentRequested:
		r = Replenishment{ID: e.RequestID, BranchID: e.BranchID, Product: e.Product, Quantity: e.Quantity}
	case ReplenishmentDelivered:
		r.Delivered += e.Quantity
		r.Fulfilled = e.Fulfilled
	}
	return r
}

// RequestReplenishment records the branch's request to headquarters.
func (r Replenishment) Request(id string, mv Movement, reason string) ([]domain.Event, error) {
	if r.ID != "" {
		return nil, ErrReplenishmentExists
	}
	if err := mv.validate(); err != nil {
		return nil, err
	}
	if err := domain.CheckTexts(domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	return []domain.Event{ReplenishmentRequested{RequestID: id, BranchID: mv.BranchID, Product: mv.Product,
		Quantity: mv.Quantity, Reason: reason, RequestedBy: mv.By, RequestedAt: mv.At}}, nil
}

// RecordDelivery records goods received against the request: the same
// product, at the requesting branch, while the request is open. The
// request is fulfilled once what was delivered covers what was asked.
func (r Replenishment) RecordDelivery(mv Movement) ([]domain.Event, error) {
	switch {
	case r.ID == "":
		return nil, ErrReplenishmentNotFound
	case r.Fulfilled:
		return nil, ErrReplenishmentClosed
	case r.BranchID != mv.BranchID || r.Product.Key() != mv.Product.Key():
		return nil, ErrReplenishmentProduct
	}
	if err := positive("quantity", mv.Quantity); err != nil {
		return nil, err
	}
	return []domain.Event{ReplenishmentDelivered{RequestID: r.ID, BranchID: r.BranchID, Quantity: mv.Quantity,
		Fulfilled: r.Delivered+mv.Quantity >= r.Quantity, RecordedBy: mv.By, RecordedAt: mv.At}}, nil
}
