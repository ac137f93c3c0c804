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
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
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
