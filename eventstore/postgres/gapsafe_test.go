package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/eventstoretest"
	"github.com/opsledger/opsledger/eventstore/postgres"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

// TestStore_outOfOrderCommits holds two appends open, commits the later
// one first, and checks that neither ReadAll, Head nor a live subscriber
// ever passes over the earlier one.
func TestStore_outOfOrderCommits(t *testing.T) {
	s := pgtest.Store(t)
	ctx := t.Context()
	sub, err := s.Subscribe(ctx, eventstore.Start, eventstore.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()

	commitA, err := pgtest.AppendHeld(t, ctx, s, "order-a", eventstore.NoStream, event("a", 1))
	if err != nil {
		t.Fatal(err)
	}
	commitB, err := pgtest.AppendHeld(t, ctx, s, "order-b", eventstore.NoStream, event("b", 2))
	if err != nil {
		t.Fatal(err)
	}
	if err := commitB(); err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, s); len(got) != 0 {
		t.Fatalf("ReadAll while the earlier append is open returned %v", streams(got))
	}
	if head, err := s.Head(ctx); err != nil || !head.IsStart() {
		t.Fatalf("Head while the earlier append is open = %v, %v; want start", head, err)
	}
	early, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	got, err := sub.Recv(early)
	cancel()
	if err == nil {
		t.Fatalf("subscriber received %v while the earlier append is open", streams(got))
	}
	if err := commitA(); err != nil {
		t.Fatal(err)
	}
	want := []string{"order-a", "order-b"}
	if got := streams(readAll(t, s)); !equal(got, want) {
		t.Fatalf("ReadAll after both commits = %v, want %v", got, want)
	}
	if got := streams(eventstoretest.RecvN(t, sub, 2)); !equal(got, want) {
		t.Fatalf("subscriber received %v, want %v", got, want)
	}
}

// TestStore_subscriberWokenByOtherProcess appends through a second store
// on its own pool (as another process would) and expects the subscriber
// to be woken. An idle subscription has no timer (it re-polls only while
// it knows of events held back), so only the other store's NOTIFY can wake
// it: the wait is bounded generously, because a transaction another test
// holds open on the same server may delay the event's visibility.
func TestStore_subscriberWokenByOtherProcess(t *testing.T) {
	s := pgtest.Store(t)
	other := postgres.New(poolFor(t), postgres.Options{Schema: s.Schema()})
	defer other.Close()
	ctx := t.Context()
	sub, err := s.Subscribe(ctx, eventstore.Start, eventstore.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	for i := range 3 {
		waitCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		go func() {
			time.Sleep(20 * time.Millisecond)
			if _, err := other.Append(ctx, "remote-1", eventstore.Any, event("remote", i)); err != nil {
				t.Error(err)
			}
		}()
		got, err := sub.Recv(waitCtx)
		cancel()
		if err != nil || len(got) != 1 || got[0].StreamVersion != uint64(i+1) {
			t.Fatalf("Recv %d = %v, %v; want remote-1 version %d", i, streams(got), err, i+1)
		}
	}
}

func readAll(t *testing.T, s *postgres.Store) []eventstore.Recorded {
	t.Helper()
	got, err := s.ReadAll(t.Context(), eventstore.Start, 0, eventstore.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func streams(rs []eventstore.Recorded) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Stream
	}
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
