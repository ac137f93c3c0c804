package projections_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
)

// testPool gives the test a fresh namespace with the ledger set up.
func testPool(t *testing.T) (*pgxpool.Pool, projections.Namespace) {
	t.Helper()
	pool, ns := projectiontest.Pool(t)
	if err := projections.Ensure(context.Background(), pool, ns, &ledger{}); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	return pool, ns
}

// ledger is a test projection: one row per event, and a switch that makes
// events of type "test.poison" fail.
type ledger struct {
	poisoned atomic.Bool
	block    chan struct{} // when set, Apply waits on it after its inserts
}

func (l *ledger) Name() string     { return "ledger" }
func (l *ledger) Tables() []string { return []string{"entries"} }
func (l *ledger) Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{"acct-"}}
}
func (l *ledger) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `CREATE TABLE entries (event_id text PRIMARY KEY, stream text NOT NULL, version bigint NOT NULL, body text NOT NULL)`)
	return err
}

func (l *ledger) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	for _, e := range events {
		if e.Type == "test.poison" && l.poisoned.Load() {
			return errors.New("poison event")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO entries VALUES ($1, $2, $3, $4)`, e.ID, e.Stream, e.StreamVersion, string(e.Data)); err != nil {
			return err
		}
		if l.block != nil {
			select {
			case <-l.block:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	return nil
}

// journal is a second test projection that selects every event (the
// ledger selects only "acct-" streams): one row per event.
type journal struct{}

func (journal) Name() string              { return "journal" }
func (journal) Tables() []string          { return []string{"journal"} }
func (journal) Filter() eventstore.Filter { return eventstore.Filter{} }
func (journal) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `CREATE TABLE journal (event_id text PRIMARY KEY)`)
	return err
}

func (journal) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	ids := make([]string, len(events))
	for i, e := range events {
		ids[i] = e.ID
	}
	_, err := tx.Exec(ctx, `INSERT INTO journal SELECT unnest($1::text[])`, ids)
	return err
}

// journalRows counts the rows of the journal's view.
func journalRows(ctx context.Context, pool *pgxpool.Pool, ns projections.Namespace) (int, error) {
	var n int
	err := pool.QueryRow(ctx, "SELECT count(*) FROM "+pgx.Identifier{string(ns), "journal"}.Sanitize()).Scan(&n)
	return n, err
}

var seq atomic.Int64

func appendEvents(t *testing.T, store eventstore.Store, stream, typ string, n int) {
	t.Helper()
	evs := make([]eventstore.EventData, n)
	for i := range evs {
		evs[i] = eventstore.EventData{ID: fmt.Sprintf("ev-%d", seq.Add(1)), Type: typ, Data: []byte(fmt.Sprintf(`{"i":%d}`, i))}
	}
	if _, err := store.Append(context.Background(), stream, eventstore.Any, evs...); err != nil {
		t.Fatalf("Append: %v", err)
	}
}

func count(t *testing.T, pool *pgxpool.Pool, ns projections.Namespace) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), "SELECT count(*) FROM "+pgx.Identifier{string(ns), "entries"}.Sanitize()).Scan(&n); err != nil {
		t.Fatalf("count entries: %v", err)
	}
	return n
}
