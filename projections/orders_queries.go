package projections

import (
	"context"
	"fmt"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
)

// ErrOrderNotFound is returned for an order that does not exist.
var ErrOrderNotFound = domain.NotFound("order not found")

// OrderView is an order with its delivery progress. Late and DaysLate are
// computed for the time the query was given: an order not delivered by
// its earliest promised delivery time is late (O5), and a delivered one
// shows by how many whole days it missed that time.
type OrderView struct {
	OrderID           string     `db:"order_id" json:"order_id"`
	ContractID        string     `db:"contract_id" json:"contract_id"`
	CustomerID        string     `db:"customer_id" json:"customer_id"`
	Kind              string     `db:"kind" json:"kind"`
	Status            string     `db:"status" json:"status"`
	Total             MinorUnits `db:"total_minor" json:"total"`
	Paid              MinorUnits `db:"paid_minor" json:"paid"`
	Currency          string     `db:"currency" json:"currency"`
	CreatedBy         string     `db:"created_by" json:"created_by"`
	DueAt             *time.Time `db:"due_at" json:"due_at,omitempty"`
	ProductionNeeded  bool       `db:"production_needed" json:"production_needed"`
	PendingChangeID   string     `db:"pending_change_id" json:"pending_change_id,omitempty"`
	ShipOn            *time.Time `db:"ship_on" json:"ship_on,omitempty"`
	DispatchedAt      *time.Time `db:"dispatched_at" json:"dispatched_at,omitempty"`
	TransportStatus   string     `db:"transport_status" json:"transport_status,omitempty"`
	TransportLocation string     `db:"transport_location" json:"transport_location,omitempty"`
	DeliveredAt       *time.Time `db:"delivered_at" json:"delivered_at,omitempty"`
	DeliveryNoteNo    string     `db:"delivery_note_no" json:"delivery_note_no,omitempty"`
	Delays            int        `db:"delays" json:"delays"`
	LastDelayDueAt    *time.Time `db:"last_delay_due_at" json:"last_delay_due_at,omitempty"`
	LastDelayReason   string     `db:"last_delay_reason" json:"last_delay_reason,omitempty"`
	Late              bool       `db:"late" json:"late"`
	DaysLate          int        `db:"days_late" json:"days_late"`
	CreatedAt         time.Time  `db:"created_at" json:"created_at"`
	Version           int64      `db:"version" json:"version"`
	UpdatedAt         time.Time  `db:"updated_at" json:"updated_at"`
}

// OrderFilter selects orders. Now is the query's clock for lateness.
type OrderFilter struct {
	Now        time.Time
	CustomerID string
	ContractID string
	Status     order.Status
	Kind       order.Kind
	// DelayedOnly keeps orders late now or with a recorded delay.
	DelayedOnly bool
	// Sort is -created_at (default), created_at or -updated_at.
	Sort string
}

var orderSorts = map[string]sortKey[OrderView]{
	"-created_at": {col: "created_at", cast: "timestamptz", desc: true, val: func(v OrderView) string { return timeKey(v.CreatedAt) }},
	"created_at":  {col: "created_at", cast: "timestamptz", val: func(v OrderView) string { return timeKey(v.CreatedAt) }},
	"-updated_at": {col: "updated_at", cast: "timestamptz", desc: true, val: func(v OrderView) string { return timeKey(v.UpdatedAt) }},
}

// ordersFrom is the orders view with lateness as of the time bound at
// placeholder now.
func (q *Queries) ordersFrom(now string) string {
	return fmt.Sprintf(`(SELECT o.*,
			(o.delivered_at IS NULL AND o.status <> 'CANCELLED' AND o.due_at < %[1]s::timestamptz) AS late,
			CASE WHEN o.due_at IS NULL OR o.status = 'CANCELLED' THEN 0
				ELSE greatest(0, floor(extract(epoch FROM coalesce(o.delivered_at, %[1]s::timestamptz) - o.due_at) / 86400))::int
			END AS days_late
		FROM %[2]s o) x`, now, q.table("orders"))
}

// Order returns one order with its lateness as of now.
func (q *Queries) Order(ctx context.Context, id string, now time.Time) (OrderView, error) {
	return queryOne[OrderView](ctx, q, ErrOrderNotFound, "SELECT * FROM "+q.ordersFrom("$2")+" WHERE order_id = $1", id, now)
}

// Orders lists orders matching f.
func (q *Queries) Orders(ctx context.Context, f OrderFilter, page PageRequest) (Page[OrderView], error) {
	var w where
	from := q.ordersFrom(bind(&w, f.Now))
	addIf(&w, "customer_id = ?", f.CustomerID)
	addIf(&w, "contract_id = ?", f.ContractID)
	addIf(&w, "status = ?", string(f.Status))
	addIf(&w, "kind = ?", string(f.Kind))
	if f.DelayedOnly {
		w.add("(late OR delays > 0)")
	}
	return salesList(ctx, q, listSpec[OrderView]{from: from, view: "orders", idCol: "order_id",
		id: func(v OrderView) string { return v.OrderID }, sorts: orderSorts, dflt: "-created_at"}, f.Sort, &w, page)
}
