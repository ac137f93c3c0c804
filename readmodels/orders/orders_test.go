package orders_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/orders"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

var (
	orderDue = time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC)
	orderNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
)

// ordersFixture, on the PostgreSQL store (real positions and server-side
// filters): o1 delivered two days late and paid; o2 stuck in production
// with a recorded delay; o3 a draft due next month; o4 cancelled.
func ordersFixture(t *testing.T) readmodeltest.Fixture[*orders.Queries] {
	due := orderDue
	return readmodeltest.NewFixture(t, pgtest.Store(t), eventstore.NewCodec(order.Events()...), orders.New(), orders.NewQueries,
		func(add func(string, ...domain.Event)) {
			add(order.Stream("o1"), readmodeltest.OrderCreated("o1", "c1", due, due.AddDate(0, 0, -30)),
				order.Confirmed{OrderID: "o1", ConfirmedAt: due},
				order.ShipmentRequested{OrderID: "o1", FromStock: true},
				order.ShipmentScheduled{OrderID: "o1", ShipOn: due},
				order.Dispatched{OrderID: "o1", TransportRef: "T1", DispatchedAt: due},
				order.TransportStatusUpdated{OrderID: "o1", Status: "ON_ROAD", Location: "Wuhan"},
				order.Delivered{OrderID: "o1", SignedBy: "buyer", DeliveryNoteNo: "DN-1", DeliveredAt: due.Add(50 * time.Hour)},
				order.PaymentReceived{OrderID: "o1", PaymentRef: "P1", Amount: domain.Fen(110050)})
			add(order.Stream("o2"), readmodeltest.OrderCreated("o2", "c1", due, due.AddDate(0, 0, -20)),
				order.Confirmed{OrderID: "o2"},
				order.ProductionRequested{OrderID: "o2"},
				order.GoodsInspected{OrderID: "o2", Passed: false},
				order.DeliveryDelayed{OrderID: "o2", DueAt: due, Reason: "inspection failed"})
			add(order.Stream("o3"), readmodeltest.OrderCreated("o3", "c2", orderNow.AddDate(0, 1, 0), due.AddDate(0, 0, -10)))
			add(order.Stream("o4"), readmodeltest.OrderCreated("o4", "c2", due, due.AddDate(0, 0, -5)), order.Cancelled{OrderID: "o4", Reason: "no longer needed"})
		})
}

func TestOrders_Order(t *testing.T) {
	f := ordersFixture(t)
	ctx := context.Background()
	o1, err := f.Q.Order(ctx, "o1", orderNow)
	if err != nil {
		t.Fatalf("Order(o1): %v", err)
	}
	if o1.Status != "DELIVERED" || o1.Late || o1.DaysLate != 2 || o1.Paid != 110050 || o1.TransportLocation != "Wuhan" ||
		o1.DeliveryNoteNo != "DN-1" || o1.DueAt == nil || !o1.DueAt.Equal(orderDue) || o1.Version != 8 {
		t.Errorf("Order(o1) = %+v", o1)
	}
	body, _ := json.Marshal(o1)
	if !strings.Contains(string(body), `"total":"1100.50"`) || !strings.Contains(string(body), `"currency":"CNY"`) {
		t.Errorf("JSON = %s", body)
	}
	o2, err := f.Q.Order(ctx, "o2", orderNow)
	if err != nil || o2.Status != "IN_PRODUCTION" || !o2.Late || o2.DaysLate != 10 || o2.Delays != 1 || o2.LastDelayReason != "inspection failed" {
		t.Errorf("Order(o2) = %+v, %v", o2, err)
	}
	if early, _ := f.Q.Order(ctx, "o2", orderDue.Add(-time.Hour)); early.Late || early.DaysLate != 0 {
		t.Errorf("o2 before its due time: late = %v, %d days", early.Late, early.DaysLate)
	}
	if _, err := f.Q.Order(ctx, "nope", orderNow); !errors.Is(err, queries.ErrOrderNotFound) || !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("Order(nope) error = %v", err)
	}
}

func TestOrders_Orders(t *testing.T) {
	f := ordersFixture(t)
	list := func(filter queries.OrderFilter, page queries.PageRequest) (string, string) {
		t.Helper()
		filter.Now = orderNow
		p, err := f.Q.Orders(context.Background(), filter, page)
		return readmodeltest.Listed(t, fmt.Sprintf("Orders(%+v)", filter), p, err, func(v queries.OrderView) string { return v.OrderID })
	}
	for name, tc := range map[string]struct {
		f    queries.OrderFilter
		want string
	}{
		"newest first":  {queries.OrderFilter{}, "o4,o3,o2,o1"},
		"oldest first":  {queries.OrderFilter{Sort: "created_at"}, "o1,o2,o3,o4"},
		"customer":      {queries.OrderFilter{CustomerID: "c2"}, "o4,o3"},
		"creator":       {queries.OrderFilter{CreatedBy: "rep-1"}, "o4,o3,o2,o1"},
		"other creator": {queries.OrderFilter{CreatedBy: "rep-2"}, ""},
		"delayed":       {queries.OrderFilter{DelayedOnly: true}, "o2"},
		"status":        {queries.OrderFilter{Status: order.StatusCancelled}, "o4"},
	} {
		if got, _ := list(tc.f, queries.PageRequest{}); got != tc.want {
			t.Errorf("%s: Orders = %s, want %s", name, got, tc.want)
		}
	}
	first, cur := list(queries.OrderFilter{}, queries.PageRequest{Limit: 3})
	rest, end := list(queries.OrderFilter{}, queries.PageRequest{Limit: 3, Cursor: cur})
	if first != "o4,o3,o2" || rest != "o1" || end != "" {
		t.Errorf("pages = %s | %s (%q)", first, rest, end)
	}
	if _, err := f.Q.Orders(context.Background(), queries.OrderFilter{Sort: "total"}, queries.PageRequest{}); !errors.Is(err, domain.ErrInvalid) {
		t.Errorf("unknown sort: error = %v", err)
	}
}

func TestOrders_Rebuild(t *testing.T) {
	ordersFixture(t).RebuildMatches(t)
}

func TestOrders_ForgedCursor(t *testing.T) {
	f := ordersFixture(t)
	forged := base64.RawURLEncoding.EncodeToString([]byte(`["'; DROP TABLE x; --","o1"]`))
	_, err := f.Q.Orders(context.Background(), queries.OrderFilter{Now: orderNow}, queries.PageRequest{Cursor: forged})
	if !errors.Is(err, queries.ErrBadCursor) {
		t.Errorf("Orders with a forged cursor: error = %v, want ErrBadCursor", err)
	}
}

func TestOrders_ChangesMoveTheTotalAndDueTime(t *testing.T) {
	later := orderDue.AddDate(0, 0, 14) // after orderNow
	after := []order.Line{{ProductName: "pump", ModelSpec: "P-2", Quantity: 1, UnitPrice: domain.Fen(70000), DeliveryTime: later, DeliveryAddress: "dock 2"}}
	f := readmodeltest.NewFixture(t, memory.New(), eventstore.NewCodec(order.Events()...), orders.New(), orders.NewQueries,
		func(add func(string, ...domain.Event)) {
			add(order.Stream("o5"), readmodeltest.OrderCreated("o5", "c1", orderDue, orderDue.AddDate(0, 0, -9)),
				order.Confirmed{OrderID: "o5"},
				order.ChangeRequested{OrderID: "o5", ChangeID: "ch1", After: after, Reason: "new model"})
			add(order.Stream("o6"), readmodeltest.OrderCreated("o6", "c1", orderDue, orderDue.AddDate(0, 0, -8)),
				order.Confirmed{OrderID: "o6"},
				order.ChangeRequested{OrderID: "o6", ChangeID: "ch2", After: after, Reason: "new model"},
				order.ChangeApproved{OrderID: "o6", ChangeID: "ch2", ApproverID: "head-1"},
				order.Changed{OrderID: "o6", ChangeID: "ch2", After: after, Total: domain.Fen(70000)})
		})
	o5, err := f.Q.Order(context.Background(), "o5", orderNow)
	if err != nil || o5.PendingChangeID != "ch1" || o5.Total != 110050 || !o5.DueAt.Equal(orderDue) {
		t.Errorf("Order(o5) = %+v, %v; want change ch1 pending and the old total", o5, err)
	}
	o6, err := f.Q.Order(context.Background(), "o6", orderNow)
	if err != nil || o6.PendingChangeID != "" || o6.Total != 70000 || o6.DueAt == nil || !o6.DueAt.Equal(later) || o6.Late {
		t.Errorf("Order(o6) = %+v, %v; want the changed lines' total and due time, not late", o6, err)
	}
}
