package projections_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/projections"
)

// testPool connects to TEST_POSTGRES_URL and gives the test a fresh
// namespace, dropped with its generation schemas when the test ends.
func testPool(t *testing.T) (*pgxpool.Pool, projections.Namespace) {
	t.Helper()
	url := os.Getenv("TEST_POSTGRES_URL")
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("TEST_POSTGRES_URL not set; CI needs PostgreSQL")
		}
		t.Skip("TEST_POSTGRES_URL not set; skipping PostgreSQL integration test")
	}
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, url)
	if err == nil {
		err = pool.Ping(ctx)
	}
	if err != nil {
		t.Fatalf("connect %s: %v", url, err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	ns := projections.Namespace("t" + hex.EncodeToString(b))
	if err := projections.Migrate(ctx, pool, ns); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	if err := projections.Ensure(ctx, pool, ns, &ledger{}); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	t.Cleanup(func() {
		rows, _ := pool.Query(ctx, "SELECT nspname FROM pg_namespace WHERE nspname = $1 OR nspname LIKE $1 || '\\_%'", string(ns))
		names, _ := pgx.CollectRows(rows, pgx.RowTo[string])
		for _, n := range names {
			pool.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{n}.Sanitize()+" CASCADE")
		}
		pool.Close()
	})
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

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// run starts a runner and returns a function that stops it and returns
// its error.
func run(t *testing.T, r *projections.Runner) (stop func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		return <-done
	}
	t.Cleanup(func() { stop() })
	return stop
}

func fastOptions() projections.Options {
	return projections.Options{Backoff: time.Millisecond, Standby: 20 * time.Millisecond, MaxAttempts: 2}
}
