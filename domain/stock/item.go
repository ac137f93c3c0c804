package stock

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Item is the stock of one product at one branch, rebuilt from its
// stream. OnHand is what the branch's book holds; Reserved, the part set
// aside for scheduled order shipments (by order, in Reservations).
// Available, what may leave the branch, is OnHand less Reserved and never
// goes below zero (§3.10-never-negative).
type Item struct {
	BranchID     string           `json:"branch_id"`
	Product      Product          `json:"product"`
	OnHand       int64            `json:"on_hand"`
	Reserved     int64            `json:"reserved"`
	Reservations map[string]int64 `json:"reservations,omitempty"`
}

// Available is what may be reserved, transferred out or issued.
func (it Item) Available() int64 { return it.OnHand - it.Reserved }

// Evolve returns the state after e. It never fails and never validates;
// it copies the reservations it changes, so a state may be reused.
func (it Item) Evolve(e domain.Event) Item {
	switch e := e.(type) {
	case Received:
		it.BranchID, it.Product = e.BranchID, e.Product
		it.OnHand += e.Quantity
	case TransferredIn:
		it.BranchID, it.Product = e.BranchID, e.Product
		it.OnHand += e.Quantity
	case TransferredOut:
		it.OnHand -= e.Quantity
	case Issued:
		it.OnHand -= e.Quantity
	case Reserved:
		it.Reserved += e.Quantity
		it.Reservations = with(it.Reservations, e.OrderID, e.Quantity)
	case ReservationReleased:
		it.Reserved -= e.Quantity
		it.Reservations = with(it.Reservations, e.OrderID, 0)
	case ReservedIssued:
		it.OnHand -= e.Quantity
		it.Reserved -= e.Quantity
		it.Reservations = with(it.Reservations, e.OrderID, 0)
	}
	return it
}

func with(m map[string]int64, orderID string, qty int64) map[string]int64 {
	out := make(map[string]int64, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	if qty == 0 {
		delete(out, orderID)
	} else {
		out[orderID] = qty
	}
	return out
}

// Movement is what every stock decision states: the branch and product it
// moves, how many, who and when.
type Movement struct {
	BranchID string
	Product  Product
	Quantity int64
	By       string
	At       time.Time
}

func (mv Movement) validate() error {
	if err := validBranch("branch_id", mv.BranchID); err != nil {
		return err
	}
	if err := mv.Product.validate(""); err != nil {
		return err
	}
	return positive("quantity", mv.Quantity)
}

// Receive books goods received into the branch: from headquarters
// (replenishmentID names the request they answer, if any) or from
// production, with the document they came under.
func (it Item) Receive(mv Movement, sourceRef, replenishmentID string) ([]domain.Event, error) {
	if err := mv.validate(); err != nil {
		return nil, err
	}
	if err := domain.CheckTexts(domain.Text("source_ref", sourceRef), domain.Text("replenishment_id", replenishmentID)); err != nil {
		return nil, err
	}
	return []domain.Event{Received{BranchID: mv.BranchID, Product: mv.Product, Quantity: mv.Quantity, SourceRef: sourceRef,
		ReplenishmentID: replenishmentID, ReceivedBy: mv.By, ReceivedAt: mv.At}}, nil
}

// cover refuses a quantity the available stock does not cover
// (§3.10-never-negative): exactly what is available may leave, one more
// may not.
func (it Item) cover(qty int64) error {
	if qty > it.Available() {
		return ErrInsufficient
	}
	return nil
}

// Reserve sets qty aside for an order's scheduled shipment
// (§3.10-shipment). Reserving again for the same order is a no-op.
func (it Item) Reserve(mv Movement, orderID string) ([]domain.Event, error) {
	if err := mv.validate(); err != nil {
		return nil, err
	}
	if _, ok := it.Reservations[orderID]; ok {
		return nil, nil
	}
	if err := it.cover(mv.Quantity); err != nil {
		return nil, err
	}
	return []domain.Event{Reserved{BranchID: mv.BranchID, Product: mv.Product, OrderID: orderID, Quantity: mv.Quantity,
		ReservedBy: mv.By, ReservedAt: mv.At}}, nil
}

// IssueReserved books out what was reserved for orderID: the goods left
// with the shipment.
func (it Item) IssueReserved(orderID, by string, at time.Time) ([]domain.Event, error) {
	qty, ok := it.Reservations[orderID]
	if !ok {
		return nil, ErrNoReservation
	}
	return []domain.Event{ReservedIssued{BranchID: it.BranchID, Product: it.Product, OrderID: orderID, Quantity: qty,
		IssuedBy: by, IssuedAt: at}}, nil
}

// ReleaseReservation gives back what was reserved for orderID (the order
// was cancelled before dispatch). Nothing reserved: nothing to release.
func (it Item) ReleaseReservation(orderID, by string, at time.Time) []domain.Event {
	qty, ok := it.Reservations[orderID]
	if !ok {
		return nil
	}
	return []domain.Event{ReservationReleased{BranchID: it.BranchID, Product: it.Product, OrderID: orderID, Quantity: qty,
		ReleasedBy: by, ReleasedAt: at}}
}

// Issue books goods out of the branch for a materials request.
func (it Item) Issue(mv Movement, materialsRequestID string) ([]domain.Event, error) {
	if err := mv.validate(); err != nil {
		return nil, err
	}
	if err := it.cover(mv.Quantity); err != nil {
		return nil, err
	}
	return []domain.Event{Issued{BranchID: mv.BranchID, Product: mv.Product, Quantity: mv.Quantity,
		MaterialsRequestID: materialsRequestID, IssuedBy: mv.By, IssuedAt: mv.At}}, nil
}

// TransferOut books goods out of the sending branch for a transfer.
func (it Item) TransferOut(mv Movement, transferID, toBranch string) ([]domain.Event, error) {
	if err := mv.validate(); err != nil {
		return nil, err
	}
	if err := it.cover(mv.Quantity); err != nil {
		return nil, err
	}
	return []domain.Event{TransferredOut{BranchID: mv.BranchID, Product: mv.Product, Quantity: mv.Quantity,
		TransferID: transferID, ToBranchID: toBranch, ShippedBy: mv.By, ShippedAt: mv.At}}, nil
}

// TransferIn books goods of a transfer into the receiving branch.
func (it Item) TransferIn(mv Movement, transferID, fromBranch string) ([]domain.Event, error) {
	if err := mv.validate(); err != nil {
		return nil, err
	}
	return []domain.Event{TransferredIn{BranchID: mv.BranchID, Product: mv.Product, Quantity: mv.Quantity,
		TransferID: transferID, FromBranchID: fromBranch, ReceivedBy: mv.By, ReceivedAt: mv.At}}, nil
}

// Reverse books back goods a movement took out, should the decision it
// belonged to fail to land on a store without an atomic multi-stream
// append (its compensation).
func (it Item) Reverse(mv Movement, what string) []domain.Event {
	return []domain.Event{Received{BranchID: mv.BranchID, Product: mv.Product, Quantity: mv.Quantity,
		SourceRef: "reversal: " + what, ReceivedBy: mv.By, ReceivedAt: mv.At}}
}
