package projections_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
)

// Given a runner inside a batch, when its connection dies (a database
// restart, a terminated backend), then the runner stops with the error
// instead of parking the event it was applying as poison, and a runner
// started again applies the whole batch once.
func TestRunner_LostConnectionParksNothing(t *testing.T) {
	pool, ns := testPool(t)
	store := memory.New()
	l := &ledger{block: make(chan struct{})}
	appendEvents(t, store, "acct-1", "test.credited", 3)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- projections.NewRunner(pool, store, ns, l, projectiontest.FastOptions()).Run(ctx) }()
	var pid int32
	projectiontest.Eventually(t, "the runner inside its batch", func() bool {
		err := pool.QueryRow(ctx, `SELECT pid FROM pg_stat_activity WHERE datname = current_database()
			AND pid <> pg_backend_pid() AND query LIKE 'INSERT INTO entries%'`).Scan(&pid)
		return err == nil
	})
	if _, err := pool.Exec(ctx, `SELECT pg_terminate_backend($1)`, pid); err != nil {
		t.Fatal(err)
	}
	close(l.block)

	select {
	case err := <-done:
		if err == nil {
			t.Fatal("Run() = nil after its connection died, want the error")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the runner went on after its connection died")
	}
	if parked, _ := projections.DeadLetters(ctx, pool, ns, true); len(parked) != 0 {
		t.Fatalf("parked %+v after a lost connection, want nothing parked", parked)
	}
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, l, projectiontest.FastOptions()))
	projectiontest.Eventually(t, "3 entries", func() bool { return count(t, pool, ns) == 3 })
}
