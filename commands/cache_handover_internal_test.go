package commands

import (
	"context"
	"testing"
	"time"
)

// handoverAggregate is a cached aggregate of stream s at version v.
func handoverAggregate(s string, v uint64) *aggregate[int] {
	a := newAggregate[int](s)
	a.version = v
	return a
}

// checkOutAsync runs checkOut in a goroutine and delivers what it got.
func checkOutAsync(ctx context.Context, c *aggregateCache, stream string) <-chan cachedAggregate {
	got := make(chan cachedAggregate, 1)
	go func() { got <- c.checkOut(ctx, stream) }()
	return got
}

func TestAggregateCache_Handover(t *testing.T) {
	ctx := context.Background()
	t.Run("a second command waits for the aggregate the first puts back", func(t *testing.T) {
		// Given a command holding s-1, checked out of the cache.
		c := newAggregateCache(10, 100)
		c.put(handoverAggregate("s-1", 3))
		held := c.checkOut(ctx, "s-1").(*aggregate[int])
		// When a second command checks s-1 out.
		got := checkOutAsync(ctx, c, "s-1")
		select {
		case a := <-got:
			t.Fatalf("checkOut returned %v while s-1 was held", a)
		case <-time.After(20 * time.Millisecond):
		}
		held.version = 4 // the first command appended
		c.put(held)
		// Then it gets the aggregate the first put back, at its new version.
		select {
		case a := <-got:
			if a == nil || a.streamVersion() != 4 {
				t.Fatalf("checkOut after put = %v; want the aggregate at version 4", a)
			}
		case <-time.After(time.Second):
			t.Fatal("checkOut still waiting after the holder put the aggregate back")
		}
	})
	t.Run("a released stream is read from the store at once", func(t *testing.T) {
		// Given a command holding s-1 that found nothing cached.
		c := newAggregateCache(10, 100)
		if a := c.checkOut(ctx, "s-1"); a != nil {
			t.Fatalf("checkOut of an uncached stream = %v; want nil", a)
		}
		got := checkOutAsync(ctx, c, "s-1")
		// When it releases the stream (its aggregate may be wrong).
		c.release("s-1")
		// Then the waiting command gets nothing and reads the store.
		select {
		case a := <-got:
			if a != nil {
				t.Fatalf("checkOut after release = %v; want nil", a)
			}
		case <-time.After(time.Second):
			t.Fatal("checkOut still waiting after the holder released the stream")
		}
	})
	t.Run("a holder that never comes back costs one wait of handoverWait", func(t *testing.T) {
		// Given a stream checked out by a command that ended without
		// putting it back or releasing it.
		c := newAggregateCache(10, 100)
		c.checkOut(ctx, "s-1")
		// When a second command checks it out.
		start := time.Now()
		a := c.checkOut(ctx, "s-1")
		waited := time.Since(start)
		// Then it waits handoverWait, no less, and reads the store.
		if a != nil || waited < handoverWait {
			t.Fatalf("checkOut = %v after %s; want nil after at least %s", a, waited, handoverWait)
		}
		// And once it releases, a third command does not wait.
		c.release("s-1")
		start = time.Now()
		c.checkOut(ctx, "s-1")
		if waited := time.Since(start); waited >= handoverWait {
			t.Errorf("third checkOut waited %s; the dead holder's mark should be gone", waited)
		}
	})
	t.Run("a waiting command stops with its context", func(t *testing.T) {
		c := newAggregateCache(10, 100)
		c.checkOut(ctx, "s-1")
		cancelled, cancel := context.WithCancel(ctx)
		got := checkOutAsync(cancelled, c, "s-1")
		cancel()
		select {
		case a := <-got:
			if a != nil {
				t.Fatalf("checkOut with a cancelled context = %v; want nil", a)
			}
		case <-time.After(handoverWait / 2):
			t.Fatal("checkOut kept waiting after its context ended")
		}
	})
	t.Run("other streams do not wait", func(t *testing.T) {
		c := newAggregateCache(10, 100)
		c.checkOut(ctx, "s-1")
		c.put(handoverAggregate("s-2", 1))
		start := time.Now()
		if a := c.checkOut(ctx, "s-2"); a == nil || time.Since(start) >= handoverWait {
			t.Fatalf("checkOut of s-2 = %v after %s; want it at once", a, time.Since(start))
		}
	})
}
