package livefeed_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/livefeed"
)

func appendEvent(t *testing.T, s eventstore.Store, stream, typ string) eventstore.Position {
	t.Helper()
	res, err := s.Append(context.Background(), stream, eventstore.Any,
		eventstore.EventData{ID: uuid.NewString(), Type: typ, SchemaVersion: 1, Data: []byte(`{}`)})
	if err != nil {
		t.Fatal(err)
	}
	return res.Position
}

func everything(eventstore.Recorded) bool { return true }

func appliedAtOnce(context.Context, eventstore.Position) error { return nil }

// startHub runs a hub until the test ends.
func startHub(t *testing.T, s eventstore.Store, applied livefeed.Applied, opts livefeed.Options) *livefeed.Hub {
	t.Helper()
	h := livefeed.New(s, applied, opts)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); h.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return h
}

// collect reads n events from c, failing after five seconds.
func collect(t *testing.T, c *livefeed.Client, n int) []eventstore.Recorded {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var got []eventstore.Recorded
	for len(got) < n {
		batch, err := c.Next(ctx)
		if err != nil {
			t.Fatalf("after %d of %d events: %v", len(got), n, err)
		}
		for _, m := range batch {
			got = append(got, m.Event)
		}
	}
	return got
}

func TestResumingClient_getsStoredThenLiveEvents_noneMissedNoneTwice(t *testing.T) {
	// Given 30 events in the log before the hub starts, with a small
	// catch-up batch so the client reads the store several times
	s := memory.New()
	for i := range 30 {
		appendEvent(t, s, fmt.Sprintf("customer-%d", i), "CustomerRegistered")
	}
	h := startHub(t, s, appliedAtOnce, livefeed.Options{CatchUpBatch: 7})
	c, err := h.Follow(context.Background(), eventstore.Start, eventstore.Filter{}, everything)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// When 30 more are appended while it catches up
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 30 {
			appendEvent(t, s, fmt.Sprintf("order-%d", i), "OrderPlaced")
		}
	}()
	got := collect(t, c, 60)
	wg.Wait()
	// Then it has all 60 once each, in log order
	if len(got) != 60 {
		t.Fatalf("got %d events, want 60", len(got))
	}
	for i := 1; i < len(got); i++ {
		if got[i].Position.Compare(got[i-1].Position) <= 0 {
			t.Fatalf("event %d at %s does not follow %s", i, got[i].Position, got[i-1].Position)
		}
	}
}

func TestEvents_areReleasedOnlyAfterTheReadModelsAppliedThem(t *testing.T) {
	// Given a hub whose read models have applied nothing past the start
	s := memory.New()
	var mu sync.Mutex
	applied := eventstore.Start
	waitApplied := func(ctx context.Context, pos eventstore.Position) error {
		mu.Lock()
		defer mu.Unlock()
		if applied.Compare(pos) < 0 {
			return errors.New("not yet")
		}
		return nil
	}
	h := startHub(t, s, waitApplied, livefeed.Options{})
	c, err := h.Follow(context.Background(), eventstore.Start, eventstore.Filter{}, everything)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// When an event is appended
	pos := appendEvent(t, s, "customer-1", "CustomerRegistered")
	// Then the client is not told of it while the read models lag
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if got, err := c.Next(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Next before the read models applied it = %d events, %v; want nothing", len(got), err)
	}
	// And is told once they have applied it
	mu.Lock()
	applied = pos
	mu.Unlock()
	if got := collect(t, c, 1); got[0].Position != pos {
		t.Fatalf("got %s, want %s", got[0].Position, pos)
	}
}

func TestSlowClient_isDropped_othersKeepGettingEvents(t *testing.T) {
	// Given a hub with queues of 3 and two live clients, one of which
	// does not read
	s := memory.New()
	h := startHub(t, s, appliedAtOnce, livefeed.Options{Queue: 3})
	released, err := h.Released(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	slow, err := h.Follow(context.Background(), released, eventstore.Filter{}, everything)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	fast, err := h.Follow(context.Background(), released, eventstore.Filter{}, everything)
	if err != nil {
		t.Fatal(err)
	}
	defer fast.Close()
	joinLive(t, slow)
	// When 10 events are released, the fast client reading each
	var fastGot int
	for i := range 10 {
		appendEvent(t, s, fmt.Sprintf("customer-%d", i), "CustomerRegistered")
		fastGot += len(collect(t, fast, 1))
	}
	// Then the fast client has them all and the slow one ends dropped
	if fastGot != 10 {
		t.Fatalf("fast client got %d events, want 10", fastGot)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for {
		_, err := slow.Next(ctx)
		if errors.Is(err, livefeed.ErrDropped) {
			break
		}
		if err != nil {
			t.Fatalf("slow client ended with %v, want ErrDropped", err)
		}
	}
}

// joinLive makes a client that has nothing to catch up join the live
// feed, as its first Next would.
func joinLive(t *testing.T, c *livefeed.Client) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if got, err := c.Next(ctx); err == nil || len(got) > 0 {
		t.Fatalf("Next with nothing to read = %d events, %v", len(got), err)
	}
}

// followLive makes a client that follows h live from its released
// position, closed when the test ends.
func followLive(t *testing.T, h *livefeed.Hub) *livefeed.Client {
	t.Helper()
	ctx := context.Background()
	from, err := h.Released(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c, err := h.Follow(ctx, from, eventstore.Filter{}, everything)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	joinLive(t, c)
	return c
}

func TestFollow_refusesAPositionAheadOfTheLog(t *testing.T) {
	// Given a log of one event
	s := memory.New()
	pos := appendEvent(t, s, "customer-1", "CustomerRegistered")
	h := startHub(t, s, appliedAtOnce, livefeed.Options{})
	// When a client asks to resume after a later position
	ahead := eventstore.Position{Major: pos.Major, Minor: pos.Minor + 1}
	if pos.Major == 0 {
		ahead = eventstore.Position{Major: pos.Major + 1}
	}
	_, err := h.Follow(context.Background(), ahead, eventstore.Filter{}, everything)
	// Then it is refused; the head itself is fine
	if !errors.Is(err, livefeed.ErrAhead) {
		t.Fatalf("Follow(%s) with head %s = %v, want ErrAhead", ahead, pos, err)
	}
	if _, err := h.Follow(context.Background(), pos, eventstore.Filter{}, everything); err != nil {
		t.Fatalf("Follow(head) = %v", err)
	}
}

func TestFilters_keepOnlyWhatTheClientSelectsAndMaySee(t *testing.T) {
	// Given a client of contract events, which may see only those of stream contract-2
	s := memory.New()
	h := startHub(t, s, appliedAtOnce, livefeed.Options{})
	mayOnly2 := func(e eventstore.Recorded) bool { return e.Stream == "contract-2" }
	c, err := h.Follow(context.Background(), eventstore.Start, eventstore.Filter{StreamPrefixes: []string{"contract-"}}, mayOnly2)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// When events of customers and two contracts are appended
	appendEvent(t, s, "customer-1", "CustomerRegistered")
	appendEvent(t, s, "contract-1", "ContractDrafted")
	want := appendEvent(t, s, "contract-2", "ContractDrafted")
	// Then it gets only contract-2's
	got := collect(t, c, 1)
	if len(got) != 1 || got[0].Position != want {
		t.Fatalf("got %v, want only the event at %s", got, want)
	}
}

// Given a hub with no client, whose read models lag, when events are
// appended, then it passes them without asking the read models (nobody
// listens); and a client that then follows from the start is still told
// of them only once the read models have applied them, each once.
func TestNoClient_eventsArePassedUnasked_andConfirmedWhenAClientJoins(t *testing.T) {
	s := memory.New()
	var mu sync.Mutex
	applied, asked := eventstore.Start, 0
	waitApplied := func(ctx context.Context, pos eventstore.Position) error {
		mu.Lock()
		defer mu.Unlock()
		asked++
		if applied.Compare(pos) < 0 {
			return errors.New("not yet")
		}
		return nil
	}
	h := startHub(t, s, waitApplied, livefeed.Options{})
	if _, err := h.Released(context.Background()); err != nil { // the hub has started
		t.Fatal(err)
	}
	mu.Lock()
	askedAtStart := asked
	mu.Unlock()
	first := appendEvent(t, s, "customer-1", "CustomerRegistered")
	second := appendEvent(t, s, "customer-2", "CustomerRegistered")
	deadline := time.Now().Add(5 * time.Second)
	for { // the hub passes both
		if pos, _ := h.Released(context.Background()); pos == second || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	mu.Lock()
	if asked != askedAtStart {
		t.Errorf("the hub asked the read models %d times with no client", asked-askedAtStart)
	}
	mu.Unlock()
	c, err := h.Follow(context.Background(), eventstore.Start, eventstore.Filter{}, everything)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if got, err := c.Next(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Next before the read models applied them = %d events, %v; want nothing", len(got), err)
	}
	mu.Lock()
	applied = second
	mu.Unlock()
	got := collect(t, c, 2)
	if got[0].Position != first || got[1].Position != second {
		t.Fatalf("got %s, %s; want %s, %s", got[0].Position, got[1].Position, first, second)
	}
	third := appendEvent(t, s, "customer-3", "CustomerRegistered")
	mu.Lock()
	applied = third
	mu.Unlock()
	if got := collect(t, c, 1); got[0].Position != third {
		t.Fatalf("live: got %s, want %s", got[0].Position, third)
	}
}

// Given a client joining after events nobody listened to, and read models
// whose wait blocks until its context ends and then reports its own error,
// when the client's Next runs out of time before they applied them, then
// Next says its time ran out (context.DeadlineExceeded), not that the feed
// failed: the stream sends a heartbeat and waits on instead of ending.
func TestNext_whoseTimeRunsOutWhileTheReadModelsLag_saysSo(t *testing.T) {
	s := memory.New()
	var mu sync.Mutex
	applied := eventstore.Start
	blockingWait := func(ctx context.Context, pos eventstore.Position) error {
		mu.Lock()
		done := applied.Compare(pos) >= 0
		mu.Unlock()
		if done {
			return nil
		}
		<-ctx.Done()
		return errors.New("read models not caught up")
	}
	h := startHub(t, s, blockingWait, livefeed.Options{})
	if _, err := h.Released(context.Background()); err != nil {
		t.Fatal(err)
	}
	pos := appendEvent(t, s, "customer-1", "CustomerRegistered")
	deadline := time.Now().Add(5 * time.Second)
	for { // the hub passes it unasked: nobody listens
		if got, _ := h.Released(context.Background()); got == pos || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	c, err := h.Follow(context.Background(), eventstore.Start, eventstore.Filter{}, everything)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if got, err := c.Next(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Next while the read models lag = %d events, %v; want context.DeadlineExceeded", len(got), err)
	}
	mu.Lock()
	applied = pos
	mu.Unlock()
	if got := collect(t, c, 1); got[0].Position != pos {
		t.Fatalf("after the read models applied it: got %s, want %s", got[0].Position, pos)
	}
}

func TestHub_pacedReleasesGatherWhatArrivesMeanwhile(t *testing.T) {
	s := memory.New()
	// A pace long beside a loaded machine's scheduling delays: the test
	// reads the previous release before the next events arrive, and must
	// still be inside the pace when they do.
	h := startHub(t, s, appliedAtOnce, livefeed.Options{Pace: 3 * time.Second})
	ctx := context.Background()
	// The client follows live before the first event: a hub with no
	// live client passes events unpaced, and the client would read them
	// from the store instead.
	c := followLive(t, h)
	// Given a release after a quiet spell, which goes at once,
	appendEvent(t, s, "order-1", "order.created")
	collect(t, c, 1)
	appendEvent(t, s, "order-1", "order.changed")
	collect(t, c, 1)
	released := time.Now()

	// when two events follow while the hub paces,
	appendEvent(t, s, "order-2", "order.created")
	appendEvent(t, s, "order-2", "order.changed")

	// then neither goes out before a pace after the previous release,
	// and both go out then (one release; the client's Next may still
	// take its two messages in two reads, as the hub hands them over
	// one by one).
	next, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	got, err := c.Next(next)
	if err != nil {
		t.Fatalf("Next() = %v", err)
	}
	if waited := time.Since(released); waited < 2250*time.Millisecond {
		t.Errorf("the release came %s after the previous one, want about the pace (3s)", waited)
	}
	n := len(got)
	if n < 2 {
		n += len(collect(t, c, 2-n))
	}
	if n != 2 {
		t.Errorf("got %d events, want the 2 that followed", n)
	}
	if waited := time.Since(released); waited >= 6*time.Second { // a second release would come a pace later still
		t.Errorf("the second event came %s after the previous release: not in the same release as the first", waited)
	}
}

// heldStreams is an Options.AppliedBatch whose read models have not
// applied the events of the streams it holds: a batch holding one waits.
type heldStreams struct {
	mu      sync.Mutex
	held    map[string]bool
	changed chan struct{}
}

func newHeldStreams(streams ...string) *heldStreams {
	h := &heldStreams{held: map[string]bool{}, changed: make(chan struct{})}
	for _, s := range streams {
		h.held[s] = true
	}
	return h
}

func (h *heldStreams) appliedBatch(ctx context.Context, batch []eventstore.Recorded) error {
	for {
		h.mu.Lock()
		waiting, changed := false, h.changed
		for _, e := range batch {
			waiting = waiting || h.held[e.Stream]
		}
		h.mu.Unlock()
		if !waiting {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (h *heldStreams) release(stream string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.held, stream)
	close(h.changed)
	h.changed = make(chan struct{})
}

func TestLiveBatches_waitForTheirOwnReadModelsOnly_andKeepTheLogsOrder(t *testing.T) {
	// Given a hub whose read models of "slow-" streams have not applied
	// them (AppliedBatch), while every read model is asked by Applied
	// never to be waited for, and a client following live
	s := memory.New()
	held := newHeldStreams("slow-1")
	never := func(ctx context.Context, pos eventstore.Position) error {
		if pos.Compare(eventstore.Start) > 0 {
			t.Errorf("Applied(%s) asked for a live batch: want AppliedBatch", pos)
		}
		return nil
	}
	h := startHub(t, s, never, livefeed.Options{AppliedBatch: held.appliedBatch})
	ctx := context.Background()
	c := followLive(t, h)
	// When an event of another stream is appended, it goes out at once
	fast := appendEvent(t, s, "fast-1", "noted")
	if got := collect(t, c, 1); got[0].Position != fast {
		t.Fatalf("got %s, want the fast stream's event %s", got[0].Position, fast)
	}
	// When an event of the held stream is appended, then one of the fast
	// stream after it, neither goes out: the later one does not overtake
	slow := appendEvent(t, s, "slow-1", "noted")
	after := appendEvent(t, s, "fast-1", "noted")
	wait, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if got, err := c.Next(wait); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Next while the slow stream's read models lag = %d events, %v; want nothing", len(got), err)
	}
	// Then once its read models applied it, both go out in the log's order
	held.release("slow-1")
	got := collect(t, c, 2)
	if got[0].Position != slow || got[1].Position != after {
		t.Fatalf("got %s, %s; want %s then %s", got[0].Position, got[1].Position, slow, after)
	}
}
