package eventstoretest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/eventstore"
)

// promptly bounds how long Recv may take to notice Close or a context end.
const promptly = 5 * time.Second

// testCatchUpThenLive subscribes after some events were stored and before
// others: all arrive in order, exactly once, as ReadAll orders them.
func testCatchUpThenLive(t *testing.T, e *env) {
	var want []string
	for _, s := range []string{"order-1", "order-2", "order-1"} {
		ev := e.event("placed")
		e.append(e.stream(s), eventstore.Any, ev)
		want = append(want, ev.ID)
	}
	c := e.subscribe(e.base, e.mine())
	if got := c.wait(t, 3); !cmp.Equal(want, ids(got)) {
		t.Fatalf("catch-up delivered %v, want %v", ids(got), want)
	}
	for _, s := range []string{"order-2", "order-3", "order-1"} {
		evs := e.events(2, "shipped")
		e.append(e.stream(s), eventstore.Any, evs...)
		want = append(want, dataIDs(evs)...)
	}
	got := e.expect(c, want, e.stream("order-3"), e.event("closed"))
	if diff := cmp.Diff(e.readAll(e.mine(), 100, len(want))[:len(want)], got); diff != "" {
		t.Errorf("subscription (-ReadAll +Subscribe):\n%s", diff)
	}
}

// testSubscribeFromPosition starts a subscription at a stored event's
// position and expects only what comes after it.
func testSubscribeFromPosition(t *testing.T, e *env) {
	stream := e.stream("order-1")
	evs := e.events(4, "placed")
	e.append(stream, eventstore.NoStream, evs[:2]...)
	e.append(stream, eventstore.Exact(2), evs[2:]...)
	stored := e.read(stream, eventstore.ReadStreamOptions{})
	c := e.subscribe(stored[1].Position, e.mine())
	e.expect(c, dataIDs(evs[2:]), stream, e.event("closed"))
}

// testSubscriptionClose closes a subscription while a Recv waits and before
// another: both return an error promptly.
func testSubscriptionClose(t *testing.T, e *env) {
	sub, err := e.s.Subscribe(e.ctx, e.base, e.mine())
	if err != nil {
		t.Fatalf("Subscribe: %v", err)
	}
	ctx, cancel := context.WithTimeout(e.ctx, promptly)
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		batch, err := sub.Recv(ctx)
		if err == nil {
			err = errors.New("no error")
			t.Errorf("Recv during Close returned %d events", len(batch))
		}
		errc <- err
	}()
	time.Sleep(50 * time.Millisecond) // let Recv start waiting
	if err := sub.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := <-errc; errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Recv waiting during Close did not return within %v", promptly)
	}
	e.append(e.stream("order-1"), eventstore.NoStream, e.event("placed"))
	batch, err := sub.Recv(ctx)
	if err == nil || errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Recv after Close = %d events, %v; want an error at once", len(batch), err)
	}
}

// testRecvContext ends a waiting Recv by cancelling its context and by a
// deadline: Recv returns the context's error.
func testRecvContext(t *testing.T, e *env) {
	sub, err := e.s.Subscribe(e.ctx, e.base, e.mine())
	if err != nil {
		t.Fatalf("Subscribe: %v", err)
	}
	defer sub.Close()
	ctx, cancel := context.WithCancel(e.ctx)
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	if _, err := sub.Recv(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Recv after cancel = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > promptly {
		t.Errorf("Recv took %v to notice the cancellation", d)
	}

	sub2, err := e.s.Subscribe(e.ctx, e.base, e.mine())
	if err != nil {
		t.Fatalf("Subscribe: %v", err)
	}
	defer sub2.Close()
	ctx, cancel = context.WithTimeout(e.ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := sub2.Recv(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Recv past its deadline = %v, want context.DeadlineExceeded", err)
	}
}
