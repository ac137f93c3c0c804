package commands_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/eventstore"
)

// orderAt is orderCreate with the valve at unit price (in fen).
func orderAt(fen int64) commands.CreateOrder {
	c := orderCreate
	l := orderLine
	l.UnitPrice = domain.Fen(fen)
	c.Lines = []order.Line{l}
	return c
}

// amendmentEvents are an amendment a-1 of k-1 whose new price rests on
// the approved final quotation q-2 (the valve at 130.00), and the
// manager's signature that puts it in force.
func amendmentEvents() (requested, amended domain.Event) {
	terms := contract.Terms{Price: domain.Yuan(10000)}
	return contract.AmendmentRequested{ContractID: "k-1", AmendmentID: "a-1", Terms: terms, Reason: "steel price",
			QuotationID: "q-2", PriceLinked: true, RequestedBy: "rep-1", RequestedAt: orderNow},
		contract.Amended{ContractID: "k-1", AmendmentID: "a-1", Before: terms, After: terms, SignerID: "head-1", AmendedAt: orderNow}
}

// quoteAt130 seeds q-2, the approved final quotation of the amended price.
func (w *orderWorld) quoteAt130() *orderWorld {
	q := orderQuote
	q.QuotationID, q.Lines = "q-2", []quotation.Line{{Product: "Gate valve", Quantity: 10, UnitPrice: domain.Yuan(130), UnitCost: domain.Yuan(60)}}
	w.seed(quotation.Stream("q-2"), q, quotation.Approved{QuotationID: "q-2", ApproverID: "head-1", ApproverRole: domain.RoleDeptHead, ApprovedAt: orderNow})
	return w
}

// amended seeds the amendment of k-1 to the 130.00 price, in force.
func (w *orderWorld) amended() *orderWorld {
	requested, amended := amendmentEvents()
	w.quoteAt130().seed(contract.Stream("k-1"), requested, amended)
	return w
}

func isOrderRule(err error, rule string) bool {
	var re *domain.RuleError
	return errors.As(err, &re) && re.Rule == rule
}

func TestCreateOrder_approvedPrice(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		world func(*orderWorld)
		cmd   commands.CreateOrder
		want  []string
	}{
		{
			name: "K6: the approved unit price is accepted with nothing detected", world: func(w *orderWorld) { w.signedContract() },
			cmd: orderAt(12000), want: []string{"order.created"},
		},
		{
			name: "K6: one fen above the approved price is recorded as unauthorised", world: func(w *orderWorld) { w.signedContract() },
			cmd: orderAt(12001), want: []string{"order.created", "order.unauthorised_quotation_detected"},
		},
		{
			name: "K6: on an amended contract the old price is recorded as unauthorised", world: func(w *orderWorld) { w.signedContract().amended() },
			cmd: orderAt(12000), want: []string{"order.created", "order.unauthorised_quotation_detected"},
		},
		{
			name: "K6: on an amended contract the amended price is accepted", world: func(w *orderWorld) { w.signedContract().amended() },
			cmd: orderAt(13000), want: []string{"order.created"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newOrderWorld(t)
			tt.world(w)

			res := orderOK(t)(w.h.Orders.CreateOrder(ctx, orderRep, tt.cmd))

			if diff := cmp.Diff(tt.want, w.types()); diff != "" {
				t.Errorf("order stream mismatch (-want +got):\n%s", diff)
			}
			if res.Events != len(tt.want) || res.Version != uint64(len(tt.want)) {
				t.Errorf("result = %+v, want %d events up to version %d", res, len(tt.want), len(tt.want))
			}
		})
	}
}

// Given an order recorded at an unauthorised price, when it is confirmed,
// then K6 refuses it; once the draft is changed to the approved price it
// is confirmed.
func TestConfirmOrder_unauthorisedPriceRefusedUntilChanged(t *testing.T) {
	ctx, ok := context.Background(), orderOK(t)
	w := newOrderWorld(t).signedContract().depositPaid()
	ok(w.h.Orders.CreateOrder(ctx, orderRep, orderAt(12100)))
	confirm := commands.ConfirmOrder{OrderID: "o-1", CustomerConfirmationRef: "PO-77"}

	if _, err := w.h.Orders.ConfirmOrder(ctx, orderRep, confirm); !isOrderRule(err, "K6-order") {
		t.Fatalf("ConfirmOrder() at an unauthorised price error = %v, want rule K6-order", err)
	}
	ok(w.h.Orders.ChangeOrder(ctx, orderRep, commands.ChangeOrder{OrderID: "o-1", ChangeID: "ch-1", Lines: []order.Line{orderLine}, Reason: "approved price"}))
	ok(w.h.Orders.ConfirmOrder(ctx, orderRep, confirm))

	want := []string{"order.created", "order.unauthorised_quotation_detected", "order.changed", "order.confirmed"}
	if diff := cmp.Diff(want, w.types()); diff != "" {
		t.Errorf("order stream mismatch (-want +got):\n%s", diff)
	}
}

// Given a confirmed order, when the rep asks to change it to a price the
// contract does not authorise, then K6 refuses (it needs an amendment);
// and a change requested before an amendment moved the price cannot be
// approved after it.
func TestChangeOrder_priceNeedsTheContractInForce(t *testing.T) {
	ctx, ok := context.Background(), orderOK(t)
	w := newOrderWorld(t).signedContract().depositPaid()
	ok(w.h.Orders.CreateOrder(ctx, orderRep, orderCreate))
	ok(w.h.Orders.ConfirmOrder(ctx, orderRep, commands.ConfirmOrder{OrderID: "o-1", CustomerConfirmationRef: "PO-77"}))
	dearer := orderAt(12001).Lines

	_, err := w.h.Orders.ChangeOrder(ctx, orderRep, commands.ChangeOrder{OrderID: "o-1", ChangeID: "ch-1", Lines: dearer, Reason: "dearer"})
	if !isOrderRule(err, "K6-order") {
		t.Fatalf("ChangeOrder() to 120.01 error = %v, want rule K6-order", err)
	}
	more := orderLine
	more.Quantity = 20
	ok(w.h.Orders.ChangeOrder(ctx, orderRep, commands.ChangeOrder{OrderID: "o-1", ChangeID: "ch-2", Lines: []order.Line{more}, Reason: "more"}))
	w.amended()
	if _, err := w.h.Orders.ApproveOrderChange(ctx, orderHead, commands.ApproveOrderChange{OrderID: "o-1", ChangeID: "ch-2"}); !isOrderRule(err, "K6-order") {
		t.Fatalf("ApproveOrderChange() after an amendment error = %v, want rule K6-order", err)
	}
	want := []string{"order.created", "order.confirmed", "order.change_requested"}
	if diff := cmp.Diff(want, w.types()); diff != "" {
		t.Errorf("order stream mismatch (-want +got):\n%s", diff)
	}
}

// amendingStore puts the amendment in force right after the order command
// first reads the contract: the interleaving a concurrent amendment can
// produce, made certain.
type amendingStore struct {
	eventstore.Store
	w    *orderWorld
	once sync.Once
}

func (s *amendingStore) ReadStream(ctx context.Context, stream string, opts eventstore.ReadStreamOptions) ([]eventstore.Recorded, error) {
	recs, err := s.Store.ReadStream(ctx, stream, opts)
	if stream == contract.Stream("k-1") {
		s.once.Do(func() { s.w.seed(contract.Stream("k-1"), s.amendment()) })
	}
	return recs, err
}

func (s *amendingStore) amendment() domain.Event { _, amended := amendmentEvents(); return amended }

// Given a signed contract with an approved amendment to 130.00, when the
// amendment takes effect after the order command read the contract but
// before it appended the order at 120.00, then the order is still
// recorded as unauthorised (K6 under concurrency), and the result counts
// both events.
func TestCreateOrder_amendmentBetweenReadAndAppend(t *testing.T) {
	w := newOrderWorld(t).signedContract().quoteAt130()
	requested, _ := amendmentEvents()
	w.seed(contract.Stream("k-1"), requested)
	h := commands.New(&amendingStore{Store: w.store, w: w}, w.codec, func() time.Time { return orderNow })

	res := orderOK(t)(h.Orders.CreateOrder(context.Background(), orderRep, orderCreate))

	want := []string{"order.created", "order.unauthorised_quotation_detected"}
	if diff := cmp.Diff(want, w.types()); diff != "" {
		t.Errorf("order stream mismatch (-want +got):\n%s", diff)
	}
	if res.Events != 2 || res.Version != 2 {
		t.Errorf("result = %+v, want 2 events up to version 2", res)
	}
}

// Given an order placed under an idempotency key while an amendment took
// effect, when the request is repeated, then it replays: the recheck is
// not recorded twice.
func TestCreateOrder_recheckReplays(t *testing.T) {
	w := newOrderWorld(t).signedContract().quoteAt130()
	requested, _ := amendmentEvents()
	w.seed(contract.Stream("k-1"), requested)
	h := commands.New(&amendingStore{Store: w.store, w: w}, w.codec, func() time.Time { return orderNow })
	m := orderRep
	m.IdempotencyKey = "place-o-1"
	ok := orderOK(t)
	first := ok(h.Orders.CreateOrder(context.Background(), m, orderCreate))

	again := ok(h.Orders.CreateOrder(context.Background(), m, orderCreate))

	if !again.Replayed || again.Version != first.Version {
		t.Errorf("repeat = %+v, want a replay at version %d", again, first.Version)
	}
	if got := len(w.types()); got != 2 {
		t.Errorf("order stream has %d events, want 2", got)
	}
}
