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

// countedJournal is the journal, counting the batches it has applied.
type countedJournal struct {
	journal
	batches *atomic.Int64
}

func (c countedJournal) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	if err := c.journal.Apply(ctx, tx, events); err != nil {
		return err
	}
	c.batches.Add(1)
	return nil
}

// waitingLedger is the ledger, whose first batch waits until the journal
// has applied two batches beyond it.
type waitingLedger struct {
	*ledger
	journalBatches *atomic.Int64
	waited         atomic.Bool
	heldUp         atomic.Bool // the journal did not get ahead in time
}

func (w *waitingLedger) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	if !w.waited.Swap(true) {
		deadline := time.Now().Add(3 * time.Second)
		for w.journalBatches.Load() < 3 && !w.heldUp.Load() {
			w.heldUp.Store(time.Now().After(deadline))
			time.Sleep(5 * time.Millisecond)
		}
	}
	return w.ledger.Apply(ctx, tx, events)
}

// Given a read model whose first batch is slow and one that is fast,
// when RebuildAll replays the log, then the fast one applies its next
// batches meanwhile (each read model has its own queue: a batch does not
// wait for the slowest read model), progress is told once per batch in
// the log's order, when every read model has passed it, and both rebuilt
// read models hold what the live ones did.
func TestRebuildAll_aSlowReadModelHoldsUpOnlyItself(t *testing.T) {
	pool, ns := testPool(t)
	ctx := context.Background()
	store := memory.New()
	batches := new(atomic.Int64)
	j := countedJournal{batches: batches}
	l := &waitingLedger{ledger: &ledger{}, journalBatches: batches}
	if err := projections.Ensure(ctx, pool, ns, j); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	for i := 0; i < 20; i++ {
		appendEvents(t, store, "acct-"+string(rune('a'+i%4)), "test.credited", 2)
		appendEvents(t, store, "other-1", "test.ignored", 1)
	}
	stop := projectiontest.Run(t, projections.NewRunner(pool, store, ns, l.ledger, projectiontest.FastOptions()))
	projectiontest.Eventually(t, "40 entries", func() bool { return count(t, pool, ns) == 40 })
	stop()
	live := checksum(t, pool, ns)

	opts := projectiontest.FastOptions()
	opts.RebuildBatch = 6 // 10 batches
	var told []int64
	var last eventstore.Position
	err := projections.RebuildAll(ctx, pool, store, ns, []projections.Projection{l, j}, opts, func(n int64, at eventstore.Position) {
		if len(told) > 0 && last.Compare(at) >= 0 {
			t.Errorf("progress at %v after %v: not in the log's order", at, last)
		}
		told, last = append(told, n), at
	})
	if err != nil {
		t.Fatalf("RebuildAll: %v", err)
	}
	if l.heldUp.Load() {
		t.Error("the journal was held at the ledger's first batch: it should have applied the next ones meanwhile")
	}
	if len(told) != 10 || told[len(told)-1] != 60 {
		t.Errorf("progress told %v, want 10 batches ending at the 60 events of the log", told)
	}
	if got := checksum(t, pool, ns); got != live {
		t.Errorf("rebuilt ledger checksum = %s, want the live one %s", got, live)
	}
	if n, err := journalRows(ctx, pool, ns); err != nil || n != 60 {
		t.Errorf("rebuilt journal = %d rows, %v; want 60", n, err)
	}
}
