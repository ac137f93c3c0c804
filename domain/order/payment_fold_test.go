package order_test

import (
	"encoding/json"
	"fmt"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
)

// payments returns an order's history with n payments of one fen, each
// under its own claimed reference, as RecordPayment records them.
func payments(n int) []domain.Event {
	h := make([]domain.Event, 0, n+2)
	h = append(h, created, confirmed)
	for i := range n {
		h = append(h, order.PaymentReceived{OrderID: "o-1", PaymentRef: fmt.Sprintf("P-%08d", i), Amount: domain.Fen(1),
			RecordedBy: "fin-1", ReceivedAt: t0, Claimed: true})
	}
	return h
}

// foldBytes is what folding h allocates, in bytes.
func foldBytes(h []domain.Event) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	o := given(h)
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(o)
	return after.TotalAlloc - before.TotalAlloc
}

// TestOrder_Evolve_paymentsFoldInConstantSpace: an order that took
// 10,000 payments folds in time and memory linear in its stream, and its
// state is the size of one with a single payment (decision 57). The
// reference history used to grow the state by one reference per payment
// and copy it on each, 10,000 payments allocating some 800 MB.
func TestOrder_Evolve_paymentsFoldInConstantSpace(t *testing.T) {
	small, large := payments(1_000), payments(10_000)

	o := given(large)
	if len(o.UnclaimedPaymentRefs) != 0 || o.Paid != domain.Fen(10_000) {
		t.Fatalf("after 10,000 claimed payments: %d references kept, paid %v; want none kept, 100.00 paid", len(o.UnclaimedPaymentRefs), o.Paid)
	}
	if allocs := testing.AllocsPerRun(5, func() { given(large) }); allocs > 1 {
		t.Errorf("folding 10,000 payments allocates %.0f times, want at most once (for the lines)", allocs)
	}
	// Bytes, not allocations, caught the old fold: it allocated once per
	// event too, but the whole reference list each time.
	bSmall, bLarge := foldBytes(small), foldBytes(large)
	if bLarge > 10*bSmall+64<<10 {
		t.Errorf("folding 10,000 payments allocated %d bytes, 1,000 payments %d: want at most ten times as much (linear)", bLarge, bSmall)
	}
	one, err := json.Marshal(given(payments(1)))
	if err != nil {
		t.Fatal(err)
	}
	many, _ := json.Marshal(o)
	if len(many) > len(one)+8 { // the paid amount's digits
		t.Errorf("the state of 10,000 payments encodes to %d bytes, of one %d: want the same size", len(many), len(one))
	}
}

// TestOrder_RecordPayment_oldReferenceRepeated: a reference recorded
// ten thousand payments ago is still a no-op, whether its claim says so
// (a payment recorded with its claim) or the state does (one recorded
// before claims): the rule has no window.
func TestOrder_RecordPayment_oldReferenceRepeated(t *testing.T) {
	h := then(confirmedH, unclaimed)
	h = append(h, payments(10_000)[2:]...)
	o := given(h)

	for _, tc := range []struct {
		name  string
		claim order.PaymentRefClaim
		ref   string
	}{
		{name: "the first claimed reference", claim: taken("P-00000000"), ref: "P-00000000"},
		{name: "a reference recorded before claims", ref: "PAY-0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := o.RecordPayment(tc.claim, tc.ref, domain.Fen(1), "fin-1", t1)

			check(t, "RecordPayment", got, err, nil, nil, "")
		})
	}
	t.Run("a new reference is recorded", func(t *testing.T) {
		got, err := o.RecordPayment(order.PaymentRefClaim{}, "P-NEW", domain.Fen(1), "fin-1", t1)

		want := []domain.Event{order.PaymentReceived{OrderID: "o-1", PaymentRef: "P-NEW", Amount: domain.Fen(1), RecordedBy: "fin-1", ReceivedAt: t1, Claimed: true}}
		check(t, "RecordPayment", got, err, want, nil, "")
	})
}

// TestOrder_snapshotRoundTrip: the state's JSON (what a snapshot holds,
// see package snapshots) folds back to the same order, references
// recorded before claims included.
func TestOrder_snapshotRoundTrip(t *testing.T) {
	o := given(then(then(confirmedH, unclaimed), paidPart))
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	var back order.Order
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(o, back); diff != "" {
		t.Errorf("round trip (-before +after):\n%s", diff)
	}
	if got, _ := back.RecordPayment(order.PaymentRefClaim{}, "PAY-0", domain.Yuan(1), "fin-1", t1); len(got) != 0 {
		t.Errorf("after the round trip a repeat of PAY-0 records %v, want nothing", got)
	}
}

// BenchmarkOrder_foldPayments folds an order with 10,000 payments.
func BenchmarkOrder_foldPayments(b *testing.B) {
	h := payments(10_000)
	b.ReportAllocs()
	for b.Loop() {
		given(h)
	}
}
