package commands_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/customer"
)

func TestWarmCache_givenARestart_whenWarmed_thenTheFirstCommandReadsNothing(t *testing.T) {
	for _, b := range snapshotBackends {
		t.Run(b.name, func(t *testing.T) {
			// Given a stream of 41 events whose newest snapshot is at 40,
			// when another process, its cache empty, warms it
			_, restarted, counted := warmedAfterRestart(t, b)
			ctx := context.Background()
			counted.since(customer.Stream("c-1"))
			res, err := restarted.Customers.UpdateCustomerProfile(ctx, customerRep, rename(100))
			// Then its first command decides without reading the stream,
			// and answers as a command on the stream read whole would
			if err != nil || res.Events != 1 || res.Version != 42 {
				t.Fatalf("result = %+v, %v; want the rename recorded at version 42", res, err)
			}
			if got := counted.since(customer.Stream("c-1")); got != 0 {
				t.Errorf("events read = %d, want 0", got)
			}
		})
	}
}

func TestWarmCache_givenAWarmedAggregateMadeStale_whenACommandRuns_thenItCatchesUpAndAnswersAsWithout(t *testing.T) {
	for _, b := range snapshotBackends {
		t.Run(b.name, func(t *testing.T) {
			// Given a restarted process that warmed c-1, and the first
			// process that appended 3 events since (with a key the
			// restarted process's command repeats)
			h, restarted, counted := warmedAfterRestart(t, b)
			ctx := context.Background()
			var first commands.Result
			for i := 200; i < 203; i++ {
				res, err := h.Customers.UpdateCustomerProfile(ctx, withIdempotencyKey(customerRep, fmt.Sprintf("late-%d", i)), rename(i))
				if err != nil {
					t.Fatal(err)
				}
				if i == 200 {
					first = res
				}
			}
			counted.since(customer.Stream("c-1"))
			// When the restarted process repeats the first of them, then
			// runs a new one
			replay, err := restarted.Customers.UpdateCustomerProfile(ctx, withIdempotencyKey(customerRep, "late-200"), rename(200))
			if err != nil {
				t.Fatal(err)
			}
			res, err := restarted.Customers.UpdateCustomerProfile(ctx, customerRep, rename(300))
			// Then the repeat is the first answer, the new command lands
			// after the other process's events, and only those 3 were read
			if !replay.Replayed || replay.Version != first.Version {
				t.Errorf("repeat = %+v; want the replay of %+v", replay, first)
			}
			if err != nil || res.Events != 1 || res.Version != 45 {
				t.Errorf("result = %+v, %v; want the rename recorded at version 45", res, err)
			}
			if got := counted.since(customer.Stream("c-1")); got != 3 {
				t.Errorf("events read = %d, want 3", got)
			}
		})
	}
}

func TestWarmCache_givenNoSnapshots_whenWarmed_thenNothingIsFolded(t *testing.T) {
	// Given a handler without a snapshot store
	w := newCustomerWorld(t)
	ctx := context.Background()
	if _, err := w.h.Customers.RegisterTargetCustomer(ctx, customerRep, customerRegistration); err != nil {
		t.Fatal(err)
	}
	// When it warms its cache
	warmed, err := w.h.WarmCache(ctx, 100)
	// Then it folds nothing and fails nothing
	if err != nil || warmed != 0 {
		t.Errorf("WarmCache = %d, %v; want 0, nil", warmed, err)
	}
}

// warmedAfterRestart gives c-1 a history of 41 events, snapshotted at
// 40, through h, then starts another process on the same stores (its
// cache empty, as after a restart) and warms its cache: c-1 is the one
// stream it folds.
func warmedAfterRestart(t *testing.T, b snapshotBackend) (h, restarted *commands.Handler, counted *eventCounter) {
	t.Helper()
	store, snaps := b.open(t)
	counted = countEvents(store)
	h = snapshotHandler(t, counted, snaps, commands.DefaultAggregateCache)
	longHistory(t, h, 40, func(int) {})
	commands.FlushSnapshots(h)
	restarted = snapshotHandler(t, counted, snaps, commands.DefaultAggregateCache)
	if warmed, err := restarted.WarmCache(context.Background(), 100); err != nil || warmed != 1 {
		t.Fatalf("WarmCache = %d, %v; want 1 stream warmed", warmed, err)
	}
	return h, restarted, counted
}
