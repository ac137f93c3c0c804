package fanout_test

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/eventstoretest"
	"github.com/opsledger/opsledger/eventstore/fanout"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

// appendBodies appends n events of size-byte bodies to stream, in
// appends of up to 100 events.
func appendBodies(t *testing.T, s eventstore.Store, stream string, n, size int) {
	t.Helper()
	body := append(append([]byte(`{"pad":"`), bytes.Repeat([]byte("x"), size-11)...), `"}`...)
	for n > 0 {
		batch := make([]eventstore.EventData, min(n, 100))
		for i := range batch {
			batch[i] = eventstore.EventData{ID: uuid.NewString(), Type: "ContactLogged", SchemaVersion: 1, Data: body}
		}
		if _, err := s.Append(t.Context(), stream, eventstore.Any, batch...); err != nil {
			t.Fatal(err)
		}
		n -= len(batch)
	}
}

// drain receives until the subscription has delivered n events, and then
// asks once more (as every follower does), which tells the fanout it is
// done with them.
func drain(t *testing.T, sub eventstore.Subscription, n int) []eventstore.Recorded {
	t.Helper()
	got := eventstoretest.RecvNWithin(t, sub, n, time.Minute)
	idle, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if batch, err := sub.Recv(idle); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Recv after the last event = %d events, %v; want nothing more", len(batch), err)
	}
	return got
}

func subscribe(t *testing.T, s eventstore.Store, filter eventstore.Filter) eventstore.Subscription {
	t.Helper()
	sub, err := s.Subscribe(t.Context(), eventstore.Start, filter)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sub.Close() })
	return sub
}

func TestTail_eventsEverySubscriberRead_areReleased(t *testing.T) {
	// Given a fanout with an unfiltered and a filtered subscriber
	s := wrap(t, memory.New(), fanout.Options{})
	all := subscribe(t, s, eventstore.Filter{})
	orders := subscribe(t, s, eventstore.Filter{StreamPrefixes: []string{"order-"}})
	// When 5,000 events of 2 KB (10 MB) are appended and both have read
	// everything
	appendBodies(t, s, "customer-1", 2500, 2048)
	appendBodies(t, s, "order-1", 2500, 2048)
	drain(t, all, 5000)
	drain(t, orders, 2500)
	// Then the tail keeps none of them reachable
	if events, held := s.Held(); events != 0 || held != 0 {
		t.Fatalf("the tail holds %d events (%d bytes) that every subscriber has read; want none", events, held)
	}
}

func TestTail_aSubscriberThatDoesNotRead_keepsAtMostMaxBytes_andLosesNothing(t *testing.T) {
	// Given a fanout keeping at most 256 KB, a subscriber that reads and
	// one that waits
	const maxBytes = 256 << 10
	inner := memory.New()
	s := wrap(t, inner, fanout.Options{MaxBytes: maxBytes})
	live := subscribe(t, s, eventstore.Filter{})
	stuck := subscribe(t, s, eventstore.Filter{})
	// When 2,000 events of 2 KB (4 MB) are appended and read by the first
	appendBodies(t, s, "customer-1", 2000, 2048)
	drain(t, live, 2000)
	// Then the tail holds at most MaxBytes for the waiting one (twice
	// that with the dropped events its array still holds)
	if events, held := s.Held(); held > 2*maxBytes {
		t.Fatalf("the tail holds %d events, %d bytes; want at most %d bytes", events, held, 2*maxBytes)
	}
	// And the waiting one still gets every event once, in order
	got := drain(t, stuck, 2000)
	want, err := inner.ReadAll(t.Context(), eventstore.Start, 0, eventstore.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d events, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i].ID != want[i].ID {
			t.Fatalf("event %d = %s, want %s", i, got[i].ID, want[i].ID)
		}
	}
}

// TestTail_readEventsLeaveTheHeap measures the process's heap rather than
// the tail's own count: over PostgreSQL (which keeps nothing in the
// process), 32 MB of events read by every subscriber must not stay live.
func TestTail_readEventsLeaveTheHeap(t *testing.T) {
	// Given a fanout over PostgreSQL with two subscribers
	s := wrap(t, pgtest.Store(t), fanout.Options{})
	a := subscribe(t, s, eventstore.Filter{})
	b := subscribe(t, s, eventstore.Filter{EventTypes: []string{"ContactLogged"}})
	appendBodies(t, s, "customer-0", 1, 64)
	drain(t, a, 1)
	drain(t, b, 1)
	before := liveHeap()
	// When 8,000 events of 4 KB are appended and both have read them
	appendBodies(t, s, "customer-1", 8000, 4096)
	drain(t, a, 8000)
	drain(t, b, 8000)
	// Then the live heap has grown by far less than what went through
	grown := int64(liveHeap()) - int64(before)
	t.Logf("live heap grown by %.1f MB", float64(grown)/(1<<20))
	if grown > 8<<20 {
		t.Fatalf("the live heap grew by %.1f MB after 32 MB of events were read by every subscriber; want under 8 MB", float64(grown)/(1<<20))
	}
}

func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
