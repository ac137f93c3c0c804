package fanout_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/eventstoretest"
	"github.com/opsledger/opsledger/eventstore/fanout"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

// The fanout keeps the store contract: the conformance suite passes over
// both stores, with a tail small enough that subscriptions also go
// through the catch-up path.
func TestConformance_memory(t *testing.T) {
	eventstoretest.Run(t, func(t *testing.T) eventstore.Store {
		return wrap(t, memory.New(), fanout.Options{Capacity: 8, Batch: 5})
	}, eventstoretest.Options{})
}

func TestConformance_postgres(t *testing.T) {
	inner := pgtest.Store(t)
	s := wrap(t, inner, fanout.Options{Capacity: 8, Batch: 5})
	eventstoretest.Run(t, func(*testing.T) eventstore.Store { return s }, eventstoretest.Options{
		Begin: func(ctx context.Context, _ eventstore.Store) (eventstoretest.Transaction, error) {
			return pgtest.BeginHeld(t, ctx, inner)
		},
	})
}

func wrap(t *testing.T, inner eventstore.Store, opts fanout.Options) *fanout.Store {
	t.Helper()
	s := fanout.New(inner, opts)
	t.Cleanup(func() { s.Close() })
	return s
}

func event(typ string, n int) eventstore.EventData {
	return eventstore.EventData{ID: uuid.NewString(), Type: typ, SchemaVersion: 1, Data: fmt.Appendf(nil, `{"n":%d}`, n)}
}

func appendN(t *testing.T, s eventstore.Store, stream, typ string, n int) {
	t.Helper()
	for i := range n {
		if _, err := s.Append(t.Context(), stream, eventstore.Any, event(typ, i)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSubscribers_shareOneTailAndFilterInMemory(t *testing.T) {
	// Given a fanout with two subscribers from the start, one filtered
	s := wrap(t, memory.New(), fanout.Options{})
	all, err := s.Subscribe(t.Context(), eventstore.Start, eventstore.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	defer all.Close()
	orders, err := s.Subscribe(t.Context(), eventstore.Start, eventstore.Filter{StreamPrefixes: []string{"order-"}})
	if err != nil {
		t.Fatal(err)
	}
	defer orders.Close()
	// When events of two kinds are appended
	for i := range 10 {
		appendN(t, s, fmt.Sprintf("customer-%d", i), "CustomerRegistered", 1)
		appendN(t, s, fmt.Sprintf("order-%d", i), "OrderPlaced", 1)
	}
	// Then the unfiltered one sees all 20 in order, the filtered one only the orders
	got := eventstoretest.RecvN(t, all, 20)
	for i := 1; i < len(got); i++ {
		if got[i].Position.Compare(got[i-1].Position) <= 0 {
			t.Fatalf("out of order at %d: %s after %s", i, got[i].Position, got[i-1].Position)
		}
	}
	for _, e := range eventstoretest.RecvN(t, orders, 10) {
		if e.Type != "OrderPlaced" {
			t.Fatalf("filtered subscriber got %s on %s", e.Type, e.Stream)
		}
	}
}

func TestSubscriber_behindTheTail_catchesUpFromTheStoreWithoutLoss(t *testing.T) {
	// Given a tail of 4 events that has moved well past 30 appends
	inner := memory.New()
	s := wrap(t, inner, fanout.Options{Capacity: 4, Batch: 3})
	live, err := s.Subscribe(t.Context(), eventstore.Start, eventstore.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	appendN(t, s, "customer-1", "ContactLogged", 30)
	eventstoretest.RecvN(t, live, 30)
	// When more events follow and a subscriber starts from the beginning
	appendN(t, s, "customer-2", "Marker", 1)
	appendN(t, s, "customer-1", "ContactLogged", 5)
	late, err := s.Subscribe(t.Context(), eventstore.Start, eventstore.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	defer late.Close()
	// Then it gets all 36 events exactly once, in order
	got := eventstoretest.RecvN(t, late, 36)
	if len(got) != 36 {
		t.Fatalf("got %d events, want 36", len(got))
	}
	want, err := inner.ReadAll(t.Context(), eventstore.Start, 0, eventstore.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if got[i].ID != want[i].ID {
			t.Fatalf("event %d = %s, want %s", i, got[i].ID, want[i].ID)
		}
	}
}

func TestFilteredSubscriber_behindTheTail_movesOnWhenNothingMatches(t *testing.T) {
	// Given a tail that has trimmed events of no interest to the subscriber
	s := wrap(t, memory.New(), fanout.Options{Capacity: 2, Batch: 2})
	live, _ := s.Subscribe(t.Context(), eventstore.Start, eventstore.Filter{})
	defer live.Close()
	appendN(t, s, "customer-1", "ContactLogged", 12)
	eventstoretest.RecvN(t, live, 12)
	sub, err := s.Subscribe(t.Context(), eventstore.Start, eventstore.Filter{EventTypes: []string{"OrderPlaced"}})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	// When the first matching event arrives
	appendN(t, s, "order-1", "OrderPlaced", 1)
	// Then the subscriber receives exactly it
	got := eventstoretest.RecvN(t, sub, 1)
	if len(got) != 1 || got[0].Stream != "order-1" {
		t.Fatalf("got %+v, want the one order event", got)
	}
}

func TestClose_endsWaitingReceivers(t *testing.T) {
	// Given a subscriber waiting at the end of the tail
	s := fanout.New(memory.New(), fanout.Options{})
	sub, err := s.Subscribe(t.Context(), eventstore.Start, eventstore.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() {
		_, err := sub.Recv(t.Context())
		errc <- err
	}()
	// When the fanout closes
	time.Sleep(20 * time.Millisecond)
	s.Close()
	// Then Recv returns ErrClosed, and so does a new Subscribe
	select {
	case err := <-errc:
		if !errors.Is(err, fanout.ErrClosed) {
			t.Fatalf("Recv = %v, want ErrClosed", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Recv did not return after Close")
	}
	if _, err := s.Subscribe(t.Context(), eventstore.Start, eventstore.Filter{}); !errors.Is(err, fanout.ErrClosed) {
		t.Fatalf("Subscribe after Close = %v, want ErrClosed", err)
	}
}

// flaky is a store whose subscriptions fail once each time fail is sent.
type flaky struct {
	*memory.Store
	fail chan error
}

func (f flaky) Subscribe(ctx context.Context, from eventstore.Position, filter eventstore.Filter) (eventstore.Subscription, error) {
	sub, err := f.Store.Subscribe(ctx, from, filter)
	return flakySub{sub, f.fail}, err
}

type flakySub struct {
	eventstore.Subscription
	fail chan error
}

func (s flakySub) Recv(ctx context.Context) ([]eventstore.Recorded, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	go func() {
		select {
		case err := <-s.fail:
			cancel(err)
		case <-ctx.Done():
		}
	}()
	batch, err := s.Subscription.Recv(ctx)
	if err != nil && context.Cause(ctx) != nil {
		return nil, context.Cause(ctx)
	}
	return batch, err
}

func TestSharedSubscriptionFailure_reachesWaitingSubscribers_thenRecovers(t *testing.T) {
	// Given a subscriber waiting at the end of the tail
	f := flaky{memory.New(), make(chan error)}
	s := wrap(t, f, fanout.Options{RetryDelay: time.Millisecond})
	sub, err := s.Subscribe(t.Context(), eventstore.Start, eventstore.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	// When the shared subscription fails
	boom := errors.New("connection reset")
	f.fail <- boom
	// Then the subscriber hears of it
	if _, err := sub.Recv(t.Context()); !errors.Is(err, boom) {
		t.Fatalf("Recv = %v, want %v", err, boom)
	}
	// And once the shared subscription is open again, events flow
	appendN(t, s, "customer-1", "ContactLogged", 3)
	if got := eventstoretest.RecvN(t, sub, 3); len(got) != 3 {
		t.Fatalf("got %d events after recovery, want 3", len(got))
	}
}

func TestLinger_deliversWhatArrivedMeanwhileInOneBatch(t *testing.T) {
	// Given a fanout that rests 300 ms after each delivery, and a
	// subscriber that has just received the first event
	s := wrap(t, memory.New(), fanout.Options{Linger: 300 * time.Millisecond})
	sub, err := s.Subscribe(t.Context(), eventstore.Start, eventstore.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	appendN(t, s, "customer-1", "ContactLogged", 1)
	eventstoretest.RecvN(t, sub, 1)
	// When three more events are appended while it rests, a little apart,
	// and the subscriber waits for them
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	type result struct {
		batch []eventstore.Recorded
		err   error
	}
	got := make(chan result, 1)
	go func() {
		batch, err := sub.Recv(ctx)
		got <- result{batch, err}
	}()
	for range 3 {
		appendN(t, s, "customer-1", "ContactLogged", 1)
		time.Sleep(20 * time.Millisecond)
	}
	// Then they arrive together, not one by one
	r := <-got
	if batch, err := r.batch, r.err; err != nil || len(batch) != 3 {
		t.Fatalf("Recv = %d events, %v; want the 3 appended during the rest in one batch", len(batch), err)
	}
}

// TestStore_keepsTheAtomicMultiStreamAppend: given a store with an atomic
// multi-stream append, when it is wrapped, then AppendStreams still finds
// it (the conformance suite would skip its multi-stream cases otherwise,
// and the command side would fall back to sequential appends).
func TestStore_keepsTheAtomicMultiStreamAppend(t *testing.T) {
	s := wrap(t, memory.New(), fanout.Options{})
	if _, ok := eventstore.AtomicMultiStream(s); !ok {
		t.Fatal("the fanout store hides the wrapped store's atomic multi-stream append")
	}
}

func TestLingerFrom_smallBatchesAreDeliveredWithoutRest(t *testing.T) {
	// Given a fanout that would rest an hour, but only after a batch of 10
	s := wrap(t, memory.New(), fanout.Options{Linger: time.Hour, LingerFrom: 10})
	sub, err := s.Subscribe(t.Context(), eventstore.Start, eventstore.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	// When events are appended one at a time, each waited for
	// Then each arrives: a batch of one is no load to batch
	for i := range 3 {
		appendN(t, s, "customer-1", "ContactLogged", 1)
		if got := eventstoretest.RecvN(t, sub, 1); len(got) != 1 {
			t.Fatalf("append %d: got %d events, want 1", i, len(got))
		}
	}
}

func TestLingerFrom_aLargeBatchMakesTheSubscriptionRest(t *testing.T) {
	// Given a fanout that rests an hour after a batch of 10 or more, and a
	// subscriber that received a batch of 10 appended at once
	inner := memory.New()
	s := wrap(t, inner, fanout.Options{Linger: time.Hour, LingerFrom: 10})
	sub, err := s.Subscribe(t.Context(), eventstore.Start, eventstore.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	batch := make([]eventstore.EventData, 10)
	for i := range batch {
		batch[i] = event("ContactLogged", i)
	}
	if _, err := s.Append(t.Context(), "customer-1", eventstore.Any, batch...); err != nil {
		t.Fatal(err)
	}
	eventstoretest.RecvN(t, sub, 10)
	// When one more event is appended
	appendN(t, s, "customer-1", "ContactLogged", 1)
	// Then the shared subscription is resting: nothing arrives meanwhile
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	if got, err := sub.Recv(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Recv during the rest = %d events, %v; want nothing until the rest ends", len(got), err)
	}
}
