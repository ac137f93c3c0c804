package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/eventstoretest"
	"github.com/opsledger/opsledger/eventstore/postgres"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

// TestStore runs the conformance suite against one store shared by all
// its subtests (the suite isolates them by stream prefix), which keeps the
// connection count low.
func TestStore(t *testing.T) {
	store := pgtest.Store(t)
	eventstoretest.Run(t, func(*testing.T) eventstore.Store { return store }, eventstoretest.Options{
		Begin: func(ctx context.Context, s eventstore.Store) (eventstoretest.Transaction, error) {
			return pgtest.BeginHeld(t, ctx, s.(*postgres.Store))
		},
	})
}

// event returns an event with a fresh id and a small JSON body.
func event(typ string, n int) eventstore.EventData {
	return eventstore.EventData{
		ID: uuid.NewString(), Type: typ, SchemaVersion: 1,
		Data: fmt.Appendf(nil, `{"n":%d}`, n),
	}
}

// Given a log whose (stream, id) index an operator built beforehand
// (CONCURRENTLY, so appends went on), when the migration runs, then it
// attaches that index as the constraint instead of building another.
func TestMigrate_attachesAPrebuiltStreamIDIndex(t *testing.T) {
	pool, schema := pgtest.Pool(t)
	ctx := t.Context()
	if err := postgres.Migrate(ctx, pool, schema); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	// Back to the log before migration 2, with the index built by hand.
	for _, stmt := range []string{
		"ALTER TABLE events DROP CONSTRAINT events_stream_id",
		"DELETE FROM schema_migrations WHERE component = 'eventstore' AND version = 2",
		"CREATE UNIQUE INDEX CONCURRENTLY events_stream_id ON events (stream, id)",
	} {
		if _, err := pool.Exec(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}

	if err := postgres.Migrate(ctx, pool, schema); err != nil {
		t.Fatalf("Migrate with the index built: %v", err)
	}

	var constraints, indexes int
	err := pool.QueryRow(ctx, `SELECT
	(SELECT count(*) FROM pg_constraint WHERE conname = 'events_stream_id' AND conrelid = 'events'::regclass),
	(SELECT count(*) FROM pg_index WHERE indrelid = 'events'::regclass AND indisunique)`).Scan(&constraints, &indexes)
	if err != nil || constraints != 1 || indexes != 3 {
		t.Errorf("constraint events_stream_id %d, unique indexes %d, %v; want 1 and 3 (pkey, stream version, stream id)", constraints, indexes, err)
	}
}

func TestMigrate_isIdempotent(t *testing.T) {
	pool, schema := pgtest.Pool(t)
	for range 2 {
		if err := postgres.Migrate(t.Context(), pool, schema); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
	}
	// Each migration once, none skipped: rows, distinct versions and the
	// highest version agree.
	var rows, distinct, highest int
	err := pool.QueryRow(t.Context(), `SELECT count(*), count(DISTINCT version), coalesce(max(version), 0)
FROM schema_migrations WHERE component = 'eventstore'`).Scan(&rows, &distinct, &highest)
	if err != nil || rows < 2 || rows != distinct || rows != highest {
		t.Fatalf("schema_migrations: %d rows, %d versions, highest %d, %v; want each of at least 2 migrations once", rows, distinct, highest, err)
	}
}

func TestPgtest_poolUsesItsSchema(t *testing.T) {
	pool, schema := pgtest.Pool(t)
	var got string
	if err := pool.QueryRow(t.Context(), "SELECT current_schema()").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != schema {
		t.Fatalf("current_schema() = %q, want %q", got, schema)
	}
}

// poolFor returns a second pool on the same database, as another process
// would have.
func poolFor(t *testing.T) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.New(t.Context(), pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}
