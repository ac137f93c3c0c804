package projections_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
)

func TestRunner_RebuildMatchesLiveAndSwitchesAtomically(t *testing.T) {
	pool, ns := testPool(t)
	store := memory.New()
	l := &ledger{}
	for i := 0; i < 20; i++ {
		appendEvents(t, store, "acct-"+string(rune('a'+i%5)), "test.credited", 3)
	}
	stop := projectiontest.Run(t, projections.NewRunner(pool, store, ns, l, projectiontest.FastOptions()))
	projectiontest.Eventually(t, "60 entries", func() bool { return count(t, pool, ns) == 60 })
	stop()
	live := checksum(t, pool, ns)

	var last int64
	gen, err := projections.NewRunner(pool, store, ns, l, projectiontest.FastOptions()).Rebuild(context.Background(),
		func(applied int64, _ eventstore.Position) { last = applied })
	if err != nil {
		t.Fatalf("Rebuild: %v", err)
	}
	if gen != 2 || last != 60 {
		t.Errorf("Rebuild() = generation %d after %d events, want generation 2 after 60", gen, last)
	}
	if got := checksum(t, pool, ns); got != live {
		t.Errorf("rebuilt checksum = %s, want the live one %s", got, live)
	}

	// The live runner follows the switch and keeps the new generation current.
	appendEvents(t, store, "acct-z", "test.credited", 1)
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, l, projectiontest.FastOptions()))
	projectiontest.Eventually(t, "61 entries in the new generation", func() bool { return count(t, pool, ns) == 61 })
}

// checksum is an order-independent digest of every row the view shows.
func checksum(t *testing.T, pool interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, ns projections.Namespace) string {
	t.Helper()
	var sum string
	q := "SELECT md5(string_agg(md5(e::text), '' ORDER BY md5(e::text))) FROM " + pgx.Identifier{string(ns), "entries"}.Sanitize() + " e"
	if err := pool.QueryRow(context.Background(), q).Scan(&sum); err != nil {
		t.Fatalf("checksum: %v", err)
	}
	return sum
}

func TestRebuildAll_OnePassMatchesLive(t *testing.T) {
	pool, ns := testPool(t)
	ctx := context.Background()
	store := memory.New()
	l := &ledger{}
	j := journal{}
	ps := []projections.Projection{l, j}
	if err := projections.Ensure(ctx, pool, ns, j); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	for i := 0; i < 30; i++ {
		appendEvents(t, store, "acct-"+string(rune('a'+i%4)), "test.credited", 2)
		appendEvents(t, store, "other-1", "test.ignored", 1) // the journal sees these, the ledger does not
	}
	stopLedger := projectiontest.Run(t, projections.NewRunner(pool, store, ns, l, projectiontest.FastOptions()))
	stopJournal := projectiontest.Run(t, projections.NewRunner(pool, store, ns, j, projectiontest.FastOptions()))
	projectiontest.Eventually(t, "60 entries", func() bool { return count(t, pool, ns) == 60 })
	projectiontest.Eventually(t, "90 journal rows", func() bool {
		n, err := journalRows(ctx, pool, ns)
		return err == nil && n == 90
	})
	stopLedger()
	stopJournal()
	live := checksum(t, pool, ns)

	opts := projectiontest.FastOptions()
	opts.RebuildBatch = 7 // batches that split streams
	var applied int64
	err := projections.RebuildAll(ctx, pool, store, ns, ps, opts, func(n int64, _ eventstore.Position) { applied = n })
	if err != nil {
		t.Fatalf("RebuildAll: %v", err)
	}
	if applied != 90 {
		t.Errorf("RebuildAll read %d events, want the 90 of the log, once", applied)
	}
	if got := checksum(t, pool, ns); got != live {
		t.Errorf("rebuilt ledger checksum = %s, want the live one %s", got, live)
	}
	if n, err := journalRows(ctx, pool, ns); err != nil || n != 90 {
		t.Errorf("rebuilt journal = %d rows, %v; want 90", n, err)
	}
}

// A live runner whose generation a rebuild replaces writes nothing more
// to the old one: its next batch fails at the checkpoint, is rolled back,
// and the runner moves to the new generation.
func TestRunner_LiveRunnerLeavesTheReplacedGenerationAlone(t *testing.T) {
	pool, ns := testPool(t)
	store := memory.New()
	l := &ledger{}
	appendEvents(t, store, "acct-a", "test.credited", 5)
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, l, projectiontest.FastOptions()))
	projectiontest.Eventually(t, "5 entries", func() bool { return count(t, pool, ns) == 5 })

	gen, err := projections.NewRunner(pool, store, ns, l, projectiontest.FastOptions()).Rebuild(context.Background(), func(int64, eventstore.Position) {})
	if err != nil || gen != 2 {
		t.Fatalf("Rebuild() = %d, %v; want generation 2", gen, err)
	}
	appendEvents(t, store, "acct-b", "test.credited", 3)
	projectiontest.Eventually(t, "8 entries in generation 2", func() bool { return count(t, pool, ns) == 8 })

	var old int
	q := "SELECT count(*) FROM " + pgx.Identifier{string(ns) + "_ledger_g1", "entries"}.Sanitize()
	if err := pool.QueryRow(context.Background(), q).Scan(&old); err != nil {
		t.Fatalf("count generation 1: %v", err)
	}
	if old != 5 {
		t.Errorf("generation 1 after the switch holds %d entries, want the 5 from before", old)
	}
}

// indexedJournal is the journal with query indexes a rebuild defers: two
// indexes in one statement after a drop, as the read models declare them.
type indexedJournal struct{ journal }

func (indexedJournal) Name() string { return "indexed_journal" }
func (indexedJournal) Indexes(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `DROP INDEX IF EXISTS journal_gone;
		CREATE INDEX IF NOT EXISTS journal_id_text ON journal (lower(event_id));
		CREATE INDEX IF NOT EXISTS journal_id_desc ON journal (event_id DESC);`)
	return err
}

// Given a read model with deferred query indexes, when RebuildAll rebuilds
// it, then the generation
// the views show has every one of them and all the rows.
func TestRebuildAll_theSwitchedGenerationHasItsIndexes(t *testing.T) {
	pool, ns := testPool(t)
	ctx := context.Background()
	store := memory.New()
	p := indexedJournal{}
	if err := projections.Ensure(ctx, pool, ns, p); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	for i := 0; i < 10; i++ {
		appendEvents(t, store, "acct-"+string(rune('a'+i%4)), "test.credited", 2)
	}
	opts := projectiontest.FastOptions()
	opts.RebuildBatch = 7
	if err := projections.RebuildAll(ctx, pool, store, ns, []projections.Projection{p}, opts, nil); err != nil {
		t.Fatalf("RebuildAll: %v", err)
	}
	var indexes []string
	rows, err := pool.Query(ctx, `SELECT indexname FROM pg_indexes WHERE schemaname = (
		SELECT table_schema FROM information_schema.view_table_usage WHERE view_schema = $1 AND view_name = 'journal')
		ORDER BY indexname`, string(ns))
	if err == nil {
		indexes, err = pgx.CollectRows(rows, pgx.RowTo[string])
	}
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"journal_id_desc", "journal_id_text", "journal_pkey"}
	if fmt.Sprint(indexes) != fmt.Sprint(want) {
		t.Errorf("indexes of the switched generation = %v, want %v", indexes, want)
	}
	if n, err := journalRows(ctx, pool, ns); err != nil || n != 20 {
		t.Errorf("rebuilt journal = %d rows, %v; want 20", n, err)
	}
}
