package eventstoretest

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/eventstore"
)

// racers is how many goroutines append to one stream at once.
const racers = 16

// testConcurrentSameVersion lets 16 goroutines append at the same expected
// version, round after round: exactly one wins each version, every loser
// gets a conflict, and the stream holds exactly the winners, in order.
func testConcurrentSameVersion(t *testing.T, e *env) {
	stream := e.stream("order-1")
	var winners []string
	for round := range uint64(4) {
		evs := e.events(racers, "placed")
		results := make([]error, racers)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range racers {
			wg.Go(func() {
				<-start
				res, err := e.s.Append(e.ctx, stream, eventstore.Exact(round), evs[i])
				if err == nil && res.Version != round+1 {
					err = fmt.Errorf("won with AppendResult.Version %d, want %d", res.Version, round+1)
				}
				results[i] = err
			})
		}
		close(start)
		wg.Wait()
		won := -1
		for i, err := range results {
			switch {
			case err == nil && won >= 0:
				t.Fatalf("round %d: appends %d and %d both won version %d", round, won, i, round+1)
			case err == nil:
				won = i
			case !isConflict(err):
				t.Fatalf("round %d: losing append %d: %v, want a conflict", round, i, err)
			}
		}
		if won < 0 {
			t.Fatalf("round %d: no append won version %d", round, round+1)
		}
		winners = append(winners, evs[won].ID)
	}
	got := e.read(stream, eventstore.ReadStreamOptions{})
	checkVersions(t, stream, got)
	if diff := cmp.Diff(winners, ids(got)); diff != "" {
		t.Errorf("stream (-winners +stored):\n%s", diff)
	}
}

// testConcurrentRetries lets 8 goroutines each append 5 events to one
// stream, re-reading the version after every conflict: all 40 events land
// once, in contiguous versions, each writer's events in its own order.
func testConcurrentRetries(t *testing.T, e *env) {
	const writers, each = 8, 5
	stream := e.stream("order-1")
	evs := make([][]eventstore.EventData, writers)
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		evs[w] = e.events(each, fmt.Sprintf("w%d", w))
		wg.Go(func() {
			for _, ev := range evs[w] {
				if err := appendRetrying(e, stream, ev); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got := e.read(stream, eventstore.ReadStreamOptions{})
	checkVersions(t, stream, got)
	if len(got) != writers*each {
		t.Fatalf("stream holds %d events, want %d", len(got), writers*each)
	}
	for w := range writers {
		var mine []string
		for _, r := range got {
			if slices.ContainsFunc(evs[w], func(ev eventstore.EventData) bool { return ev.ID == r.ID }) {
				mine = append(mine, r.ID)
			}
		}
		if diff := cmp.Diff(dataIDs(evs[w]), mine); diff != "" {
			t.Errorf("writer %d's events (-appended +stored):\n%s", w, diff)
		}
	}
}

// appendRetrying appends ev at the stream's current version, retrying on
// conflicts as a command handler does.
func appendRetrying(e *env, stream string, ev eventstore.EventData) error {
	for attempt := 0; attempt < 1000; attempt++ {
		rs, err := e.s.ReadStream(e.ctx, stream, eventstore.ReadStreamOptions{})
		if err != nil {
			return err
		}
		_, err = e.s.Append(e.ctx, stream, eventstore.Exact(uint64(len(rs))), ev)
		if err == nil || !isConflict(err) {
			return err
		}
	}
	return fmt.Errorf("append %s: still conflicting after 1000 attempts", ev.ID)
}
