package projections_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/queries"
)

// countingLedger is the ledger that records every batch it is given and
// can fail a batch after writing part of it.
type countingLedger struct {
	ledger
	mu      sync.Mutex
	batches [][]eventstore.Recorded
	// failAfter, when positive, makes the next batch of more than one
	// event fail once after inserting that many rows.
	failAfter atomic.Int64
	failures  atomic.Int64
}

var errHalfway = errors.New("failed half-way through the batch")

func (l *countingLedger) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	l.mu.Lock()
	l.batches = append(l.batches, events)
	l.mu.Unlock()
	n := l.failAfter.Load()
	if n > 0 && len(events) > int(n) {
		if err := l.ledger.Apply(ctx, tx, events[:n]); err != nil {
			return err
		}
		l.failAfter.Store(0)
		l.failures.Add(1)
		return errHalfway
	}
	return l.ledger.Apply(ctx, tx, events)
}

func (l *countingLedger) batchCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.batches)
}

// checkpointOf is the position the ledger's active checkpoint names.
func checkpointOf(t *testing.T, pool *pgxpool.Pool, store eventstore.Store, ns projections.Namespace, l projections.Projection) queries.Status {
	t.Helper()
	st, err := projections.ReadStatus(context.Background(), pool, store, ns, l, time.Now())
	if err != nil {
		t.Fatalf("ReadStatus: %v", err)
	}
	return st
}

func lastPosition(t *testing.T, store eventstore.Store) eventstore.Position {
	t.Helper()
	head, err := store.Head(context.Background())
	if err != nil {
		t.Fatalf("Head: %v", err)
	}
	return head
}

func TestRunner_BatchFailingHalfwayAppliesNothingAndIsRetried(t *testing.T) {
	pool, ns := testPool(t)
	store := memory.New()
	l := &countingLedger{}
	// Given ten events read in one batch, and a read model that fails
	// after writing four of them,
	appendEvents(t, store, "acct-1", "test.credited", 10)
	l.failAfter.Store(4)

	// when the runner applies the batch,
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, l, projectiontest.FastOptions()))

	// then the retry applies all ten, each once: the failed attempt's four
	// rows were rolled back with it,
	projectiontest.Eventually(t, "10 entries", func() bool { return count(t, pool, ns) == 10 })
	time.Sleep(50 * time.Millisecond)
	if n := count(t, pool, ns); n != 10 {
		t.Fatalf("entries = %d, want 10 (nothing of the failed attempt kept)", n)
	}
	if l.failures.Load() != 1 || l.batchCount() < 2 {
		t.Fatalf("failures = %d, batches = %d: want the batch failed once and tried again", l.failures.Load(), l.batchCount())
	}
	// and the checkpoint is the batch's last event, counted once.
	st := checkpointOf(t, pool, store, ns, l)
	if want := lastPosition(t, store); st.Position != queries.Position(want) || st.EventsApplied != 10 {
		t.Errorf("checkpoint = %v with %d events applied, want %v with 10", st.Position, st.EventsApplied, want)
	}
}

func TestRunner_GatherAppliesABusyLogInFewerBatches(t *testing.T) {
	pool, ns := testPool(t)
	store := memory.New()
	l := &countingLedger{}
	opts := projectiontest.FastOptions()
	opts.Gather, opts.GatherRatio = 200*time.Millisecond, 1000 // the rest is the cap
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, l, opts))

	// Given a busy log: 60 events in pairs, one pair every 25 ms (each
	// pair alone is applied well within that),
	const pairs = 30
	for range pairs {
		appendEvents(t, store, "acct-1", "test.credited", 2)
		time.Sleep(25 * time.Millisecond)
	}

	// then every event is applied once, in order,
	projectiontest.Eventually(t, "60 entries", func() bool { return count(t, pool, ns) == 2*pairs })
	var applied []eventstore.Recorded
	l.mu.Lock()
	for _, b := range l.batches {
		applied = append(applied, b...)
	}
	l.mu.Unlock()
	for i := 1; i < len(applied); i++ {
		if applied[i].Position.Compare(applied[i-1].Position) <= 0 {
			t.Fatalf("event %d applied after %v at %v: out of order or twice", i, applied[i-1].Position, applied[i].Position)
		}
	}
	// in far fewer transactions than the 30 appends (each rest gathers
	// the ~8 that arrive during it),
	if n := l.batchCount(); n > pairs/3 {
		t.Errorf("batches = %d for %d appends, want at most %d: the runner did not gather", n, pairs, pairs/3)
	}
	// and the checkpoint is the last event.
	if st, want := checkpointOf(t, pool, store, ns, l), lastPosition(t, store); st.Position != queries.Position(want) || st.EventsApplied != 2*pairs {
		t.Errorf("checkpoint = %v with %d events applied, want %v with %d", st.Position, st.EventsApplied, want, 2*pairs)
	}
}

func TestRunner_QuietLogIsAppliedWithoutRest(t *testing.T) {
	pool, ns := testPool(t)
	store := memory.New()
	l := &countingLedger{}
	opts := projectiontest.FastOptions()
	opts.Gather, opts.GatherRatio = 5*time.Second, 1000 // a rest would time the test out
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, l, opts))

	// Given a quiet log (one event at a time, each applied before the
	// next), every event is applied at once: a lone event means no load.
	for i := range 5 {
		appendEvents(t, store, "acct-1", "test.credited", 1)
		start := time.Now()
		projectiontest.Eventually(t, "the event applied", func() bool { return count(t, pool, ns) == i+1 })
		if d := time.Since(start); d > time.Second {
			t.Fatalf("event %d applied after %v, want at once", i, d)
		}
	}
}

func TestRunner_OneSelectedEventOfABusyBatchIsAppliedWithoutRest(t *testing.T) {
	pool, ns := testPool(t)
	store := memory.New()
	l := &countingLedger{}
	opts := projectiontest.FastOptions()
	opts.Gather, opts.GatherRatio = 5*time.Second, 1e6 // any rest is the cap, and would time the test out
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, l, opts))

	// Given a busy log whose every append holds two events of which the
	// read model selects one (another stream's event first, in one atomic
	// append, so the runner reads both in one batch),
	for i := range 5 {
		_, err := store.AppendStreams(context.Background(), []eventstore.StreamAppend{
			{Stream: "other-1", Expected: eventstore.Any, Events: []eventstore.EventData{{ID: fmt.Sprintf("other-%d", seq.Add(1)), Type: "test.noted", Data: []byte(`{}`)}}},
			{Stream: "acct-1", Expected: eventstore.Any, Events: []eventstore.EventData{{ID: fmt.Sprintf("ev-%d", seq.Add(1)), Type: "test.credited", Data: []byte(`{}`)}}},
		})
		if err != nil {
			t.Fatalf("AppendStreams: %v", err)
		}
		// then each selected event is applied at once: for this read
		// model the batch held one event, nothing to gather by resting.
		start := time.Now()
		projectiontest.Eventually(t, "the selected event applied", func() bool { return count(t, pool, ns) == i+1 })
		if d := time.Since(start); d > time.Second {
			t.Fatalf("event %d applied after %v, want at once", i, d)
		}
	}
}
