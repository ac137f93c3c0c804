package postgres_test

import (
	"errors"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

// Given a transaction that wrote before another append to a stream
// committed, when it appends the stream's next version, then the append is
// refused as a conflict (in $all it would come before the version it
// follows), the transaction stays usable, and once it commits $all holds
// every stream in version order.
func TestAppendInTx_behindTheStream_isAConflict(t *testing.T) {
	s := pgtest.Store(t)
	ctx := t.Context()
	tx, err := pgtest.BeginHeld(t, ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Append(ctx, "invoice-1", eventstore.NoStream, event("issued", 1)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(ctx, "order-1", eventstore.NoStream, event("placed", 2)); err != nil {
		t.Fatal(err)
	}
	_, err = tx.Append(ctx, "order-1", eventstore.Exact(1), event("shipped", 3))
	if !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("append behind the stream's last event: error = %v, want a conflict", err)
	}
	if _, err := tx.Append(ctx, "invoice-1", eventstore.Exact(1), event("paid", 4)); err != nil {
		t.Fatalf("append after the refused one: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	all := readAllN(t, s, 3)
	if got, want := streams(all), []string{"invoice-1", "invoice-1", "order-1"}; !equal(got, want) {
		t.Fatalf("$all = %v, want %v", got, want)
	}
	checkStreamOrderIn(t, all)
}

// Given a transaction that wrote before, when it appends to a stream whose
// last event committed before the transaction took its place in $all,
// then the append succeeds and follows that event in $all.
func TestAppendInTx_afterTheStream_appends(t *testing.T) {
	s := pgtest.Store(t)
	ctx := t.Context()
	if _, err := s.Append(ctx, "order-1", eventstore.NoStream, event("placed", 1)); err != nil {
		t.Fatal(err)
	}
	tx, err := pgtest.BeginHeld(t, ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Append(ctx, "invoice-1", eventstore.NoStream, event("issued", 2)); err != nil {
		t.Fatal(err)
	}
	res, err := tx.Append(ctx, "order-1", eventstore.Exact(1), event("shipped", 3))
	if err != nil || res.Version != 2 {
		t.Fatalf("append = %+v, %v; want version 2", res, err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	checkStreamOrderIn(t, readAllN(t, s, 3))
}

// Given events already appended, when a transaction appends them again at
// the same expected version, then it answers the first result (an
// idempotent retry, as Append does) and the transaction stays usable.
func TestAppendInTx_retry_isIdempotent(t *testing.T) {
	s := pgtest.Store(t)
	ctx := t.Context()
	placed := event("placed", 1)
	first, err := s.Append(ctx, "order-1", eventstore.NoStream, placed)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := pgtest.BeginHeld(t, ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := tx.Append(ctx, "order-1", eventstore.NoStream, placed); err != nil || again != first {
		t.Fatalf("retry in a transaction = %+v, %v; want %+v", again, err, first)
	}
	if _, err := tx.Append(ctx, "order-2", eventstore.NoStream, event("placed", 2)); err != nil {
		t.Fatalf("append after the retry: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := streams(readAllN(t, s, 2)); !equal(got, []string{"order-1", "order-2"}) {
		t.Fatalf("$all = %v, want [order-1 order-2]", got)
	}
}

// checkStreamOrderIn fails the test unless every stream's events appear
// in $all in contiguous version order.
func checkStreamOrderIn(t *testing.T, all []eventstore.Recorded) {
	t.Helper()
	next := map[string]uint64{}
	for _, r := range all {
		if r.StreamVersion != next[r.Stream]+1 {
			t.Fatalf("%s@%d follows version %d in $all", r.Stream, r.StreamVersion, next[r.Stream])
		}
		next[r.Stream] = r.StreamVersion
	}
}

// readAllN reads $all until it holds n events, for at most 10s: a
// transaction of another test on the cluster may hold readers back a while.
func readAllN(t *testing.T, s *postgres.Store, n int) []eventstore.Recorded {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		all, err := s.ReadAll(t.Context(), eventstore.Start, 0, eventstore.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) >= n || time.Now().After(deadline) {
			return all
		}
	}
}
