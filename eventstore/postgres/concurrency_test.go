package postgres_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

// TestStore_concurrentAppendsToOneStream runs writers that each append to
// one stream at the version they last read, retrying on conflict: every
// append lands exactly once and versions stay dense.
func TestStore_concurrentAppendsToOneStream(t *testing.T) {
	s := pgtest.Store(t)
	ctx := t.Context()
	const writers, each = 8, 5
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				e := event("counted", w*each+i)
				for {
					cur, err := s.ReadStream(ctx, "counter-1", eventstore.ReadStreamOptions{})
					if err != nil {
						t.Error(err)
						return
					}
					_, err = s.Append(ctx, "counter-1", eventstore.Exact(uint64(len(cur))), e)
					if err == nil {
						break
					}
					if !errors.Is(err, domain.ErrConflict) {
						t.Error(err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	checkDense(t, s, "counter-1", writers*each)
}

// TestStore_concurrentAnyAppends expects appends without expectation to
// all succeed however they race.
func TestStore_concurrentAnyAppends(t *testing.T) {
	s := pgtest.Store(t)
	const writers, each = 8, 5
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				if _, err := s.Append(t.Context(), "log-1", eventstore.Any, event("logged", w*each+i), event("logged", -1)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	checkDense(t, s, "log-1", 2*writers*each)
}

// checkDense checks stream holds n events at versions 1..n, ids unique.
func checkDense(t *testing.T, s *postgres.Store, stream string, n int) {
	t.Helper()
	got, err := s.ReadStream(t.Context(), stream, eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("%s holds %d events, want %d", stream, len(got), n)
	}
	seen := map[string]bool{}
	for i, r := range got {
		if r.StreamVersion != uint64(i+1) || seen[r.ID] {
			t.Fatalf("%s event %d: version %d, id %s seen before: %v", stream, i, r.StreamVersion, r.ID, seen[r.ID])
		}
		seen[r.ID] = true
	}
}

// TestStore_pendingRepoll holds back the global log with a transaction
// that is not an append and then rolls it back, so no NOTIFY follows: the
// subscriber must still deliver the waiting event, by its short re-poll.
func TestStore_pendingRepoll(t *testing.T) {
	s := pgtest.Store(t)
	ctx := t.Context()
	blocker, err := s.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer blocker.Rollback(ctx)
	if _, err := blocker.Exec(ctx, "SELECT pg_current_xact_id()"); err != nil { // takes an xid
		t.Fatal(err)
	}
	sub, err := s.Subscribe(ctx, eventstore.Start, eventstore.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	type result struct {
		got []eventstore.Recorded
		err error
	}
	received := make(chan result, 1)
	go func() {
		got, err := sub.Recv(ctx)
		received <- result{got, err}
	}()
	if _, err := s.Append(ctx, "order-1", eventstore.NoStream, event("placed", 1)); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-received:
		t.Fatalf("subscriber received %v, %v while an older transaction is open", streams(r.got), r.err)
	case <-time.After(200 * time.Millisecond): // woken by the append, it found the event pending
	}
	if err := blocker.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-received:
		if r.err != nil || !equal(streams(r.got), []string{"order-1"}) {
			t.Fatalf("subscriber received %v, %v; want [order-1]", streams(r.got), r.err)
		}
	case <-time.After(time.Second):
		t.Fatal("subscriber did not deliver the event within 1s of the blocker's rollback")
	}
}

// Given many writers appending one event at a time to streams of their
// own, when they run at once (so their appends share inserts), then every
// append lands once, at the version and position it was told.
func TestStore_concurrentOneEventAppendsLandOnce(t *testing.T) {
	s := pgtest.Store(t)
	ctx := t.Context()
	const writers, each = 16, 30
	results := make([][]eventstore.AppendResult, writers)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			stream := "w-" + string(rune('a'+w))
			for i := range each {
				expected := eventstore.Exact(uint64(i))
				if i == 0 {
					expected = eventstore.NoStream
				}
				res, err := s.Append(ctx, stream, expected, event("n", i))
				if err != nil {
					t.Errorf("%s append %d: %v", stream, i, err)
					return
				}
				results[w] = append(results[w], res)
			}
		})
	}
	wg.Wait()
	for w, got := range results {
		stored := readStream(t, s, "w-"+string(rune('a'+w)))
		if len(stored) != each || len(got) != each {
			t.Fatalf("writer %d: %d stored, %d answered, want %d", w, len(stored), len(got), each)
		}
		for i, r := range stored {
			if got[i].Version != r.StreamVersion || got[i].Position != r.Position {
				t.Errorf("writer %d append %d: answered %+v, stored version %d at %s", w, i, got[i], r.StreamVersion, r.Position)
			}
		}
	}
	all, err := readAllSettled(ctx, s, writers*each)
	if err != nil || len(all) != writers*each {
		t.Fatalf("$all: %d events, %v; want %d", len(all), err, writers*each)
	}
	if !slices.IsSortedFunc(all, func(a, b eventstore.Recorded) int { return a.Position.Compare(b.Position) }) {
		t.Error("$all is not in position order")
	}
}

// readAllSettled reads $all until it holds want events or five seconds
// pass. Every append was acknowledged, but $all shows an event only once
// no earlier position may still commit, and that horizon is the whole
// cluster's: another test package's open transaction holds it back a
// moment.
func readAllSettled(ctx context.Context, s eventstore.Store, want int) ([]eventstore.Recorded, error) {
	deadline := time.Now().Add(5 * time.Second)
	for {
		all, err := s.ReadAll(ctx, eventstore.Start, want+1, eventstore.Filter{})
		if err != nil || len(all) >= want || time.Now().After(deadline) {
			return all, err
		}
		time.Sleep(10 * time.Millisecond)
	}
}
