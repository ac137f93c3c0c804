package projections_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
)

func TestRunner_RebuildMatchesLiveAndSwitchesAtomically(t *testing.T) {
	pool, ns := testPool(t)
	store := memory.New()
	l := &ledger{}
	for i := 0; i < 20; i++ {
		appendEvents(t, store, "acct-"+string(rune('a'+i%5)), "test.credited", 3)
	}
	stop := run(t, projections.NewRunner(pool, store, ns, l, fastOptions()))
	eventually(t, "60 entries", func() bool { return count(t, pool, ns) == 60 })
	stop()
	live := checksum(t, pool, ns)

	var last int64
	gen, err := projections.NewRunner(pool, store, ns, l, fastOptions()).Rebuild(context.Background(),
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
	run(t, projections.NewRunner(pool, store, ns, l, fastOptions()))
	eventually(t, "61 entries in the new generation", func() bool { return count(t, pool, ns) == 61 })
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
