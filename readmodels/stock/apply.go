package stock

import (
	"github.com/opsledger/opsledger/domain/stock"
	"github.com/opsledger/opsledger/readmodels/tables"
)

func (b batch) item(id string, e tables.Decoded) {
	r := tables.Advance(b.items, id, e, openItem)
	if r == nil {
		return
	}
	switch ev := e.Event.(type) {
	case stock.Received:
		r.OnHand += ev.Quantity
	case stock.TransferredIn:
		r.OnHand += ev.Quantity
	case stock.TransferredOut:
		r.OnHand -= ev.Quantity
	case stock.Issued:
		r.OnHand -= ev.Quantity
	case stock.Reserved:
		r.Reserved += ev.Quantity
	case stock.ReservationReleased:
		r.Reserved -= ev.Quantity
	case stock.ReservedIssued:
		r.OnHand, r.Reserved = r.OnHand-ev.Quantity, r.Reserved-ev.Quantity
	}
}

// openItem opens a stock row on the first event that books goods in.
func openItem(id string, e tables.Decoded) *itemRow {
	var branch string
	var p stock.Product
	switch ev := e.Event.(type) {
	case stock.Received:
		branch, p = ev.BranchID, ev.Product
	case stock.TransferredIn:
		branch, p = ev.BranchID, ev.Product
	default:
		return nil
	}
	return &itemRow{ItemID: id, BranchID: branch, ProductName: p.Name, ModelSpec: p.ModelSpec}
}

func (b batch) transfer(id string, e tables.Decoded) {
	r := tables.Advance(b.transfers, id, e, openTransfer)
	if r == nil {
		return
	}
	switch ev := e.Event.(type) {
	case stock.TransferApproved:
		r.Status = string(stock.StatusApproved)
	case stock.TransferDeclined:
		r.Status = string(stock.StatusDeclined)
	case stock.TransferShippedOut:
		r.Status, r.ShippedAt = string(stock.StatusInTransit), tables.OptTime(ev.ShippedAt)
	case stock.TransferCompleted:
		r.Status, r.ReceivedAt = string(stock.StatusReceived), tables.OptTime(ev.ReceivedAt)
	}
}

func openTransfer(id string, e tables.Decoded) *transferRow {
	ev, ok := e.Event.(stock.TransferRequested)
	if !ok {
		return nil
	}
	return &transferRow{TransferID: id, FromBranchID: ev.FromBranchID, ToBranchID: ev.ToBranchID, ProductName: ev.Product.Name,
		ModelSpec: ev.Product.ModelSpec, Quantity: ev.Quantity, Status: string(stock.StatusRequested),
		RequestedBy: ev.RequestedBy, RequestedAt: ev.RequestedAt}
}

func (b batch) replenishment(id string, e tables.Decoded) {
	r := tables.Advance(b.replenishments, id, e, openReplenishment)
	if r == nil {
		return
	}
	if ev, ok := e.Event.(stock.ReplenishmentDelivered); ok {
		r.Delivered, r.Fulfilled = r.Delivered+ev.Quantity, ev.Fulfilled
	}
}

func openReplenishment(id string, e tables.Decoded) *replenishmentRow {
	ev, ok := e.Event.(stock.ReplenishmentRequested)
	if !ok {
		return nil
	}
	return &replenishmentRow{RequestID: id, BranchID: ev.BranchID, ProductName: ev.Product.Name, ModelSpec: ev.Product.ModelSpec,
		Quantity: ev.Quantity, RequestedBy: ev.RequestedBy, RequestedAt: ev.RequestedAt}
}
