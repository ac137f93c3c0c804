package projections_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
)

// readCounter counts the reads of the log that do not come from a
// subscription (a memory subscription reads the store it wraps directly).
type readCounter struct {
	eventstore.Store
	reads atomic.Int64
}

func (s *readCounter) ReadAll(ctx context.Context, from eventstore.Position, limit int, f eventstore.Filter) ([]eventstore.Recorded, error) {
	s.reads.Add(1)
	return s.Store.ReadAll(ctx, from, limit, f)
}

func (s *readCounter) Head(ctx context.Context) (eventstore.Position, error) {
	s.reads.Add(1)
	return s.Store.Head(ctx)
}

func TestWaitFor_aLocalRunnerPassingEventsItSkipsIsKnownWithoutReadingTheLog(t *testing.T) {
	ctx := context.Background()
	pool, ns := testPool(t)
	store := &readCounter{Store: memory.New()}
	appendEvents(t, store, "acct-1", "test.credited", 2)
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, &ledger{}, projectiontest.FastOptions()))
	projectiontest.Eventually(t, "2 entries", func() bool { return count(t, pool, ns) == 2 })

	// Given events the ledger does not select after its checkpoint,
	appendEvents(t, store, "other-1", "test.ignored", 3)
	head, err := store.Store.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	store.reads.Store(0)

	// when a caller waits for the last of them,
	err = projections.WaitFor(ctx, pool, store, ns, head, 5*time.Second, &ledger{})

	// then the wait ends on what the runner told, without reading the log,
	if err != nil {
		t.Fatalf("WaitFor(head) = %v, want nil", err)
	}
	if n := store.reads.Load(); n != 0 {
		t.Errorf("reads of the log during WaitFor = %d, want 0", n)
	}
	// and skipping cost no transaction: the checkpoint counts the 2 applied.
	var applied int
	if err := pool.QueryRow(ctx, "SELECT events_applied FROM "+pgx.Identifier{string(ns), "projection_checkpoints"}.Sanitize()+
		" WHERE name = 'ledger'").Scan(&applied); err != nil {
		t.Fatal(err)
	}
	if applied != 2 {
		t.Errorf("events applied = %d, want 2", applied)
	}
}

func TestWaitFor_withoutALocalRunnerAsksTheLog(t *testing.T) {
	ctx := context.Background()
	pool, ns := testPool(t)
	store := memory.New()
	appendEvents(t, store, "acct-1", "test.credited", 2)
	stop := projectiontest.Run(t, projections.NewRunner(pool, store, ns, &ledger{}, projectiontest.FastOptions()))
	projectiontest.Eventually(t, "2 entries", func() bool { return count(t, pool, ns) == 2 })
	stop()

	// Given no runner here, and events the ledger does not select after its checkpoint,
	appendEvents(t, store, "other-1", "test.ignored", 3)
	head, err := store.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// when a caller waits for the last of them, then the log tells it passed;
	if err := projections.WaitFor(ctx, pool, store, ns, head, 5*time.Second, &ledger{}); err != nil {
		t.Fatalf("WaitFor(skipped events) = %v, want nil", err)
	}
	// and an event it selects, never applied, times the wait out.
	appendEvents(t, store, "acct-2", "test.credited", 1)
	head, _ = store.Head(ctx)
	if err := projections.WaitFor(ctx, pool, store, ns, head, 50*time.Millisecond, &ledger{}); err == nil {
		t.Fatal("WaitFor(an unapplied event) = nil, want not caught up")
	}
}

func TestLivePassed_tellsWhereALocalRunnerCommitted_andLiveMovedWakesAtItsMove(t *testing.T) {
	ctx := context.Background()
	pool, ns := testPool(t)
	store := memory.New()
	appendEvents(t, store, "acct-1", "test.credited", 2)
	// Given no runner here, nothing is told;
	if _, ok := projections.LivePassed(pool, ns, "ledger"); ok {
		t.Fatal("LivePassed before any runner: ok, want none")
	}
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, &ledger{}, projectiontest.FastOptions()))
	projectiontest.Eventually(t, "2 entries", func() bool { return count(t, pool, ns) == 2 })
	moved := projections.LiveMoved()

	// when a runner applies an event,
	appendEvents(t, store, "acct-2", "test.credited", 1)
	head, err := store.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-moved:
	case <-time.After(5 * time.Second):
		t.Fatal("LiveMoved did not wake at the runner's move")
	}
	// then it tells a position at or past the event once the event's row
	// can be read.
	projectiontest.Eventually(t, "passed the head", func() bool {
		pos, ok := projections.LivePassed(pool, ns, "ledger")
		return ok && pos.Compare(head) >= 0
	})
	if n := count(t, pool, ns); n != 3 {
		t.Errorf("entries once passed = %d, want 3", n)
	}
}
