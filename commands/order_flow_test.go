package commands_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
)

func TestConfirmOrder(t *testing.T) {
	ctx := context.Background()
	confirm := commands.ConfirmOrder{OrderID: "o-1", CustomerConfirmationRef: "PO-77"}

	t.Run("O6: confirmation before the deposit is refused", func(t *testing.T) {
		w := newOrderWorld(t).signedContract()
		orderOK(t)(w.h.Orders.CreateOrder(ctx, orderRep, orderCreate))

		_, err := w.h.Orders.ConfirmOrder(ctx, orderRep, confirm)

		var rule *domain.RuleError
		if !errors.Is(err, order.ErrDepositMissing) || !errors.As(err, &rule) || rule.Rule != "O6" {
			t.Fatalf("ConfirmOrder() error = %v, want rule O6", err)
		}
		if diff := cmp.Diff([]string{"order.created"}, w.types()); diff != "" {
			t.Errorf("order stream mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("confirmation after the deposit is recorded", func(t *testing.T) {
		w := newOrderWorld(t).signedContract().depositPaid()
		orderOK(t)(w.h.Orders.CreateOrder(ctx, orderRep, orderCreate))

		orderOK(t)(w.h.Orders.ConfirmOrder(ctx, orderRep, confirm))

		if diff := cmp.Diff([]string{"order.created", "order.confirmed"}, w.types()); diff != "" {
			t.Errorf("order stream mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("an unknown order is not found", func(t *testing.T) {
		w := newOrderWorld(t).signedContract()

		_, err := w.h.Orders.ConfirmOrder(ctx, orderRep, confirm)

		if !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("ConfirmOrder() error = %v, want not found", err)
		}
	})
}

// orderInTransit drives order o-1 up to dispatch from stock.
func orderInTransit(t *testing.T) *orderWorld {
	t.Helper()
	ctx, ok := context.Background(), orderOK(t)
	w := newOrderWorld(t).signedContract().depositPaid().stocked(orderLine.Quantity)
	ok(w.h.Orders.CreateOrder(ctx, orderRep, orderCreate))
	ok(w.h.Orders.ConfirmOrder(ctx, orderRep, commands.ConfirmOrder{OrderID: "o-1", CustomerConfirmationRef: "PO-77"}))
	ok(w.h.Orders.RequestShipment(ctx, orderRep, commands.RequestShipment{OrderID: "o-1"}))
	ok(w.h.Orders.ScheduleShipment(ctx, orderKeeper, commands.ScheduleShipment{OrderID: "o-1", ShipOn: orderNow, ReplyToRep: "today"}))
	ok(w.h.Orders.DispatchShipment(ctx, orderDriver, commands.DispatchShipment{OrderID: "o-1", TransportRef: "TRK-9"}))
	return w
}

func TestRecordDelivery(t *testing.T) {
	missing := map[string]func(c *commands.RecordDelivery){
		"without the customer's sign-off":   func(c *commands.RecordDelivery) { c.SignedBy = "" },
		"without the delivery note number":  func(c *commands.RecordDelivery) { c.DeliveryNoteNo = "" },
		"without the employee holding note": func(c *commands.RecordDelivery) { c.NoteHandedToEmployeeID = "" },
	}
	for name, strip := range missing {
		t.Run("O2: delivery "+name+" is refused", func(t *testing.T) {
			w := orderInTransit(t)
			before := len(w.types())
			cmd := orderSignOff
			strip(&cmd)

			_, err := w.h.Orders.RecordDelivery(context.Background(), orderDriver, cmd)

			if !errors.Is(err, domain.ErrInvalid) {
				t.Fatalf("RecordDelivery() error = %v, want invalid", err)
			}
			if got := len(w.types()); got != before {
				t.Errorf("order stream has %d events, want %d", got, before)
			}
		})
	}
	t.Run("a sales rep may not record a delivery", func(t *testing.T) {
		w := orderInTransit(t)

		_, err := w.h.Orders.RecordDelivery(context.Background(), orderRep, orderSignOff)

		if !errors.Is(err, domain.ErrForbidden) {
			t.Fatalf("RecordDelivery() error = %v, want forbidden", err)
		}
	})
}

func TestOrder_HappyPathToDeliveredAndPaid(t *testing.T) {
	ctx, ok := context.Background(), orderOK(t)
	w := newOrderWorld(t).signedContract().depositPaid().stocked(orderLine.Quantity)

	ok(w.h.Orders.CreateOrder(ctx, orderRep, orderCreate))
	ok(w.h.Orders.ConfirmOrder(ctx, orderRep, commands.ConfirmOrder{OrderID: "o-1", CustomerConfirmationRef: "PO-77"}))
	ok(w.h.Orders.RequestProduction(ctx, orderRep, commands.RequestProduction{OrderID: "o-1"}))
	if _, err := w.h.Orders.RequestShipment(ctx, orderRep, commands.RequestShipment{OrderID: "o-1"}); !errors.Is(err, order.ErrUninspected) {
		t.Fatalf("RequestShipment() before inspection error = %v, want O3", err)
	}
	ok(w.h.Orders.RecordQualityInspection(ctx, orderQuality, commands.RecordQualityInspection{OrderID: "o-1", Passed: true, ReportRef: "QC-1"}))
	ok(w.h.Orders.RequestShipment(ctx, orderRep, commands.RequestShipment{OrderID: "o-1"}))
	ok(w.h.Orders.ScheduleShipment(ctx, orderKeeper, commands.ScheduleShipment{OrderID: "o-1", ShipOn: orderNow}))
	ok(w.h.Orders.DispatchShipment(ctx, orderDriver, commands.DispatchShipment{OrderID: "o-1"}))
	ok(w.h.Orders.UpdateTransportStatus(ctx, orderDriver, commands.UpdateTransportStatus{OrderID: "o-1", Status: "at depot", NotifiedVia: "SMS"}))
	ok(w.h.Orders.RecordDelivery(ctx, orderDriver, orderSignOff))
	ok(w.h.Orders.RecordOrderPayment(ctx, orderFinance, commands.RecordOrderPayment{OrderID: "o-1", PaymentRef: "PAY-1", Amount: domain.Yuan(1200)}))
	ok(w.h.Orders.CloseOrder(ctx, orderRep, commands.CloseOrder{OrderID: "o-1"}))

	want := []string{
		"order.created", "order.confirmed", "order.production_requested", "order.goods_inspected",
		"order.shipment_requested", "order.shipment_scheduled", "order.dispatched",
		"order.transport_status_updated", "order.customer_notified_of_transport", "order.delivered",
		"order.payment_received", "order.settled", "order.closed",
	}
	if diff := cmp.Diff(want, w.types()); diff != "" {
		t.Errorf("order stream mismatch (-want +got):\n%s", diff)
	}
}

func TestOrder_Idempotency(t *testing.T) {
	ctx, ok := context.Background(), orderOK(t)
	w := orderInTransit(t)
	ok(w.h.Orders.RecordDelivery(ctx, orderDriver, orderSignOff))
	pay := orderFinance
	pay.IdempotencyKey = "pay-once"
	// Two different references under one key: the key, not the payload,
	// makes the repeat a replay.
	first := ok(w.h.Orders.RecordOrderPayment(ctx, pay, commands.RecordOrderPayment{OrderID: "o-1", PaymentRef: "PAY-1", Amount: domain.Yuan(200)}))

	again := ok(w.h.Orders.RecordOrderPayment(ctx, pay, commands.RecordOrderPayment{OrderID: "o-1", PaymentRef: "PAY-2", Amount: domain.Yuan(200)}))

	if !again.Replayed || again.Version != first.Version || again.Events != 1 {
		t.Errorf("repeat = %+v, want a replay of %+v", again, first)
	}
	t.Run("a repeated creation under one key is one order", func(t *testing.T) {
		ok := orderOK(t)
		w := newOrderWorld(t).signedContract()
		m := orderRep
		m.IdempotencyKey = "create-o-1"
		ok(w.h.Orders.CreateOrder(ctx, m, orderCreate))

		res := ok(w.h.Orders.CreateOrder(ctx, m, orderCreate))

		if !res.Replayed || len(w.types()) != 1 {
			t.Errorf("CreateOrder() again = %+v with %d events, want a replay of 1", res, len(w.types()))
		}
	})
	t.Run("a repeated delivery without a key records nothing", func(t *testing.T) {
		ok := orderOK(t)
		before := len(w.types())

		res := ok(w.h.Orders.RecordDelivery(ctx, orderDriver, orderSignOff))

		if res.Events != 0 || len(w.types()) != before {
			t.Errorf("RecordDelivery() again = %+v, want no new events", res)
		}
	})
}

func TestApproveOrderChange(t *testing.T) {
	ctx, ok := context.Background(), orderOK(t)
	w := newOrderWorld(t).signedContract().depositPaid()
	ok(w.h.Orders.CreateOrder(ctx, orderRep, orderCreate))
	ok(w.h.Orders.ConfirmOrder(ctx, orderRep, commands.ConfirmOrder{OrderID: "o-1", CustomerConfirmationRef: "PO-77"}))
	ok(w.h.Orders.ChangeOrder(ctx, orderRep, commands.ChangeOrder{OrderID: "o-1", ChangeID: "ch-1", Lines: []order.Line{orderLine, orderLine}}))
	if _, err := w.h.Orders.ApproveOrderChange(ctx, orderRep, commands.ApproveOrderChange{OrderID: "o-1", ChangeID: "ch-1"}); !errors.Is(err, domain.ErrForbidden) {
		t.Fatalf("ApproveOrderChange() by a rep error = %v, want forbidden", err)
	}

	ok(w.h.Orders.ApproveOrderChange(ctx, orderHead, commands.ApproveOrderChange{OrderID: "o-1", ChangeID: "ch-1"}))

	want := []string{"order.created", "order.confirmed", "order.change_requested", "order.change_approved", "order.changed"}
	if diff := cmp.Diff(want, w.types()); diff != "" {
		t.Errorf("order stream mismatch (-want +got):\n%s", diff)
	}
}
