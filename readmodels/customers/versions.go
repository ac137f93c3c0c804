package customers

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Version implements projections.Versioned: version 2 keeps the row
// versions (customers_versions) for as-of lists and as the snapshots of
// as-of reads, so a generation built before is rebuilt.
func (*Projection) Version() int { return 2 }

func newVersions() *tables.Versions[customerRow] {
	return tables.NewVersions("customers", "customer_id",
		func(r *customerRow) string { return r.CustomerID }, func(r *customerRow) uint64 { return r.Version })
}

func setupVersions(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, tables.VersionsSetup("customers", "customer_id"))
	return err
}

// indexVersions indexes the versions by time, by stage and by owning rep
// (btrees: see tables.VersionsIndexes).
func indexVersions(ctx context.Context, tx pgx.Tx) error {
	// a generation built before drops the indexes it no longer needs
	_, err := tx.Exec(ctx, tables.RetiredVersionsIndexes("customers")+";\n"+strings.Join(versionIndexes, ";\n"))
	return err
}

var versionIndexes = tables.VersionsIndexBuilds("customers", "(stage)", "(owner_rep_id)")

// listSpec is the customer list over the current rows, or over the row
// versions when f asks for a past state (adding their bound to w).
func listSpec(f queries.CustomerFilter, w *tables.Where, stale string) tables.ListSpec[queries.CustomerView] {
	spec := tables.ListSpec[queries.CustomerView]{View: "customers",
		ID:    tables.ID("customer_id", func(v queries.CustomerView) string { return v.CustomerID }),
		Sorts: customerSorts, Default: "number", Fields: "*, " + stale + " AS stale"}
	if f.At.Past() {
		spec.View, spec.Fields = tables.VersionsTable("customers"), tables.Columns[customerRow]()+", "+stale+" AS stale"
		tables.AsOfWhere(w, f.At.AsOf, f.At.ValidAt)
	}
	return spec
}

// VersionBefore returns the newest stored version of customer id that
// only folds events recorded by b.AsOf and effective by b.ValidAt (a zero
// bound: any): the snapshot an as-of read starts from, folding only the
// events after it. ok is false when there is none.
func (q *Queries) VersionBefore(ctx context.Context, id string, b queries.Bitemporal) (v queries.CustomerView, ok bool, err error) {
	var w tables.Where
	w.Add("customer_id = ?", id)
	if !b.AsOf.IsZero() {
		w.Add("lower(sys_period) <= ?::timestamptz", b.AsOf)
	}
	if !b.ValidAt.IsZero() {
		w.Add("lower(valid_period) <= ?::timestamptz", b.ValidAt)
	}
	v, err = tables.One[queries.CustomerView](ctx, q.DB, queries.ErrCustomerNotFound,
		"SELECT "+tables.Columns[customerRow]()+" FROM "+q.Table(tables.VersionsTable("customers"))+w.SQL()+" ORDER BY version DESC LIMIT 1", w.Args...)
	if errors.Is(err, queries.ErrCustomerNotFound) {
		return v, false, nil
	}
	return v, err == nil, err
}

// staleAt is the C4 flag of v in the month of now.
func staleAt(v queries.CustomerView, now string) bool {
	return v.Stage != string(customer.StageAbandoned) && v.LastReviewedMonth != now && v.LastUpdatedMonth != now
}
