package orders

import (
	"context"
	"fmt"
	"time"

	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

var orderSorts = map[string]tables.SortKey[queries.OrderView]{
	"-created_at": {Col: "created_at", Cast: "timestamptz", Desc: true, Val: func(v queries.OrderView) string { return tables.TimeKey(v.CreatedAt) }},
	"created_at":  {Col: "created_at", Cast: "timestamptz", Val: func(v queries.OrderView) string { return tables.TimeKey(v.CreatedAt) }},
	"-updated_at": {Col: "updated_at", Cast: "timestamptz", Desc: true, Val: func(v queries.OrderView) string { return tables.TimeKey(v.UpdatedAt) }},
}

// ordersFrom is the orders view with lateness as of the time bound at
// placeholder now.
func (q *Queries) ordersFrom(now string) string {
	return fmt.Sprintf(`(SELECT o.*, %s FROM %s o) x`, latenessSQL(now), q.Table("orders"))
}

// latenessSQL is the late and days_late columns of an order o as of the
// time bound at now.
func latenessSQL(now string) string {
	return fmt.Sprintf(`(o.delivered_at IS NULL AND o.status <> 'CANCELLED' AND o.due_at < %[1]s::timestamptz) AS late,
			CASE WHEN o.due_at IS NULL OR o.status = 'CANCELLED' THEN 0
				ELSE greatest(0, floor(extract(epoch FROM coalesce(o.delivered_at, %[1]s::timestamptz) - o.due_at) / 86400))::int
			END AS days_late`, now)
}

// Order returns one order with its lateness as of now.
func (q *Queries) Order(ctx context.Context, id string, now time.Time) (queries.OrderView, error) {
	return tables.One[queries.OrderView](ctx, q.DB, queries.ErrOrderNotFound, "SELECT * FROM "+q.ordersFrom("$2")+" WHERE order_id = $1", id, now)
}

// Orders lists orders matching f.
func (q *Queries) Orders(ctx context.Context, f queries.OrderFilter, page queries.PageRequest) (queries.Page[queries.OrderView], error) {
	var w tables.Where
	spec := q.listSpec(f, &w)
	tables.AddIf(&w, "customer_id = ?", f.CustomerID)
	tables.AddIf(&w, "contract_id = ?", f.ContractID)
	tables.AddIf(&w, "created_by = ?", f.CreatedBy)
	tables.AddIf(&w, "status = ?", string(f.Status))
	tables.AddIf(&w, "kind = ?", string(f.Kind))
	if f.DelayedOnly {
		w.Add("(late OR delays > 0)")
	}
	return tables.List(ctx, q.DB, spec, f.Sort, &w, page)
}
