package stock_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/stock"
)

var replenishmentAsked = stock.ReplenishmentRequested{RequestID: "rp-1", BranchID: "br-east", Product: widget, Quantity: 10,
	RequestedBy: "wh-1", RequestedAt: t0}

func TestReplenishment_Request(t *testing.T) {
	check(t, stock.Replenishment.Evolve, []decideCase{
		{name: "the branch warehouse asks headquarters", want: []domain.Event{replenishmentAsked}},
		{name: "a request is made once", given: []domain.Event{replenishmentAsked}, wantErr: stock.ErrReplenishmentExists},
	}, func(r stock.Replenishment) ([]domain.Event, error) { return r.Request("rp-1", move(10), "") })
	check(t, stock.Replenishment.Evolve, []decideCase{{name: "a zero quantity is invalid", wantErr: domain.ErrInvalid}},
		func(r stock.Replenishment) ([]domain.Event, error) { return r.Request("rp-1", move(0), "") })
}

func TestReplenishment_RecordDelivery(t *testing.T) {
	delivered := func(qty int64, done bool) stock.ReplenishmentDelivered {
		return stock.ReplenishmentDelivered{RequestID: "rp-1", BranchID: "br-east", Quantity: qty, Fulfilled: done, RecordedBy: "wh-1", RecordedAt: t0}
	}
	check(t, stock.Replenishment.Evolve, []decideCase{
		{name: "one short of the request keeps it open (§3.10-replenishment)", given: []domain.Event{replenishmentAsked}, want: []domain.Event{delivered(9, false)}},
	}, func(r stock.Replenishment) ([]domain.Event, error) { return r.RecordDelivery(move(9)) })
	check(t, stock.Replenishment.Evolve, []decideCase{
		{name: "exactly the quantity asked fulfils it (§3.10-replenishment)", given: []domain.Event{replenishmentAsked}, want: []domain.Event{delivered(10, true)}},
		{name: "the rest after a partial delivery fulfils it", given: []domain.Event{replenishmentAsked, delivered(9, false)}, want: []domain.Event{delivered(10, true)}},
		{name: "a fulfilled request takes no more", given: []domain.Event{replenishmentAsked, delivered(10, true)}, wantErr: stock.ErrReplenishmentClosed},
		{name: "an unknown request", wantErr: stock.ErrReplenishmentNotFound},
	}, func(r stock.Replenishment) ([]domain.Event, error) { return r.RecordDelivery(move(10)) })
	other := move(1)
	other.Product = stock.Product{Name: "Valve", ModelSpec: "V-1"}
	elsewhere := move(1)
	elsewhere.BranchID = "br-west"
	for name, mv := range map[string]stock.Movement{"another product is refused": other, "another branch is refused": elsewhere} {
		check(t, stock.Replenishment.Evolve, []decideCase{{name: name, given: []domain.Event{replenishmentAsked}, wantErr: stock.ErrReplenishmentProduct}},
			func(r stock.Replenishment) ([]domain.Event, error) { return r.RecordDelivery(mv) })
	}
}
