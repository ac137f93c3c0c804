package projections_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
)

// ledgerV2 is the ledger after a release that added a column: its
// tables changed shape, so it says Version 2.
type ledgerV2 struct{ *ledger }

func (ledgerV2) Version() int { return 2 }

func (l ledgerV2) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `CREATE TABLE entries (event_id text PRIMARY KEY, stream text NOT NULL, version bigint NOT NULL,
		body text NOT NULL, kind text NOT NULL DEFAULT 'credit')`)
	return err
}

func TestRunner_OutdatedGeneration_isRebuiltBeforeItFollowsTheLog(t *testing.T) {
	// Given a read model built by version 1 of its projection
	pool, ns := testPool(t)
	store := memory.New()
	appendEvents(t, store, "acct-1", "test.credited", 5)
	stop := projectiontest.Run(t, projections.NewRunner(pool, store, ns, &ledger{}, projectiontest.FastOptions()))
	projectiontest.Eventually(t, "5 entries", func() bool { return count(t, pool, ns) == 5 })
	stop()
	// When version 2 of the projection starts on it
	v2 := ledgerV2{&ledger{}}
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, v2, projectiontest.FastOptions()))
	// Then a new generation with the new tables replaces it, rebuilt from the log
	projectiontest.Eventually(t, "generation 2 active", func() bool { return generationOf(t, pool, ns, v2) == 2 })
	if n := count(t, pool, ns); n != 5 {
		t.Fatalf("entries after the upgrade = %d, want the 5 rebuilt", n)
	}
	var kinds int
	if err := pool.QueryRow(t.Context(), "SELECT count(*) FROM "+pgx.Identifier{string(ns), "entries"}.Sanitize()+" WHERE kind = 'credit'").Scan(&kinds); err != nil {
		t.Fatalf("the new column is missing: %v", err)
	}
	// And it follows the log from there, without another rebuild
	appendEvents(t, store, "acct-1", "test.credited", 2)
	projectiontest.Eventually(t, "7 entries", func() bool { return count(t, pool, ns) == 7 })
	time.Sleep(50 * time.Millisecond)
	if gen := generationOf(t, pool, ns, v2); gen != 2 {
		t.Fatalf("generation after following = %d, want 2 (upgraded once)", gen)
	}
}

func generationOf(t *testing.T, pool interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, ns projections.Namespace, p projections.Projection) int {
	t.Helper()
	var gen int
	err := pool.QueryRow(t.Context(), "SELECT active_generation FROM "+pgx.Identifier{string(ns), "projection_state"}.Sanitize()+
		" WHERE name = $1", p.Name()).Scan(&gen)
	if err != nil {
		t.Fatal(err)
	}
	return gen
}

func TestRunner_GenerationOfNewerCode_isLeftAlone(t *testing.T) {
	// Given a read model built by version 2 of its projection
	pool, ns := testPool(t)
	store := memory.New()
	appendEvents(t, store, "acct-1", "test.credited", 5)
	v2 := ledgerV2{&ledger{}}
	stop := projectiontest.Run(t, projections.NewRunner(pool, store, ns, v2, projectiontest.FastOptions()))
	projectiontest.Eventually(t, "5 entries", func() bool { return count(t, pool, ns) == 5 })
	stop()
	built := generationOf(t, pool, ns, v2)
	// When a process still on version 1 runs it while new events arrive
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, &ledger{}, projectiontest.FastOptions()))
	appendEvents(t, store, "acct-1", "test.credited", 2)
	time.Sleep(200 * time.Millisecond)
	// Then it applies nothing, and does not keep version 2 from running
	if n := count(t, pool, ns); n != 5 {
		t.Fatalf("entries = %d; version 1 applied events to version 2 tables", n)
	}
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, v2, projectiontest.FastOptions()))
	projectiontest.Eventually(t, "7 entries", func() bool { return count(t, pool, ns) == 7 })
	if gen := generationOf(t, pool, ns, v2); gen != built {
		t.Fatalf("generation = %d, want %d (nothing rebuilt)", gen, built)
	}
}
