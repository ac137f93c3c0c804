package eventstoretest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/eventstore"
)

// testConcurrentGlobalOrder runs 8 writers on their own streams while a
// subscriber and a resuming ReadAll poller follow the global log: both see
// every event exactly once, in the order a final ReadAll returns, and each
// stream's events in version order.
func testConcurrentGlobalOrder(t *testing.T, e *env) {
	const writers, appends = 8, 10
	total := writers * (appends + (appends+2)/3) // every third append has two events
	sub := e.subscribe(e.base, e.mine())
	pollCtx, stopPolling := context.WithCancel(e.ctx)
	defer stopPolling()
	polled := make(chan polledEvents, 1) // buffered: the poller never waits for the test
	go func() {
		rs, err := e.poll(pollCtx, total)
		polled <- polledEvents{rs, err}
	}()
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			stream := e.stream(fmt.Sprintf("w%d", w))
			var version uint64
			for i := range appends {
				evs := e.events(1+boolInt(i%3 == 0), "placed")
				if _, err := e.s.Append(e.ctx, stream, eventstore.Exact(version), evs...); err != nil {
					errs <- fmt.Errorf("writer %d, append %d: %w", w, i, err)
					return
				}
				version += uint64(len(evs))
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	final := e.readAll(e.mine(), 100, total)
	if len(final) != total {
		t.Fatalf("ReadAll returned %d events, want %d", len(final), total)
	}
	checkAscending(t, "ReadAll", final)
	checkStreamOrder(t, final)
	if got := <-polled; got.err != nil {
		t.Errorf("resuming reader: %v", got.err)
	} else if diff := cmp.Diff(ids(final), ids(got.rs)); diff != "" {
		t.Errorf("resuming reader saw (-final ReadAll +reader):\n%s", diff)
	}
	e.expect(sub, ids(final), e.stream("w0"), e.event("closed"))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// poll reads the global log through the subtest's filter in pages of 7,
// resuming from the last position seen, until it saw n events.
// It runs outside the test goroutine, so it reports rather than fails.
func (e *env) poll(ctx context.Context, n int) ([]eventstore.Recorded, error) {
	var got []eventstore.Recorded
	from := e.base
	deadline := time.Now().Add(waitTimeout)
	for len(got) < n {
		if time.Now().After(deadline) {
			return got, fmt.Errorf("saw %d of %d events in %v", len(got), n, waitTimeout)
		}
		page, err := e.s.ReadAll(ctx, from, 7, e.mine())
		if err != nil {
			return got, fmt.Errorf("ReadAll(%v, 7): %w", from, err)
		}
		if len(page) == 0 {
			time.Sleep(time.Millisecond)
			continue
		}
		got = append(got, page...)
		from = page[len(page)-1].Position
	}
	return got, nil
}

type polledEvents struct {
	rs  []eventstore.Recorded
	err error
}

// checkStreamOrder fails the test unless every stream's events appear in
// contiguous version order.
func checkStreamOrder(t *testing.T, rs []eventstore.Recorded) {
	t.Helper()
	next := map[string]uint64{}
	for _, r := range rs {
		if r.StreamVersion != next[r.Stream]+1 {
			t.Fatalf("%s@%d follows version %d in the global log", r.Stream, r.StreamVersion, next[r.Stream])
		}
		next[r.Stream] = r.StreamVersion
	}
}
