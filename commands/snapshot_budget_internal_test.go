package commands

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/snapshots"
	snapmemory "github.com/opsledger/opsledger/snapshots/memory"
)

// steppingClock moves on by step each time it is read, so a fold between
// two readings takes exactly step; reads counts the readings.
type steppingClock struct {
	t     time.Time
	step  time.Duration
	reads int
}

func (c *steppingClock) now() time.Time {
	c.reads++
	c.t = c.t.Add(c.step)
	return c.t
}

// budgetWorld is a handler with the cache off, snapshots every 1000
// events (never, in these tests) and the given fold budget, its fold
// clock frozen, after c-1 was registered and renamed 3 times.
type budgetWorld struct {
	h     *Handler
	snaps *snapmemory.Store
	clock *steppingClock
}

func newBudgetWorld(t *testing.T, budget time.Duration) *budgetWorld {
	t.Helper()
	w := &budgetWorld{snaps: snapmemory.New(), clock: &steppingClock{t: cacheT0}}
	opts := []Option{WithAggregateCache(0), WithSnapshots(w.snaps, 1000, nil)}
	if budget != 0 {
		opts = append(opts, WithSnapshotBudget(budget))
	}
	w.h = cacheHandler(memory.New(), opts...)
	t.Cleanup(w.h.Close)
	w.h.log.snapshots.now = w.clock.now
	ctx := context.Background()
	must(t)(w.h.Customers.RegisterTargetCustomer(ctx, cacheRep, cacheReg))
	for i := 1; i <= 3; i++ {
		must(t)(w.h.Customers.UpdateCustomerProfile(ctx, cacheRep,
			UpdateCustomerProfile{CustomerID: "c-1", Changes: map[string]string{customer.FieldName: fmt.Sprintf("Jinling Valves %d", i)}}))
	}
	w.h.log.snapshots.flush()
	if n := w.snaps.Count(); n != 0 {
		t.Fatalf("%d snapshots taken while folds took no time, want none", n)
	}
	return w
}

// load folds c-1 on a cache miss, each fold taking took, and returns the
// version of its newest snapshot (0: none).
func (w *budgetWorld) load(t *testing.T, took time.Duration) uint64 {
	t.Helper()
	w.clock.step = took
	if _, _, err := w.h.Customers.customers.Load(context.Background(), customer.Stream("c-1")); err != nil {
		t.Fatal(err)
	}
	w.h.log.snapshots.flush()
	snap, _, err := w.snaps.Load(context.Background(), customer.Stream("c-1"), stateCodecs[typeOfCustomer].schema, snapshots.Bound{})
	if err != nil {
		t.Fatal(err)
	}
	return snap.Version
}

var typeOfCustomer = reflect.TypeFor[customer.Customer]()

func TestSnapshotBudget(t *testing.T) {
	const budget = 20 * time.Millisecond
	t.Run("a fold that takes the budget takes a snapshot before every events", func(t *testing.T) {
		w := newBudgetWorld(t, budget)
		if v := w.load(t, budget); v != 4 {
			t.Errorf("snapshot after a fold of %v = version %d, want 4", budget, v)
		}
	})
	t.Run("a fold within the budget takes none", func(t *testing.T) {
		w := newBudgetWorld(t, budget)
		if v := w.load(t, budget-time.Nanosecond); v != 0 {
			t.Errorf("snapshot after a fold of %v = version %d, want none", budget-time.Nanosecond, v)
		}
	})
	t.Run("a slow fold from a snapshot with nothing after it takes no other", func(t *testing.T) {
		w := newBudgetWorld(t, budget)
		w.load(t, time.Hour)
		saves := w.snaps.Saves()
		if v := w.load(t, time.Hour); v != 4 || w.snaps.Saves() != saves {
			t.Errorf("after a second slow fold: snapshot at %d, %d saves; want the one at 4, %d saves", v, w.snaps.Saves(), saves)
		}
	})
	t.Run("a slow fold of the events after a snapshot takes a new one", func(t *testing.T) {
		w := newBudgetWorld(t, budget)
		w.load(t, time.Hour)
		w.clock.step = 0
		must(t)(w.h.Customers.UpdateCustomerProfile(context.Background(), cacheRep,
			UpdateCustomerProfile{CustomerID: "c-1", Changes: map[string]string{customer.FieldName: "Jinling Valves 4"}}))
		if v := w.load(t, time.Hour); v != 5 {
			t.Errorf("snapshot after a slow fold of one event more = version %d, want 5", v)
		}
	})
	t.Run("without a budget the fold time is never measured", func(t *testing.T) {
		w := newBudgetWorld(t, 0)
		if v := w.load(t, time.Hour); v != 0 || w.clock.reads != 0 {
			t.Errorf("without a budget: snapshot at %d, clock read %d times; want none, never", v, w.clock.reads)
		}
	})
}
