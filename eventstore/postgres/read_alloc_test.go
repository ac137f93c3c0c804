package postgres_test

import (
	"testing"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

// Given a log of three events, when a reader asks for up to 500 (as the
// shared subscription does on every read), then it gets the three in a
// slice sized for a few events, not for the 500 it asked for (decision
// NN-lag).
func TestReadAll_aShortReadIsNotSizedForItsLimit(t *testing.T) {
	s := pgtest.Store(t)
	ctx := t.Context()
	for i := range 3 {
		if _, err := s.Append(ctx, "order-1", eventstore.Any, event("a", i)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.ReadAll(ctx, eventstore.Start, 500, eventstore.Filter{})
	if err != nil || len(got) != 3 {
		t.Fatalf("ReadAll = %v, %v; want the three events", streams(got), err)
	}
	if cap(got) > 8 {
		t.Errorf("room for %d events, want at most 8", cap(got))
	}
}
