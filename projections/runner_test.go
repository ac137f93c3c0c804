package projections_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/queries"
)

func TestRunner_AppliesOnceAcrossRestarts(t *testing.T) {
	pool, ns := testPool(t)
	store := memory.New()
	l := &ledger{}
	appendEvents(t, store, "acct-1", "test.credited", 5)
	appendEvents(t, store, "other-1", "test.ignored", 3) // filtered out

	stop := projectiontest.Run(t, projections.NewRunner(pool, store, ns, l, projectiontest.FastOptions()))
	projectiontest.Eventually(t, "5 entries", func() bool { return count(t, pool, ns) == 5 })
	if err := stop(); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run() after cancel = %v, want context.Canceled", err)
	}

	// Given the same history again, a restarted runner applies only what is new.
	appendEvents(t, store, "acct-2", "test.credited", 2)
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, l, projectiontest.FastOptions()))
	projectiontest.Eventually(t, "7 entries", func() bool { return count(t, pool, ns) == 7 })
	time.Sleep(50 * time.Millisecond)
	if n := count(t, pool, ns); n != 7 {
		t.Errorf("entries after restart = %d, want 7 (nothing applied twice)", n)
	}
}

func TestRunner_KilledMidBatchLeavesNothingHalfDone(t *testing.T) {
	pool, ns := testPool(t)
	store := memory.New()
	l := &ledger{block: make(chan struct{})}
	appendEvents(t, store, "acct-1", "test.credited", 10)

	stop := projectiontest.Run(t, projections.NewRunner(pool, store, ns, l, projectiontest.FastOptions()))
	time.Sleep(100 * time.Millisecond) // the runner is inside Apply, one row inserted
	stop()                             // killed mid-batch
	if n := count(t, pool, ns); n != 0 {
		t.Fatalf("entries visible after a killed batch = %d, want 0", n)
	}

	l.block = nil
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, l, projectiontest.FastOptions()))
	projectiontest.Eventually(t, "10 entries", func() bool { return count(t, pool, ns) == 10 })
}

func TestRunner_PoisonEventParksAndBlocks(t *testing.T) {
	pool, ns := testPool(t)
	store := memory.New()
	l := &ledger{}
	l.poisoned.Store(true)
	appendEvents(t, store, "acct-1", "test.credited", 3)
	appendEvents(t, store, "acct-1", "test.poison", 1)
	appendEvents(t, store, "acct-1", "test.credited", 2)

	projectiontest.Run(t, projections.NewRunner(pool, store, ns, l, projectiontest.FastOptions()))
	ctx := context.Background()
	var parked []queries.DeadLetter
	projectiontest.Eventually(t, "a parked event", func() bool {
		parked, _ = projections.DeadLetters(ctx, pool, ns, true)
		return len(parked) == 1
	})
	time.Sleep(100 * time.Millisecond)
	if n := count(t, pool, ns); n != 3 {
		t.Fatalf("entries while parked = %d, want 3 (the events before the poison one, none after)", n)
	}
	if parked[0].EventType != "test.poison" || parked[0].Error == "" {
		t.Errorf("dead letter = %+v, want the poison event with its error", parked[0])
	}

	t.Run("retry after the cause is fixed unblocks it", func(t *testing.T) {
		l.poisoned.Store(false)
		if err := projections.RetryDeadLetter(ctx, pool, ns, parked[0].ID, "emp-ops", "bug fixed"); err != nil {
			t.Fatalf("RetryDeadLetter: %v", err)
		}
		projectiontest.Eventually(t, "6 entries", func() bool { return count(t, pool, ns) == 6 })
	})
}

func TestRunner_SkipRecordsAndMovesPast(t *testing.T) {
	pool, ns := testPool(t)
	store := memory.New()
	l := &ledger{}
	l.poisoned.Store(true)
	appendEvents(t, store, "acct-1", "test.poison", 1)
	appendEvents(t, store, "acct-1", "test.credited", 2)

	projectiontest.Run(t, projections.NewRunner(pool, store, ns, l, projectiontest.FastOptions()))
	ctx := context.Background()
	var parked []queries.DeadLetter
	projectiontest.Eventually(t, "a parked event", func() bool {
		parked, _ = projections.DeadLetters(ctx, pool, ns, true)
		return len(parked) == 1
	})
	if err := projections.SkipDeadLetter(ctx, pool, ns, parked[0].ID, "emp-ops", "corrupt test data"); err != nil {
		t.Fatalf("SkipDeadLetter: %v", err)
	}
	projectiontest.Eventually(t, "2 entries", func() bool { return count(t, pool, ns) == 2 })

	all, _ := projections.DeadLetters(ctx, pool, ns, false)
	if len(all) != 1 || all[0].Status != "skipped" || all[0].ResolvedBy == nil || *all[0].ResolvedBy != "emp-ops" {
		t.Errorf("dead letters after skip = %+v, want one skipped by emp-ops", all)
	}
	if err := projections.SkipDeadLetter(ctx, pool, ns, parked[0].ID, "emp-ops", "again"); !errors.Is(err, queries.ErrDeadLetterNotFound) {
		t.Errorf("second skip error = %v, want ErrDeadLetterNotFound", err)
	}
}

func TestRunner_OneActiveRunnerPerProjection(t *testing.T) {
	pool, ns := testPool(t)
	store := memory.New()
	first, second := &ledger{block: make(chan struct{})}, &ledger{}
	appendEvents(t, store, "acct-1", "test.credited", 1)

	stopFirst := projectiontest.Run(t, projections.NewRunner(pool, store, ns, first, projectiontest.FastOptions()))
	time.Sleep(100 * time.Millisecond) // first holds the lock, blocked inside Apply
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, second, projectiontest.FastOptions()))
	time.Sleep(200 * time.Millisecond)
	if n := count(t, pool, ns); n != 0 {
		t.Fatalf("entries while the first runner holds the projection = %d, want 0 (second must stand by)", n)
	}

	stopFirst() // the first process dies; the second takes over
	projectiontest.Eventually(t, "takeover applies the event", func() bool { return count(t, pool, ns) == 1 })
}

// Given a read model that selects a few events and then a long run of
// events it does not select, when it follows the log live, then its
// checkpoint moves past the unselected ones within PassEvery, so a
// restart does not read them again; with a PassEvery longer than the test
// it stays at the last selected event.
func TestRunner_CheckpointMovesPastUnselectedEvents(t *testing.T) {
	for _, tc := range []struct {
		name      string
		passEvery time.Duration
		wantHead  bool
	}{
		{"within PassEvery", 20 * time.Millisecond, true},
		{"not before PassEvery", time.Hour, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pool, ns := testPool(t)
			store := memory.New()
			l := &ledger{}
			ctx := context.Background()
			opts := projectiontest.FastOptions()
			opts.PassEvery = tc.passEvery
			projectiontest.Run(t, projections.NewRunner(pool, store, ns, l, opts))

			appendEvents(t, store, "acct-1", "test.credited", 3)
			projectiontest.Eventually(t, "3 entries", func() bool { return count(t, pool, ns) == 3 })
			selected := checkpointOf(t, pool, store, ns, l).Position
			for i := 0; i < 5; i++ { // several batches, some after PassEvery
				appendEvents(t, store, "other-1", "test.ignored", 20)
				time.Sleep(30 * time.Millisecond)
			}
			head, err := store.Append(ctx, "other-1", eventstore.Any, eventstore.EventData{ID: "ev-head-" + tc.name, Type: "test.ignored", Data: []byte(`{}`)})
			if err != nil {
				t.Fatalf("Append: %v", err)
			}
			if tc.wantHead {
				projectiontest.Eventually(t, "checkpoint at the head", func() bool {
					return checkpointOf(t, pool, store, ns, l).Position == queries.Position(head.Position)
				})
			} else {
				time.Sleep(200 * time.Millisecond)
				if got := checkpointOf(t, pool, store, ns, l).Position; got != selected {
					t.Errorf("checkpoint = %+v, want it still at the last selected event %+v", got, selected)
				}
			}
			if n := count(t, pool, ns); n != 3 {
				t.Errorf("entries = %d, want 3 (moving the checkpoint writes no row)", n)
			}
		})
	}
}
