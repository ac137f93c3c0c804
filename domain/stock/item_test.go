package stock_test

import (
	"errors"
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/stock"
)

func TestItem_Receive(t *testing.T) {
	check(t, stock.Item.Evolve, []decideCase{
		{name: "goods received are booked in", want: []domain.Event{stock.Received{BranchID: "br-east", Product: widget,
			Quantity: 5, SourceRef: "HQ-DN-1", ReceivedBy: "wh-1", ReceivedAt: t0}}},
	}, func(it stock.Item) ([]domain.Event, error) { return it.Receive(move(5), "HQ-DN-1", "") })
	for name, mv := range map[string]stock.Movement{
		"a zero quantity is invalid":     move(0),
		"a negative quantity is invalid": move(-1),
		"the branch is required":         {Product: widget, Quantity: 1},
		"a branch with '|' is invalid":   {BranchID: "a|b", Product: widget, Quantity: 1},
		"the product name is required":   {BranchID: "br-east", Product: stock.Product{ModelSpec: "x"}, Quantity: 1},
		"the model/spec is required":     {BranchID: "br-east", Product: stock.Product{Name: "x"}, Quantity: 1},
	} {
		check(t, stock.Item.Evolve, []decideCase{{name: name, wantErr: domain.ErrInvalid}},
			func(it stock.Item) ([]domain.Event, error) { return it.Receive(mv, "", "") })
	}
}

// TestItem_neverNegative proves §3.10-never-negative on every way out of
// the branch: exactly what is available leaves, one more does not.
func TestItem_neverNegative(t *testing.T) {
	ways := map[string]func(stock.Item, int64) ([]domain.Event, error){
		"transfer out": func(it stock.Item, q int64) ([]domain.Event, error) {
			return it.TransferOut(move(q), "tr-1", "br-west")
		},
		"issue":   func(it stock.Item, q int64) ([]domain.Event, error) { return it.Issue(move(q), "mr-1") },
		"reserve": func(it stock.Item, q int64) ([]domain.Event, error) { return it.Reserve(move(q), "o-9") },
	}
	given := []domain.Event{received(10), reserved("o-1", 3)} // 7 available
	cases := []struct {
		name    string
		given   []domain.Event
		qty     int64
		wantErr error
	}{
		{"exactly the quantity available leaves (§3.10-never-negative)", given, 7, nil},
		{"one more than available is refused (§3.10-never-negative)", given, 8, stock.ErrInsufficient},
		{"nothing on hand: refused", nil, 1, stock.ErrInsufficient},
	}
	for way, decide := range ways {
		for _, tc := range cases {
			t.Run(way+": "+tc.name, func(t *testing.T) {
				var it stock.Item
				for _, e := range tc.given {
					it = it.Evolve(e)
				}
				evs, err := decide(it, tc.qty)
				if !errors.Is(err, tc.wantErr) || (err == nil && len(evs) != 1) {
					t.Fatalf("events, error = %v, %v; want one event or %v", evs, err, tc.wantErr)
				}
				if err != nil {
					return
				}
				if after := it.Evolve(evs[0]); after.Available() != 0 {
					t.Errorf("available after = %d, want 0", after.Available())
				}
			})
		}
	}
	if got := ruleOf(t, stock.ErrInsufficient); got != stock.RuleNeverNegative {
		t.Errorf("rule = %s", got)
	}
}

func TestItem_Reserve(t *testing.T) {
	check(t, stock.Item.Evolve, []decideCase{
		{name: "an order's lines are reserved (§3.10-shipment)", given: []domain.Event{received(4)},
			want: []domain.Event{reserved("o-1", 4)}},
		{name: "reserving again for the same order records nothing", given: []domain.Event{received(4), reserved("o-1", 4)}},
	}, func(it stock.Item) ([]domain.Event, error) { return it.Reserve(move(4), "o-1") })
}

func TestItem_IssueReserved(t *testing.T) {
	issued := stock.ReservedIssued{BranchID: "br-east", Product: widget, OrderID: "o-1", Quantity: 3, IssuedBy: "dl-1", IssuedAt: t0}
	check(t, stock.Item.Evolve, []decideCase{
		{name: "the reserved goods leave with the shipment", given: []domain.Event{received(5), reserved("o-1", 3)}, want: []domain.Event{issued}},
		{name: "an order without a reservation is refused", given: []domain.Event{received(5)}, wantErr: stock.ErrNoReservation},
	}, func(it stock.Item) ([]domain.Event, error) { return it.IssueReserved("o-1", "dl-1", t0) })
	var it stock.Item
	for _, e := range []domain.Event{received(5), reserved("o-1", 3), issued} {
		it = it.Evolve(e)
	}
	if it.OnHand != 2 || it.Reserved != 0 || it.Available() != 2 {
		t.Errorf("after the shipment: on hand %d, reserved %d; want 2, 0", it.OnHand, it.Reserved)
	}
}

func TestItem_ReleaseReservation(t *testing.T) {
	check(t, stock.Item.Evolve, []decideCase{
		{name: "a cancelled order's reservation is given back", given: []domain.Event{received(5), reserved("o-1", 3)},
			want: []domain.Event{stock.ReservationReleased{BranchID: "br-east", Product: widget, OrderID: "o-1", Quantity: 3, ReleasedBy: "head-1", ReleasedAt: t0}}},
		{name: "no reservation: nothing to release", given: []domain.Event{received(5)}},
	}, func(it stock.Item) ([]domain.Event, error) { return it.ReleaseReservation("o-1", "head-1", t0), nil })
}

func TestItem_TransferIn(t *testing.T) {
	check(t, stock.Item.Evolve, []decideCase{
		{name: "the receiving branch books the transfer in", want: []domain.Event{stock.TransferredIn{BranchID: "br-east", Product: widget,
			Quantity: 2, TransferID: "tr-1", FromBranchID: "br-west", ReceivedBy: "wh-1", ReceivedAt: t0}}},
	}, func(it stock.Item) ([]domain.Event, error) { return it.TransferIn(move(2), "tr-1", "br-west") })
}

func TestProduct_Key(t *testing.T) {
	a, b := stock.Product{Name: "Pump ", ModelSpec: "P-200"}, stock.Product{Name: "pump", ModelSpec: " p-200"}
	if a.Key() != b.Key() || stock.ItemStream("br", a) != stock.ItemStream("br", b) {
		t.Errorf("%q and %q should be one product", a.Key(), b.Key())
	}
}
