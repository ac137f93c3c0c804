package commands_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/snapshots"
	snapmemory "github.com/opsledger/opsledger/snapshots/memory"
)

// snapshotBound asks for the newest snapshot.
var snapshotBound = snapshots.Bound{}

// orderSchema is the schema name order snapshots are kept under.
var orderSchema = fmt.Sprintf("order.Order/%d", order.StateSchema)

// pennyPayment is the i-th payment of one fen on order o-1.
func pennyPayment(i int) commands.RecordOrderPayment {
	return commands.RecordOrderPayment{OrderID: "o-1", PaymentRef: fmt.Sprintf("P-%05d", i), Amount: domain.Fen(1)}
}

// paymentHandler is a handler over the order world's store (counted) with
// order snapshots every snapshotEvery events, its cache as given.
func paymentHandler(t *testing.T, w *orderWorld, store eventstore.Store, snaps *snapmemory.Store, cache int) *commands.Handler {
	t.Helper()
	h := commands.New(store, w.codec, func() time.Time { return orderNow },
		commands.WithAggregateCache(cache), commands.WithSnapshots(snaps, snapshotEvery, nil))
	t.Cleanup(h.Close)
	return h
}

// paid records payments first..last (inclusive) with h.
func paid(t *testing.T, h *commands.Handler, first, last int) commands.Result {
	t.Helper()
	var res commands.Result
	for i := first; i <= last; i++ {
		var err error
		if res, err = h.Orders.RecordOrderPayment(context.Background(), orderFinance, pennyPayment(i)); err != nil {
			t.Fatalf("payment %d: %v", i, err)
		}
	}
	return res
}

func TestRecordOrderPayment_repeatOfAnOldReferenceIsANoOp(t *testing.T) {
	for _, mode := range cacheModes {
		t.Run(mode.name, func(t *testing.T) {
			// Given an order in transit that took 300 payments, more than
			// any window of recent ones (the idempotency keys keep 256)
			w := orderInTransit(t)
			h := paymentHandler(t, w, w.store, snapmemory.New(), mode.cache)
			last := paid(t, h, 1, 300)

			// When finance records the first reference again, in this
			// process and in a fresh one
			again, err := h.Orders.RecordOrderPayment(context.Background(), orderFinance, pennyPayment(1))
			fresh := paymentHandler(t, w, w.store, snapmemory.New(), mode.cache)
			againFresh, errFresh := fresh.Orders.RecordOrderPayment(context.Background(), orderFinance, pennyPayment(1))

			// Then nothing is recorded: the order stays where it was
			for _, r := range []struct {
				res commands.Result
				err error
			}{{again, err}, {againFresh, errFresh}} {
				if r.err != nil || r.res.Events != 0 || r.res.Version != last.Version {
					t.Errorf("repeat = %+v, %v; want no events at version %d", r.res, r.err, last.Version)
				}
			}
			if got := paidOn(t, w); got != domain.Fen(300) {
				t.Errorf("paid = %v, want 3.00", got)
			}
			// and the reference's claim holds one event
			if n := len(w.streamEvents(t, order.PaymentRefStream("o-1", "P-00001"))); n != 1 {
				t.Errorf("claim stream holds %d events, want 1", n)
			}
		})
	}
}

func TestRecordOrderPayment_cacheMissReadsOnlyTheEventsAfterTheSnapshot(t *testing.T) {
	// Given an order that took 60 payments, with snapshots every
	// snapshotEvery events
	w := orderInTransit(t)
	counted := countEvents(w.store)
	snaps := snapmemory.New()
	h := paymentHandler(t, w, counted, snaps, commands.DefaultAggregateCache)
	paid(t, h, 1, 60)
	commands.FlushSnapshots(h)
	snapped, ok, err := snaps.Load(context.Background(), order.Stream("o-1"), orderSchema, snapshotBound)
	if err != nil || !ok {
		t.Fatalf("no snapshot of the order: %v", err)
	}

	// When a process with an empty cache records the next payment and
	// then repeats the first one
	other := paymentHandler(t, w, counted, snaps, commands.DefaultAggregateCache)
	counted.since(order.Stream("o-1"))
	res := paid(t, other, 61, 61)
	readForPayment := counted.since(order.Stream("o-1"))
	claimReads := counted.since(order.PaymentRefStream("o-1", "P-00061"))
	repeat, err := other.Orders.RecordOrderPayment(context.Background(), orderFinance, pennyPayment(1))

	// Then the payment read the snapshot's event and those after it, not
	// the order's history, and presumed its claim new without reading it
	if want := int(res.Version-1-snapped.Version) + 1; readForPayment != want {
		t.Errorf("order events read = %d, want %d (snapshot at %d, stream at %d)", readForPayment, want, snapped.Version, res.Version-1)
	}
	if claimReads != 0 {
		t.Errorf("claim events read = %d, want 0", claimReads)
	}
	// and the repeat read only its claim and nothing more of the order
	if err != nil || repeat.Events != 0 {
		t.Errorf("repeat = %+v, %v; want a no-op", repeat, err)
	}
	if n := counted.since(order.Stream("o-1")); n != 0 {
		t.Errorf("order events read for the repeat = %d, want 0", n)
	}
	if n := counted.since(order.PaymentRefStream("o-1", "P-00001")); n != 1 {
		t.Errorf("claim events read for the repeat = %d, want 1", n)
	}
}

func TestRecordOrderPayment_snapshotRoundTrip(t *testing.T) {
	// Given an order whose snapshot was taken after 40 payments
	w := orderInTransit(t)
	snaps := snapmemory.New()
	h := paymentHandler(t, w, w.store, snaps, 0)
	paid(t, h, 1, 40)
	commands.FlushSnapshots(h)
	small, ok, err := snaps.Load(context.Background(), order.Stream("o-1"), orderSchema, snapshotBound)
	if err != nil || !ok {
		t.Fatalf("no snapshot of the order: %v", err)
	}
	paid(t, h, 41, 200)
	commands.FlushSnapshots(h)
	large, _, _ := snaps.Load(context.Background(), order.Stream("o-1"), orderSchema, snapshotBound)

	// When a process without a cache decides from the newest snapshot
	fresh := paymentHandler(t, w, w.store, snaps, 0)
	repeat, errRepeat := fresh.Orders.RecordOrderPayment(context.Background(), orderFinance, pennyPayment(7))
	next, errNext := fresh.Orders.RecordOrderPayment(context.Background(), orderFinance, pennyPayment(201))

	// Then the snapshot of 200 payments is no larger than that of 40
	// (within the digits of the amount and version), a repeat is a no-op
	// and a new payment is recorded on top of the restored state
	if len(large.State) > len(small.State)+16 {
		t.Errorf("snapshot after 200 payments is %d bytes, after 40 %d: want the same size", len(large.State), len(small.State))
	}
	if errRepeat != nil || repeat.Events != 0 {
		t.Errorf("repeat = %+v, %v; want a no-op", repeat, errRepeat)
	}
	if errNext != nil || next.Events != 1 || paidOn(t, w) != domain.Fen(201) {
		t.Errorf("next = %+v, %v, paid %v; want one event and 2.01 paid", next, errNext, paidOn(t, w))
	}
}

// streamEvents returns the decoded events of stream.
func (w *orderWorld) streamEvents(t *testing.T, stream string) []domain.Event {
	t.Helper()
	recs, err := w.store.ReadStream(context.Background(), stream, eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatalf("ReadStream(%s) error = %v", stream, err)
	}
	events := make([]domain.Event, len(recs))
	for i, r := range recs {
		if events[i], err = w.codec.DecodeRecorded(r); err != nil {
			t.Fatalf("DecodeRecorded() error = %v", err)
		}
	}
	return events
}

// paidOn is what order o-1's stream says was paid.
func paidOn(t *testing.T, w *orderWorld) domain.Money {
	t.Helper()
	return domain.Fold(order.Order.Evolve, w.streamEvents(t, order.Stream("o-1"))...).Paid
}

func TestRecordOrderPayment_claimIsNotCached(t *testing.T) {
	// Given an order held in the cache after a first payment
	w := orderInTransit(t)
	h := paymentHandler(t, w, w.store, snapmemory.New(), commands.DefaultAggregateCache)
	paid(t, h, 1, 1)
	before := commands.CachedAggregates(h)

	// When ten more payments are recorded
	paid(t, h, 2, 11)

	// Then the cache holds no more aggregates: each claim is read (or
	// presumed new) once and not kept
	if after := commands.CachedAggregates(h); after != before {
		t.Errorf("cached aggregates = %d after ten payments, want %d as before", after, before)
	}
}

func TestRecordOrderPayment_aReferenceWithAControlCharacterIsRefusedUnread(t *testing.T) {
	// Given an order in transit
	w := orderInTransit(t)
	counted := &countingStore{Store: w.store, reads: map[string]int{}}
	h := paymentHandler(t, w, counted, snapmemory.New(), 0)
	ref := "P-1\x00"

	// When finance records a payment whose reference holds a NUL
	_, err := h.Orders.RecordOrderPayment(context.Background(), orderFinance,
		commands.RecordOrderPayment{OrderID: "o-1", PaymentRef: ref, Amount: domain.Fen(1)})

	// Then it is invalid, and neither the order nor a claim was read
	if !errors.Is(err, domain.ErrInvalid) {
		t.Fatalf("error = %v, want invalid", err)
	}
	if n := counted.readsOf(order.PaymentRefStream("o-1", ref)) + counted.readsOf(order.Stream("o-1")); n != 0 {
		t.Errorf("stream reads = %d, want 0", n)
	}
}
