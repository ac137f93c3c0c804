package eventstoretest

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/eventstore"
)

// collector drains a subscription in the background so tests can wait for
// events without cancelling Recv (the port does not promise a subscription
// survives a Recv whose context ended).
type collector struct {
	mu     sync.Mutex
	got    []eventstore.Recorded
	err    error
	notify chan struct{} // receives a token after each batch or error
}

// subscribe subscribes from position from through filter and collects
// until the subtest ends.
func (e *env) subscribe(from eventstore.Position, filter eventstore.Filter) *collector {
	e.t.Helper()
	sub, err := e.s.Subscribe(e.ctx, from, filter)
	if err != nil {
		e.t.Fatalf("Subscribe(%v): %v", from, err)
	}
	ctx, cancel := context.WithCancel(e.ctx)
	c := &collector{notify: make(chan struct{}, 1)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			batch, err := sub.Recv(ctx)
			c.mu.Lock()
			c.got = append(c.got, batch...)
			if len(batch) == 0 && err == nil {
				c.err = errEmptyBatch
			} else if err != nil && ctx.Err() == nil {
				c.err = err
			}
			c.mu.Unlock()
			select {
			case c.notify <- struct{}{}:
			default:
			}
			if err != nil || len(batch) == 0 {
				return
			}
		}
	}()
	e.t.Cleanup(func() {
		cancel()
		<-done
		if err := sub.Close(); err != nil {
			e.t.Errorf("Subscription.Close: %v", err)
		}
	})
	return c
}

type emptyBatchError struct{}

func (emptyBatchError) Error() string { return "Recv returned no events and no error" }

var errEmptyBatch error = emptyBatchError{}

// wait returns the collected events once there are at least n of them, and
// fails the test if the subscription broke or waitTimeout passed first.
func (c *collector) wait(t *testing.T, n int) []eventstore.Recorded {
	t.Helper()
	timer := time.NewTimer(waitTimeout)
	defer timer.Stop()
	for {
		c.mu.Lock()
		got, err := append([]eventstore.Recorded(nil), c.got...), c.err
		c.mu.Unlock()
		if len(got) >= n {
			return got
		}
		if err != nil {
			t.Fatalf("subscription broke after %d of %d events: %v", len(got), n, err)
		}
		select {
		case <-c.notify:
		case <-timer.C:
			t.Fatalf("subscription delivered %d of %d events in %v: %v", len(got), n, waitTimeout, ids(got))
		}
	}
}

// expect waits for exactly want (by ID, in order), then appends sentinel to
// stream and checks it is the very next event delivered, which proves
// nothing was delivered twice or out of filter in between.
func (e *env) expect(c *collector, want []string, stream string, sentinel eventstore.EventData) []eventstore.Recorded {
	e.t.Helper()
	got := c.wait(e.t, len(want))
	if diff := cmp.Diff(want, ids(got)); diff != "" {
		e.t.Fatalf("subscription delivered (-want +got):\n%s", diff)
	}
	e.append(stream, eventstore.Any, sentinel)
	all := c.wait(e.t, len(want)+1)
	if diff := cmp.Diff(slices.Concat(want, []string{sentinel.ID}), ids(all)); diff != "" {
		e.t.Fatalf("subscription delivered, with sentinel (-want +got):\n%s", diff)
	}
	checkAscending(e.t, "subscription", all)
	return got
}
