package projections_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
)

// apartJournal is the journal with two query indexes a rebuild builds
// apart (projections.IndexBuilds).
type apartJournal struct{}

func (apartJournal) Name() string              { return "apart" }
func (apartJournal) Tables() []string          { return []string{"apart"} }
func (apartJournal) Filter() eventstore.Filter { return eventstore.Filter{} }
func (apartJournal) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `CREATE TABLE apart (event_id text PRIMARY KEY, stream text NOT NULL, type text NOT NULL)`)
	return err
}

func (apartJournal) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	for _, e := range events {
		if _, err := tx.Exec(ctx, `INSERT INTO apart VALUES ($1, $2, $3)`, e.ID, e.Stream, e.Type); err != nil {
			return err
		}
	}
	return nil
}

func (j apartJournal) Indexes(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, strings.Join(j.IndexBuilds(), ";\n"))
	return err
}

func (apartJournal) IndexBuilds() []string {
	return []string{
		"CREATE INDEX IF NOT EXISTS apart_stream ON apart (stream, event_id)",
		"CREATE INDEX IF NOT EXISTS apart_type ON apart (type, event_id)",
	}
}

// rebuiltIndexes returns the index names of the apart read model's
// newest generation.
func rebuiltIndexes(t *testing.T, pool *pgxpool.Pool, ns projections.Namespace) []string {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT indexname FROM pg_indexes WHERE schemaname = (
		SELECT max(schemaname) FROM pg_indexes WHERE schemaname LIKE $1 || '_apart_g%') ORDER BY indexname`, string(ns))
	if err != nil {
		t.Fatalf("indexes: %v", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatalf("indexes: %v", err)
	}
	return names
}

// Given a read model whose query indexes are independent builds, when
// RebuildAll rebuilds it, then its new generation has every index and
// the rows it applied, as Ensure's first generation does.
func TestRebuildAll_indexBuildsApart_leaveEveryIndexAndRow(t *testing.T) {
	pool, ns := testPool(t)
	ctx := context.Background()
	store := memory.New()
	for i := range 12 {
		appendEvents(t, store, "acct-"+string(rune('a'+i%3)), "test.credited", 3)
	}
	if err := projections.Ensure(ctx, pool, ns, apartJournal{}); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	first := rebuiltIndexes(t, pool, ns)
	if err := projections.RebuildAll(ctx, pool, store, ns, []projections.Projection{apartJournal{}}, projections.Options{RebuildBatch: 10}, nil); err != nil {
		t.Fatalf("RebuildAll: %v", err)
	}
	want := []string{"apart_pkey", "apart_stream", "apart_type"}
	if got := rebuiltIndexes(t, pool, ns); !slices.Equal(got, want) || !slices.Equal(first, want) {
		t.Errorf("rebuilt generation's indexes %v (first generation's %v), want %v", got, first, want)
	}
	var n int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM "+pgx.Identifier{string(ns), "apart"}.Sanitize()).Scan(&n); err != nil || n != 36 {
		t.Errorf("rebuilt rows = %d, %v; want the 36 events", n, err)
	}
}

// Given a pool of one connection, which the rebuilding read model holds,
// when RebuildAll builds its indexes, then it builds them all on that
// connection instead of waiting for another one forever.
func TestRebuildAll_indexBuildsApart_onAnExhaustedPool_useTheReadModelsConnection(t *testing.T) {
	shared, ns := testPool(t)
	cfg := shared.Config()
	cfg.MaxConns, cfg.MinConns = 1, 0
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("pool: %v", err)
	}
	defer pool.Close()
	store := memory.New()
	appendEvents(t, store, "acct-a", "test.credited", 5)
	if err := projections.Ensure(ctx, pool, ns, apartJournal{}); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	if err := projections.RebuildAll(ctx, pool, store, ns, []projections.Projection{apartJournal{}}, projections.Options{}, nil); err != nil {
		t.Fatalf("RebuildAll on a pool of one connection: %v", err)
	}
	if got := rebuiltIndexes(t, pool, ns); len(got) != 3 {
		t.Errorf("rebuilt generation's indexes %v, want the key and both builds", got)
	}
}
