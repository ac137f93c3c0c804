package order_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
)

// Lines and contracts around the approved price of the valve (120.00 in
// quotation q-1), for rule K6 on orders.
var (
	valveAt = func(fen int64) order.Line { l := valve; l.UnitPrice = domain.Fen(fen); return l }
	// amended is the contract after an amendment moved the valve to 130.00
	// with the newly approved quotation q-2.
	amended = func() order.ContractFacts {
		c := signedContract
		c.Prices = order.Prices{QuotationID: "q-2", Lines: []order.QuotedPrice{{Product: "Gate valve", UnitPrice: domain.Yuan(130)}}}
		return c
	}()
	createdAt = func(fen int64) order.Created {
		c := created
		c.Lines = []order.Line{valveAt(fen)}
		c.Total = domain.Fen(fen * valve.Quantity)
		return c
	}
	detectedOn = func(changeID, quotationID, reason string) order.UnauthorisedQuotationDetected {
		return order.UnauthorisedQuotationDetected{OrderID: "o-1", ContractID: "k-1", CustomerID: "c-1", ChangeID: changeID,
			QuotationID: quotationID, Reason: reason, DetectedBy: "rep-1", DetectedAt: t0}
	}
	offPrice = func(fen string) string {
		return "lines[0].unit_price: " + fen + " is not the approved price of Gate valve in quotation q-1"
	}
)

func TestOrder_Create_approvedPrice(t *testing.T) {
	tests := []struct {
		name     string
		lines    []order.Line
		contract order.ContractFacts
		want     []domain.Event
	}{
		{
			name:  "K6: exactly the approved unit price is accepted with nothing detected",
			lines: []order.Line{valveAt(12000)}, contract: signedContract,
			want: []domain.Event{createdAt(12000)},
		},
		{
			name:  "K6: one fen above the approved price is recorded as unauthorised",
			lines: []order.Line{valveAt(12001)}, contract: signedContract,
			want: []domain.Event{createdAt(12001), detectedOn("", "q-1", offPrice("120.01"))},
		},
		{
			name:  "K6: one fen below the approved price is recorded as unauthorised",
			lines: []order.Line{valveAt(11999)}, contract: signedContract,
			want: []domain.Event{createdAt(11999), detectedOn("", "q-1", offPrice("119.99"))},
		},
		{
			name:  "K6: after an amendment the old price is no longer authorised",
			lines: []order.Line{valveAt(12000)}, contract: amended,
			want: []domain.Event{createdAt(12000), detectedOn("", "q-2",
				"lines[0].unit_price: 120.00 is not the approved price of Gate valve in quotation q-2")},
		},
		{
			name:  "K6: after an amendment the amended price is authorised",
			lines: []order.Line{valveAt(13000)}, contract: amended,
			want: []domain.Event{createdAt(13000)},
		},
		{
			name:     "K6: a product the quotation does not quote is recorded as unauthorised",
			lines:    []order.Line{func() order.Line { l := valve; l.ProductName = "Ball valve"; return l }()},
			contract: signedContract,
			want: []domain.Event{
				func() order.Created {
					c := created
					c.Lines = []order.Line{valve}
					c.Lines[0].ProductName = "Ball valve"
					return c
				}(),
				detectedOn("", "q-1", "lines[0].product_name: Ball valve is not quoted in approved final quotation q-1"),
			},
		},
		{
			name:  "K6: a contract resting on no approved final quotation authorises no price",
			lines: []order.Line{valve}, contract: func() order.ContractFacts { c := signedContract; c.Prices = order.Prices{}; return c }(),
			want: []domain.Event{created, detectedOn("", "", "the contract in force rests on no approved final quotation")},
		},
		{
			name:  "a quoted product may name the model/spec, compared without case or spacing",
			lines: []order.Line{valve, pump}, contract: func() order.ContractFacts {
				c := signedContract
				c.Prices.Lines = []order.QuotedPrice{{Product: " gate  VALVE ", UnitPrice: domain.Yuan(120)}, {Product: "pump  cp-200", UnitPrice: domain.Yuan(900)}}
				return c
			}(),
			want: []domain.Event{order.Created{OrderID: "o-1", ContractID: "k-1", CustomerID: "c-1", Kind: order.KindGoods,
				Lines: []order.Line{valve, pump}, Total: domain.Yuan(3000), CreatedBy: "rep-1", CreatedAt: t0}},
		},
		{
			name:  "a product quoted at several prices (by volume) may be ordered at any of them",
			lines: []order.Line{valveAt(11000)}, contract: func() order.ContractFacts {
				c := signedContract
				c.Prices.Lines = append([]order.QuotedPrice{{Product: "Gate valve", UnitPrice: domain.Yuan(110)}}, c.Prices.Lines...)
				return c
			}(),
			want: []domain.Event{createdAt(11000)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := order.Order{}

			got, err := o.Create(order.Draft{OrderID: "o-1", Lines: tt.lines, CreatedBy: "rep-1"}, tt.contract, true, t0)

			check(t, "Create", got, err, tt.want, nil, "")
		})
	}
}

func TestOrder_Confirm_approvedPrice(t *testing.T) {
	changedBack := order.Changed{OrderID: "o-1", ChangeID: "ch-1", Before: []order.Line{valveAt(12001)}, After: []order.Line{valve},
		Total: domain.Yuan(1200), ChangedAt: t0}
	tests := []struct {
		name     string
		given    []domain.Event
		contract order.ContractFacts
		want     []domain.Event
		wantErr  error
	}{
		{
			name:  "K6: an order recorded at an unauthorised price cannot be confirmed",
			given: []domain.Event{createdAt(12001), detectedOn("", "q-1", offPrice("120.01"))}, contract: signedContract,
			wantErr: order.ErrPriceUnauthorised,
		},
		{
			name:  "K6: a draft an amendment overtook cannot be confirmed at the old price",
			given: draft, contract: amended,
			wantErr: order.ErrPriceUnauthorised,
		},
		{
			name:  "a draft changed back to the approved price is confirmed",
			given: []domain.Event{createdAt(12001), detectedOn("", "q-1", offPrice("120.01")), changedBack}, contract: signedContract,
			want: []domain.Event{confirmed},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.Confirm("PO-77", tt.contract, "rep-1", t0)

			check(t, "Confirm", got, err, tt.want, tt.wantErr, "")
		})
	}
}

func TestOrder_RequestChange_approvedPrice(t *testing.T) {
	ask := func(fen int64) order.ChangeRequest {
		return order.ChangeRequest{ChangeID: "ch-1", Lines: []order.Line{valveAt(fen)}, Reason: "price", RequestedBy: "rep-1"}
	}
	changed := func(fen int64) order.Changed {
		return order.Changed{OrderID: "o-1", ChangeID: "ch-1", Before: []order.Line{valve}, After: []order.Line{valveAt(fen)},
			Total: domain.Fen(fen * valve.Quantity), ChangedAt: t0}
	}
	tests := []struct {
		name     string
		given    []domain.Event
		req      order.ChangeRequest
		contract order.ContractFacts
		want     []domain.Event
		wantErr  error
	}{
		{
			name:  "K6: a draft changed one fen above the approved price records the change as unauthorised",
			given: draft, req: ask(12001), contract: signedContract,
			want: []domain.Event{changed(12001), detectedOn("ch-1", "q-1", offPrice("120.01"))},
		},
		{
			name:  "K6: a confirmed order's change to an unapproved price needs a contract amendment",
			given: confirmedH, req: ask(11999), contract: signedContract,
			wantErr: order.ErrChangePriceNeedsQuote,
		},
		{
			name:  "K6: a confirmed order may change to the amended price once the amendment is in force",
			given: confirmedH, req: ask(13000), contract: amended,
			want: []domain.Event{order.ChangeRequested{OrderID: "o-1", ChangeID: "ch-1", Before: []order.Line{valve},
				After: []order.Line{valveAt(13000)}, Reason: "price", RequestedBy: "rep-1", RequestedAt: t0}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.RequestChange(tt.req, tt.contract, t0)

			check(t, "RequestChange", got, err, tt.want, tt.wantErr, "")
		})
	}
}

func TestOrder_ApproveChange_approvedPrice(t *testing.T) {
	// Given a change requested at the approved 120.00, when an amendment
	// moved the price to 130.00 before the head approves, then the
	// approval is refused: the change would apply a price no longer in force.
	o := given(then(confirmedH, changeReq))

	got, err := o.ApproveChange("ch-1", "head-1", domain.RoleDeptHead, amended, t0)

	check(t, "ApproveChange", got, err, nil, order.ErrChangePriceNeedsQuote, "")
}

func TestOrder_RecheckPrices(t *testing.T) {
	recheck := "the contract's price changed as the order was decided: lines[0].unit_price: 120.00 is not the approved price of Gate valve in quotation q-2"
	tests := []struct {
		name   string
		given  []domain.Event
		prices order.Prices
		want   []domain.Event
	}{
		{name: "prices still in force record nothing", given: draft, prices: quotedPrices},
		{
			name: "an amendment that overtook the order is recorded", given: draft, prices: amended.Prices,
			want: []domain.Event{detectedOn("", "q-2", recheck)},
		},
		{
			name: "a confirmed order an amendment overtook is recorded too", given: confirmedH, prices: amended.Prices,
			want: []domain.Event{detectedOn("", "q-2", recheck)},
		},
		{
			name:  "an order already recorded as unauthorised is not recorded twice",
			given: then(draft, detectedOn("", "q-1", "x")), prices: amended.Prices,
		},
		{name: "an unknown order records nothing", prices: amended.Prices},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got := o.RecheckPrices(tt.prices, "rep-1", t0)

			check(t, "RecheckPrices", got, nil, tt.want, nil, "")
		})
	}
}

func TestOrder_Evolve_priceUnauthorised(t *testing.T) {
	flagged := given(then(draft, detectedOn("", "q-1", "x")))
	if !flagged.PriceUnauthorised {
		t.Fatal("after UnauthorisedQuotationDetected PriceUnauthorised = false, want true")
	}
	if cleared := flagged.Evolve(changedTo20); cleared.PriceUnauthorised {
		t.Error("after a change of the lines PriceUnauthorised = true, want false")
	}
}
