package postgres_test

import (
	"testing"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

// Given a log of three events, when a subscriber reads it (up to 500
// events a read, as the shared subscription does), then each batch it
// gets is sized for a few events, not for the 500 it asked for
// (decision 53).
func TestReadAll_aShortReadIsNotSizedForItsLimit(t *testing.T) {
	s := pgtest.Store(t)
	ctx := t.Context()
	for i := range 3 {
		if _, err := s.Append(ctx, "order-1", eventstore.Any, event("a", i)); err != nil {
			t.Fatal(err)
		}
	}
	// A subscriber, not ReadAll: it looks past other databases' open
	// transactions, which other test packages may hold meanwhile.
	sub, err := s.Subscribe(ctx, eventstore.Start, eventstore.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	for read := 0; read < 3; {
		got, err := sub.Recv(ctx)
		if err != nil {
			t.Fatal(err)
		}
		read += len(got)
		if cap(got) > 8 {
			t.Errorf("a batch of %d events has room for %d, want at most 8", len(got), cap(got))
		}
	}
}
