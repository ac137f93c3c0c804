package orders_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/orders"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

// appendAt appends events to stream with effective time effective and
// returns an instant after they were recorded and before anything later.
func appendAt(t *testing.T, store eventstore.Store, stream string, effective time.Time, events ...domain.Event) time.Time {
	t.Helper()
	codec := eventstore.NewCodec(order.Events()...)
	for i, e := range events {
		d, err := codec.Encode(fmt.Sprintf("%s-%d-%d", stream, time.Now().UnixNano(), i), e, eventstore.Metadata{ActorID: "emp-test", EffectiveAt: effective})
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		if _, err := store.Append(context.Background(), stream, eventstore.Any, d); err != nil {
			t.Fatalf("Append: %v", err)
		}
	}
	time.Sleep(2 * time.Millisecond)
	after := time.Now()
	time.Sleep(2 * time.Millisecond)
	return after
}

// Given an order created, then cancelled with its cancellation filed
// after the fact (effective an hour before it was recorded), when the
// orders are listed by status as of a time on either axis, then each
// shows its state then: open as recorded before the cancellation,
// cancelled in force since the hour before, and the rebuild gives the
// same versions.
func TestOrders_AsOfLists(t *testing.T) {
	store := memory.New()
	due := time.Now().Add(30 * 24 * time.Hour)
	created := appendAt(t, store, order.Stream("o1"), time.Now().Add(-2*time.Hour), readmodeltest.OrderCreated("o1", "c1", due, time.Now()))
	cancelledAt := time.Now().Add(-time.Hour)
	appendAt(t, store, order.Stream("o1"), cancelledAt, order.Cancelled{OrderID: "o1", Reason: "customer withdrew", CancelledBy: "head-1", CancelledAt: cancelledAt})
	f := readmodeltest.NewFixture(t, store, eventstore.NewCodec(order.Events()...), orders.New(), orders.NewQueries,
		func(func(string, ...domain.Event)) {})

	for _, tc := range []struct {
		name   string
		filter queries.OrderFilter
		want   int
	}{
		{"cancelled as recorded now", queries.OrderFilter{Status: order.StatusCancelled, At: queries.Bitemporal{AsOf: time.Now()}}, 1},
		{"cancelled as recorded before the cancellation", queries.OrderFilter{Status: order.StatusCancelled, At: queries.Bitemporal{AsOf: created}}, 0},
		{"cancelled in force half an hour ago (filed after the fact)", queries.OrderFilter{Status: order.StatusCancelled, At: queries.Bitemporal{ValidAt: time.Now().Add(-30 * time.Minute)}}, 1},
		{"open in force ninety minutes ago", queries.OrderFilter{At: queries.Bitemporal{ValidAt: time.Now().Add(-90 * time.Minute)}}, 1},
		{"cancelled in force ninety minutes ago", queries.OrderFilter{Status: order.StatusCancelled, At: queries.Bitemporal{ValidAt: time.Now().Add(-90 * time.Minute)}}, 0},
		{"nothing in force three hours ago", queries.OrderFilter{At: queries.Bitemporal{ValidAt: time.Now().Add(-3 * time.Hour)}}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.filter.Now = time.Now()
			p, err := f.Q.Orders(context.Background(), tc.filter, queries.PageRequest{})
			if err != nil {
				t.Fatalf("Orders: %v", err)
			}
			if len(p.Items) != tc.want {
				t.Errorf("listed %d orders (%+v), want %d", len(p.Items), p.Items, tc.want)
			}
		})
	}
	f.RebuildMatches(t)
}
