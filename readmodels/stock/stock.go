// Package stock is the stock read model (§3.10): what each branch holds of
// each product, the transfers between branches and where they stand (in
// transit among them), and the replenishment requests to headquarters
// with what was received against them.
package stock

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain/stock"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Projection keeps one row per stock item (stock_items), transfer
// (stock_transfers) and replenishment request (replenishment_requests).
type Projection struct{ codec *eventstore.Codec }

// New returns the stock projection.
func New() *Projection { return &Projection{codec: eventstore.NewCodec(stock.Events()...)} }

// Name implements Projection.
func (*Projection) Name() string { return "stock" }

// Tables implements Projection.
func (*Projection) Tables() []string {
	return []string{"stock_items", "stock_transfers", "replenishment_requests"}
}

var prefixes = []string{stock.ItemStreamPrefix, stock.TransferStream(""), stock.ReplenishmentStream("")}

// Filter implements Projection.
func (*Projection) Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: prefixes}
}

// Setup implements Projection.
func (*Projection) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE TABLE stock_items (
			item_id text PRIMARY KEY, branch_id text NOT NULL, product_name text NOT NULL, model_spec text NOT NULL,
			on_hand bigint NOT NULL, reserved bigint NOT NULL,
			version bigint NOT NULL, updated_at timestamptz NOT NULL
		) WITH (fillfactor = 80);
		CREATE TABLE stock_transfers (
			transfer_id text PRIMARY KEY, from_branch_id text NOT NULL, to_branch_id text NOT NULL,
			product_name text NOT NULL, model_spec text NOT NULL, quantity bigint NOT NULL, status text NOT NULL,
			requested_by text NOT NULL, requested_at timestamptz NOT NULL, shipped_at timestamptz, received_at timestamptz,
			version bigint NOT NULL, updated_at timestamptz NOT NULL
		) WITH (fillfactor = 80);
		CREATE TABLE replenishment_requests (
			request_id text PRIMARY KEY, branch_id text NOT NULL, product_name text NOT NULL, model_spec text NOT NULL,
			quantity bigint NOT NULL, delivered bigint NOT NULL, fulfilled boolean NOT NULL,
			requested_by text NOT NULL, requested_at timestamptz NOT NULL,
			version bigint NOT NULL, updated_at timestamptz NOT NULL
		) WITH (fillfactor = 80);`)
	return err
}

// Indexes implements Indexer: the lists' filters and default orders.
func (*Projection) Indexes(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE INDEX IF NOT EXISTS stock_items_branch ON stock_items (branch_id, item_id);
		CREATE INDEX IF NOT EXISTS stock_transfers_status ON stock_transfers (status, transfer_id);
		CREATE INDEX IF NOT EXISTS replenishment_requests_open ON replenishment_requests (fulfilled, request_id);`)
	return err
}

type itemRow struct {
	ItemID      string `db:"item_id"`
	BranchID    string `db:"branch_id"`
	ProductName string `db:"product_name"`
	ModelSpec   string `db:"model_spec"`
	OnHand      int64  `db:"on_hand"`
	Reserved    int64  `db:"reserved"`
	tables.Stamp
}

type transferRow struct {
	TransferID   string     `db:"transfer_id"`
	FromBranchID string     `db:"from_branch_id"`
	ToBranchID   string     `db:"to_branch_id"`
	ProductName  string     `db:"product_name"`
	ModelSpec    string     `db:"model_spec"`
	Quantity     int64      `db:"quantity"`
	Status       string     `db:"status"`
	RequestedBy  string     `db:"requested_by"`
	RequestedAt  time.Time  `db:"requested_at"`
	ShippedAt    *time.Time `db:"shipped_at"`
	ReceivedAt   *time.Time `db:"received_at"`
	tables.Stamp
}

type replenishmentRow struct {
	RequestID   string    `db:"request_id"`
	BranchID    string    `db:"branch_id"`
	ProductName string    `db:"product_name"`
	ModelSpec   string    `db:"model_spec"`
	Quantity    int64     `db:"quantity"`
	Delivered   int64     `db:"delivered"`
	Fulfilled   bool      `db:"fulfilled"`
	RequestedBy string    `db:"requested_by"`
	RequestedAt time.Time `db:"requested_at"`
	tables.Stamp
}

type batch struct {
	items          *tables.Set[itemRow]
	transfers      *tables.Set[transferRow]
	replenishments *tables.Set[replenishmentRow]
}

func newBatch() batch {
	return batch{
		items:          tables.NewSet("stock_items", func(r *itemRow) string { return r.ItemID }, "item_id"),
		transfers:      tables.NewSet("stock_transfers", func(r *transferRow) string { return r.TransferID }, "transfer_id"),
		replenishments: tables.NewSet("replenishment_requests", func(r *replenishmentRow) string { return r.RequestID }, "request_id"),
	}
}

// Apply implements Projection: one read and one write round trip a batch.
// The three tables are keyed by the ids of their own streams; a batch
// loads every table by every id it touches, which reads at most a few
// rows it does not change.
func (p *Projection) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	b := newBatch()
	evs, err := tables.NewEvents(p.codec, "", stock.Events()...).Decode(events)
	if err != nil {
		return err
	}
	ids := make([]string, 0, len(evs))
	for _, e := range evs {
		if _, id, ok := split(e.Stream); ok {
			ids = append(ids, id)
		}
	}
	return tables.ApplyBatch(ctx, tx, ids, func() error {
		for _, e := range evs {
			b.apply(e)
		}
		return nil
	}, b.items, b.transfers, b.replenishments)
}

// split returns the prefix of a stock stream and the id after it.
func split(stream string) (prefix, id string, ok bool) {
	for _, p := range prefixes {
		if strings.HasPrefix(stream, p) {
			return p, stream[len(p):], true
		}
	}
	return "", "", false
}

func (b batch) apply(e tables.Decoded) {
	prefix, id, ok := split(e.Stream)
	switch {
	case !ok:
	case prefix == stock.TransferStream(""):
		b.transfer(id, e)
	case prefix == stock.ReplenishmentStream(""):
		b.replenishment(id, e)
	default:
		b.item(id, e)
	}
}
