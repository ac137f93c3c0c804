package orders

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Version implements projections.Versioned: version 2 keeps the row
// versions (orders_versions) for as-of lists, so a generation built
// before is rebuilt.
func (*Projection) Version() int { return 2 }

func newVersions() *tables.Versions[orderRow] {
	return tables.NewVersions("orders", "order_id",
		func(r *orderRow) string { return r.OrderID }, func(r *orderRow) uint64 { return r.Version })
}

func setupVersions(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, tables.VersionsSetup("orders", "order_id"))
	return err
}

// indexVersions indexes the versions by time, by status and by customer
// (btrees: see tables.VersionsIndexes).
func indexVersions(ctx context.Context, tx pgx.Tx) error {
	// a generation built before drops the indexes it no longer needs
	_, err := tx.Exec(ctx, tables.RetiredVersionsIndexes("orders")+";\n"+strings.Join(versionIndexes, ";\n"))
	return err
}

var versionIndexes = tables.VersionsIndexBuilds("orders", "(status)", "(customer_id)")

// listSpec is the order list over the current rows, or over the row
// versions when f asks for a past state (adding their bound to w), with
// lateness as of the bound's clock.
func (q *Queries) listSpec(f queries.OrderFilter, w *tables.Where) tables.ListSpec[queries.OrderView] {
	spec := tables.ListSpec[queries.OrderView]{View: "orders",
		ID:    tables.ID("order_id", func(v queries.OrderView) string { return v.OrderID }),
		Sorts: orderSorts, Default: "-created_at"}
	now := tables.Bind(w, f.At.Clock(f.Now))
	if !f.At.Past() {
		spec.From = q.ordersFrom(now)
		return spec
	}
	spec.From = fmt.Sprintf(`(SELECT o.*, %s FROM %s o) x`, latenessSQL(now), q.Table(tables.VersionsTable("orders")))
	spec.Fields = tables.Columns[orderRow]() + ", late, days_late"
	tables.AsOfWhere(w, f.At.AsOf, f.At.ValidAt)
	return spec
}
