package commands_test

import (
	"context"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/stock"
	"github.com/opsledger/opsledger/eventstore"
)

var orderProduct = stock.Product{Name: orderLine.ProductName, ModelSpec: orderLine.ModelSpec}

// shipmentRequested drives order o-1 to the rep's shipment request from
// stock, with stockQty of its product at the keeper's branch.
func shipmentRequested(t *testing.T, stockQty int64) *orderWorld {
	t.Helper()
	ctx, ok := context.Background(), orderOK(t)
	w := newOrderWorld(t).signedContract().depositPaid()
	if stockQty > 0 {
		w.stocked(stockQty)
	}
	ok(w.h.Orders.CreateOrder(ctx, orderRep, orderCreate))
	ok(w.h.Orders.ConfirmOrder(ctx, orderRep, commands.ConfirmOrder{OrderID: "o-1", CustomerConfirmationRef: "PO-77"}))
	ok(w.h.Orders.RequestShipment(ctx, orderRep, commands.RequestShipment{OrderID: "o-1"}))
	return w
}

// stockItem folds the order product's stock at br-east.
func (w *orderWorld) stockItem() stock.Item {
	w.t.Helper()
	recs, err := w.store.ReadStream(context.Background(), stock.ItemStream("br-east", orderProduct), eventstore.ReadStreamOptions{})
	if err != nil {
		w.t.Fatalf("ReadStream() error = %v", err)
	}
	var it stock.Item
	for _, r := range recs {
		e, err := w.codec.DecodeRecorded(r)
		if err != nil {
			w.t.Fatalf("decode: %v", err)
		}
		it = it.Evolve(e)
	}
	return it
}

var scheduleO1 = commands.ScheduleShipment{OrderID: "o-1", ShipOn: orderNow, ReplyToRep: "today"}

// TestScheduleShipment_checksStock: scheduling reserves the order's lines
// from the keeper's branch in the same append, and a shipment the
// branch's available stock does not cover is refused with nothing
// written (§3.10-shipment, §3.10-never-negative).
func TestScheduleShipment_checksStock(t *testing.T) {
	ctx := context.Background()
	t.Run("exactly the quantity on hand is reserved for the shipment (§3.10-shipment)", func(t *testing.T) {
		w := shipmentRequested(t, orderLine.Quantity)
		orderOK(t)(w.h.Orders.ScheduleShipment(ctx, orderKeeper, scheduleO1))
		if it := w.stockItem(); it.OnHand != 10 || it.Reserved != 10 || it.Available() != 0 {
			t.Errorf("stock = %+v, want 10 on hand, all reserved", it)
		}
	})
	t.Run("one short of the order is refused, and nothing is written (§3.10-never-negative)", func(t *testing.T) {
		w := shipmentRequested(t, orderLine.Quantity-1)
		before := len(w.types())
		_, err := w.h.Orders.ScheduleShipment(ctx, orderKeeper, scheduleO1)
		wantErr(t, err, stock.ErrInsufficient)
		if got := len(w.types()); got != before || w.stockItem().Reserved != 0 {
			t.Errorf("order events %d (want %d), reserved %d (want 0)", got, before, w.stockItem().Reserved)
		}
	})
	t.Run("a branch without the product refuses the shipment", func(t *testing.T) {
		w := shipmentRequested(t, 0)
		_, err := w.h.Orders.ScheduleShipment(ctx, orderKeeper, scheduleO1)
		wantErr(t, err, stock.ErrInsufficient)
	})
	t.Run("stock reserved for another order is not available", func(t *testing.T) {
		w := shipmentRequested(t, orderLine.Quantity)
		w.seed(stock.ItemStream("br-east", orderProduct), stock.Reserved{BranchID: "br-east", Product: orderProduct, OrderID: "o-0", Quantity: 1})
		_, err := w.h.Orders.ScheduleShipment(ctx, orderKeeper, scheduleO1)
		wantErr(t, err, stock.ErrInsufficient)
	})
	t.Run("a keeper of no branch schedules nothing", func(t *testing.T) {
		w := shipmentRequested(t, orderLine.Quantity)
		_, err := w.h.Orders.ScheduleShipment(ctx, orderMeta("wh-9", domain.RoleWarehouse), scheduleO1)
		wantErr(t, err, domain.ErrForbidden)
	})
	t.Run("dispatch books the reserved goods out of the branch", func(t *testing.T) {
		w := shipmentRequested(t, orderLine.Quantity+5)
		orderOK(t)(w.h.Orders.ScheduleShipment(ctx, orderKeeper, scheduleO1))
		orderOK(t)(w.h.Orders.DispatchShipment(ctx, orderDriver, commands.DispatchShipment{OrderID: "o-1", TransportRef: "TRK-1"}))
		if it := w.stockItem(); it.OnHand != 5 || it.Reserved != 0 {
			t.Errorf("stock = %+v, want 5 on hand, none reserved", it)
		}
	})
	t.Run("cancelling a scheduled order gives its reservation back", func(t *testing.T) {
		w := shipmentRequested(t, orderLine.Quantity)
		orderOK(t)(w.h.Orders.ScheduleShipment(ctx, orderKeeper, scheduleO1))
		orderOK(t)(w.h.Orders.CancelOrder(ctx, orderHead, commands.CancelOrder{OrderID: "o-1", Reason: "customer withdrew"}))
		if it := w.stockItem(); it.OnHand != 10 || it.Available() != 10 {
			t.Errorf("stock = %+v, want 10 available again", it)
		}
		if got := w.types(); got[len(got)-1] != (order.Cancelled{}).EventType() {
			t.Errorf("last order event = %s", got[len(got)-1])
		}
	})
}
