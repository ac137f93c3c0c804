package orders

import (
	"math"
	"time"

	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// FoldView folds one order's events, in stream order, into the order as
// Order shows it, with its lateness as of now: the projection's own fold,
// in memory. ok is false when the events do not create the order.
func FoldView(events []eventstore.Recorded, now time.Time) (v queries.OrderView, ok bool, err error) {
	rows := tables.NewSet("orders", func(r *orderRow) string { return r.OrderID }, "order_id")
	err = tables.FoldStream(New().events, events, func(id string, e tables.Decoded) {
		if row := tables.Advance(rows, id, e, openOrder); row != nil {
			row.apply(e.Event)
		}
	})
	if err != nil || len(events) == 0 {
		return v, false, err
	}
	row := rows.Get(events[0].Stream[len(orderPrefix):])
	if row == nil {
		return v, false, nil
	}
	if err := tables.CopyColumns(&v, row); err != nil {
		return v, false, err
	}
	v.Late, v.DaysLate = lateness(v, now)
	return v, true, nil
}

// lateness is what ordersFrom computes in SQL: an undelivered order past
// its due time is late, and the whole days between its due time and its
// delivery (or now) are its days late.
func lateness(v queries.OrderView, now time.Time) (late bool, days int) {
	if v.DueAt == nil || v.Status == string(order.StatusCancelled) {
		return false, 0
	}
	late = v.DeliveredAt == nil && v.DueAt.Before(now)
	until := now
	if v.DeliveredAt != nil {
		until = *v.DeliveredAt
	}
	return late, max(0, int(math.Floor(until.Sub(*v.DueAt).Hours()/24)))
}
