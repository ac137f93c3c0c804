package eventstoretest

import (
	"context"
	"testing"
	"time"

	"github.com/opsledger/opsledger/eventstore"
)

// RecvN receives from sub until it holds at least n events and returns
// them, failing t if Recv fails or 5 s pass first.
func RecvN(t testing.TB, sub eventstore.Subscription, n int) []eventstore.Recorded {
	t.Helper()
	return RecvNWithin(t, sub, n, 5*time.Second)
}

// RecvNWithin is RecvN with another time limit, for thousands of events
// read from a database on a busy machine.
func RecvNWithin(t testing.TB, sub eventstore.Subscription, n int, limit time.Duration) []eventstore.Recorded {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), limit)
	defer cancel()
	var got []eventstore.Recorded
	for len(got) < n {
		batch, err := sub.Recv(ctx)
		if err != nil {
			t.Fatalf("Recv after %d of %d events: %v", len(got), n, err)
		}
		got = append(got, batch...)
	}
	return got
}
