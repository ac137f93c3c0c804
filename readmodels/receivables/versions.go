package receivables

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Version implements projections.Versioned: version 2 keeps the row
// versions (receivables_versions) for as-of lists, version 3 each
// instalment's contract owner, customer and org unit (for R7), version 4
// the monthly counters of the paid instalments and the payments
// (receivable_months, for R7 and R1), version 5 the customers' regions
// and the counters per customer and per region (regions.go), so a
// generation built before is rebuilt.
func (*Projection) Version() int { return 5 }

// receivableVersionRow is a contract's receivables as they stood after
// one event: the contract's columns and its instalments (what was due,
// paid and how far dunning went) as one JSON array. One row per contract
// and event rather than per instalment: a new plan drops instalments,
// which a per-instalment history would have to close one by one, and an
// as-of list reads one version per contract through the GiST indexes.
type receivableVersionRow struct {
	ContractID     string          `db:"contract_id"`
	CustomerID     string          `db:"customer_id"`
	OwnerID        string          `db:"owner_id"`
	ContractStatus string          `db:"contract_status"`
	Instalments    []instalmentRow `db:"instalments"`
	tables.Stamp
}

func newVersions() *tables.Versions[receivableVersionRow] {
	return tables.NewVersions("receivables", "contract_id",
		func(r *receivableVersionRow) string { return r.ContractID }, func(r *receivableVersionRow) uint64 { return r.Version })
}

func setupVersions(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `CREATE TABLE `+tables.VersionsTable("receivables")+` (
			contract_id text NOT NULL, customer_id text NOT NULL, owner_id text NOT NULL,
			contract_status text NOT NULL, instalments jsonb NOT NULL,
			version bigint NOT NULL, updated_at timestamptz NOT NULL,
			sys_period tstzrange NOT NULL, valid_period tstzrange NOT NULL,
			PRIMARY KEY (contract_id, version)
		);`)
	return err
}

// indexVersions indexes the versions by time on either axis; the filters
// (customer, owner, contract) are few rows of the versions of then.
func indexVersions(ctx context.Context, tx pgx.Tx) error {
	// a generation built before drops the indexes it no longer needs
	_, err := tx.Exec(ctx, tables.RetiredVersionsIndexes("receivables")+";\n"+tables.VersionsIndexes("receivables"))
	return err
}

// record keeps contract c's receivables as they stand after e, when e is
// one the read model reads (the others only move the version and change
// nothing an aging shows).
func (b receivableBatch) record(c *receivableContractRow, e tables.Decoded) {
	if c == nil || e.Event == nil || c.Version != e.StreamVersion {
		return
	}
	v := &receivableVersionRow{ContractID: c.ContractID, CustomerID: c.CustomerID, OwnerID: c.OwnerID,
		ContractStatus: c.ContractStatus, Instalments: make([]instalmentRow, 0, len(c.Instalments)), Stamp: c.Stamp}
	for _, id := range c.Instalments {
		if r := b.instalments.Get(c.ContractID + "\x00" + id); r != nil {
			v.Instalments = append(v.Instalments, r.asStored())
		}
	}
	slices.SortFunc(v.Instalments, func(a, b instalmentRow) int { return a.Seq - b.Seq })
	b.versions.Record(c.ContractID, v, e)
}

// asStored is the instalment with its times as PostgreSQL keeps them (UTC,
// microseconds), so its JSON is the same whether the row was folded from
// an event or read back from its table: a rebuild writes the same bytes.
func (r instalmentRow) asStored() instalmentRow {
	stored := func(t *time.Time) *time.Time {
		if t == nil {
			return nil
		}
		s := t.UTC().Truncate(time.Microsecond)
		return &s
	}
	r.LastDunningAt, r.LastPaidAt = stored(r.LastDunningAt), stored(r.LastPaidAt)
	r.UpdatedAt = r.UpdatedAt.UTC().Truncate(time.Microsecond)
	return r
}

// instalmentsAsOf is the instalments of the contracts' versions of then,
// under the names the current tables give them (alias r, one row per
// instalment). A read of one contract's (keyed) finds its versions by the
// primary key alone (tables.AsOfKeyedCondition).
func (q *Queries) instalmentsAsOf(w *tables.Where, at queries.Bitemporal, keyed bool) string {
	asOf := tables.AsOfCondition
	if keyed {
		asOf = tables.AsOfKeyedCondition
	}
	return fmt.Sprintf(`(SELECT v.contract_id, v.customer_id, v.owner_id, v.contract_status, i.instalment_id, i.seq, i.due_date,
			i.amount_minor, i.paid_minor, i.currency, i.payments, i.dunning_stage, i.last_dunning_at, i.last_paid_at, i.version, i.updated_at
		FROM %s v CROSS JOIN LATERAL jsonb_to_recordset(v.instalments) AS i(instalment_id text, seq int, due_date text,
			amount_minor bigint, paid_minor bigint, currency text, payments int, dunning_stage text,
			last_dunning_at timestamptz, last_paid_at timestamptz, version bigint, updated_at timestamptz)
		WHERE %s) r`, q.Table(tables.VersionsTable("receivables")), asOf(w, "v.", at.AsOf, at.ValidAt))
}
