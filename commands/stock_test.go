package commands_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/stock"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

var (
	stockNow   = time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	pump       = stock.Product{Name: "Pump", ModelSpec: "P-200"}
	keeperEast = inOrgUnit(orderMeta("wh-east", domain.RoleWarehouse), "br-east")
	keeperWest = inOrgUnit(orderMeta("wh-west", domain.RoleWarehouse), "br-west")
	managerW   = inOrgUnit(orderMeta("bm-west", domain.RoleBranchManager), "br-west")
	managerE   = inOrgUnit(orderMeta("bm-east", domain.RoleBranchManager), "br-east")
	clerkEast  = inOrgUnit(orderMeta("clerk-east", domain.RoleClerk), "br-east")
	repEast    = inOrgUnit(orderMeta("rep-east", domain.RoleSalesRep), "br-east")
)

// stockWorld is a handler over a memory store for the stock commands.
type stockWorld struct {
	t     *testing.T
	h     *commands.Handler
	store eventstore.Store
	codec *eventstore.Codec
}

func newStockWorld(t *testing.T) *stockWorld { return newStockWorldOn(t, memory.New()) }

func newStockWorldOn(t *testing.T, store eventstore.Store) *stockWorld {
	codec := commands.Codec()
	return &stockWorld{t: t, h: commands.New(store, codec, func() time.Time { return stockNow }), store: store, codec: codec}
}

func (w *stockWorld) must(_ commands.Result, err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatalf("unexpected error: %v", err)
	}
}

// item folds the stock of p at branch from the store.
func (w *stockWorld) item(branch string, p stock.Product) stock.Item {
	w.t.Helper()
	var it stock.Item
	for _, e := range w.events(stock.ItemStream(branch, p)) {
		it = it.Evolve(e)
	}
	return it
}

func (w *stockWorld) events(stream string) []domain.Event {
	w.t.Helper()
	recs, err := w.store.ReadStream(context.Background(), stream, eventstore.ReadStreamOptions{})
	if errors.Is(err, domain.ErrNotFound) {
		return nil
	}
	if err != nil {
		w.t.Fatalf("ReadStream(%s) error = %v", stream, err)
	}
	out := make([]domain.Event, len(recs))
	for i, r := range recs {
		if out[i], err = w.codec.DecodeRecorded(r); err != nil {
			w.t.Fatalf("decode: %v", err)
		}
	}
	return out
}

func (w *stockWorld) receive(m commands.Meta, p stock.Product, qty int64) {
	w.t.Helper()
	w.must(w.h.Stock.ReceiveStock(context.Background(), m, commands.ReceiveStock{Product: p, Quantity: qty, SourceRef: "HQ-DN-1"}))
}

func wantErr(t *testing.T, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("error = %v, want %v", err, want)
	}
}

func TestReceiveStock(t *testing.T) {
	ctx := context.Background()
	t.Run("the branch's keeper books goods in", func(t *testing.T) {
		w := newStockWorld(t)
		w.receive(keeperEast, pump, 5)
		w.receive(keeperEast, stock.Product{Name: " pump", ModelSpec: "p-200 "}, 1) // the same product, spelt loosely
		if got := w.item("br-east", pump); got.OnHand != 6 || got.BranchID != "br-east" {
			t.Errorf("stock = %+v, want 6 on hand at br-east", got)
		}
	})
	t.Run("a keeper does not book into another branch (§3.10-branch)", func(t *testing.T) {
		w := newStockWorld(t)
		_, err := w.h.Stock.ReceiveStock(ctx, keeperEast, commands.ReceiveStock{BranchID: "br-west", Product: pump, Quantity: 1})
		wantErr(t, err, domain.ErrForbidden)
	})
	t.Run("a clerk does not receive stock", func(t *testing.T) {
		w := newStockWorld(t)
		_, err := w.h.Stock.ReceiveStock(ctx, clerkEast, commands.ReceiveStock{Product: pump, Quantity: 1})
		wantErr(t, err, domain.ErrForbidden)
	})
}

// TestStockTransfer walks a transfer between two branches: both books
// change, each by its own keeper, in order (§3.10-transfer), and the
// sender's never below zero (§3.10-never-negative).
func TestStockTransfer(t *testing.T) {
	ctx := context.Background()
	request := func(w *stockWorld, qty int64) {
		w.must(w.h.Stock.RequestStockTransfer(ctx, keeperEast, commands.RequestStockTransfer{TransferID: "tr-1", FromBranch: "br-west", Product: pump, Quantity: qty}))
	}
	step := commands.TransferDecision{TransferID: "tr-1"}
	t.Run("requested, approved, shipped out of the sender's book and received into the receiver's", func(t *testing.T) {
		w := newStockWorld(t)
		w.receive(keeperWest, pump, 10)
		request(w, 10)
		_, err := w.h.Stock.ShipStockTransfer(ctx, keeperWest, step)
		wantErr(t, err, stock.ErrTransferNotApproved)
		_, err = w.h.Stock.ApproveStockTransfer(ctx, keeperEast, step)
		wantErr(t, err, domain.ErrForbidden) // the requesting branch does not approve
		w.must(w.h.Stock.ApproveStockTransfer(ctx, keeperWest, step))
		_, err = w.h.Stock.ReceiveStockTransfer(ctx, keeperEast, step)
		wantErr(t, err, stock.ErrTransferNotShipped)
		_, err = w.h.Stock.ShipStockTransfer(ctx, keeperEast, step)
		wantErr(t, err, domain.ErrForbidden)                       // the receiver does not ship the sender's goods
		w.must(w.h.Stock.ShipStockTransfer(ctx, keeperWest, step)) // exactly what the sender holds
		if west, east := w.item("br-west", pump), w.item("br-east", pump); west.OnHand != 0 || east.OnHand != 0 {
			t.Fatalf("in transit: west %d, east %d; want 0, 0", west.OnHand, east.OnHand)
		}
		w.must(w.h.Stock.ReceiveStockTransfer(ctx, keeperEast, step))
		if west, east := w.item("br-west", pump), w.item("br-east", pump); west.OnHand != 0 || east.OnHand != 10 {
			t.Errorf("after receipt: west %d, east %d; want 0, 10", west.OnHand, east.OnHand)
		}
	})
	t.Run("one more than the sender holds does not ship, and nothing is written (§3.10-never-negative)", func(t *testing.T) {
		w := newStockWorld(t)
		w.receive(keeperWest, pump, 10)
		request(w, 11)
		w.must(w.h.Stock.ApproveStockTransfer(ctx, managerW, step))
		before := len(w.events(stock.TransferStream("tr-1")))
		_, err := w.h.Stock.ShipStockTransfer(ctx, keeperWest, step)
		wantErr(t, err, stock.ErrInsufficient)
		if got := len(w.events(stock.TransferStream("tr-1"))); got != before || w.item("br-west", pump).OnHand != 10 {
			t.Errorf("a refused shipment wrote: transfer events %d (want %d), west %d", got, before, w.item("br-west", pump).OnHand)
		}
	})
	t.Run("another branch's manager does not approve", func(t *testing.T) {
		w := newStockWorld(t)
		request(w, 1)
		_, err := w.h.Stock.ApproveStockTransfer(ctx, managerE, step)
		wantErr(t, err, domain.ErrForbidden)
	})
	t.Run("a declined transfer does not ship", func(t *testing.T) {
		w := newStockWorld(t)
		w.receive(keeperWest, pump, 10)
		request(w, 1)
		w.must(w.h.Stock.DeclineStockTransfer(ctx, keeperWest, commands.TransferDecision{TransferID: "tr-1", Reason: "none to spare"}))
		_, err := w.h.Stock.ShipStockTransfer(ctx, keeperWest, step)
		wantErr(t, err, stock.ErrTransferNotApproved)
	})
	t.Run("an unknown transfer is not found", func(t *testing.T) {
		_, err := newStockWorld(t).h.Stock.ShipStockTransfer(ctx, keeperWest, step)
		wantErr(t, err, domain.ErrNotFound)
	})
}

func TestReplenishment(t *testing.T) {
	ctx := context.Background()
	receiveAgainst := func(w *stockWorld, qty int64) error {
		_, err := w.h.Stock.ReceiveStock(ctx, keeperEast, commands.ReceiveStock{Product: pump, Quantity: qty, SourceRef: "HQ-DN-7", ReplenishmentID: "rp-1"})
		return err
	}
	t.Run("a request stays open until the goods received cover it (§3.10-replenishment)", func(t *testing.T) {
		w := newStockWorld(t)
		w.must(w.h.Stock.RequestReplenishment(ctx, keeperEast, commands.RequestReplenishment{RequestID: "rp-1", Product: pump, Quantity: 10}))
		if err := receiveAgainst(w, 9); err != nil {
			t.Fatal(err)
		}
		var r stock.Replenishment
		for _, e := range w.events(stock.ReplenishmentStream("rp-1")) {
			r = r.Evolve(e)
		}
		if r.Fulfilled {
			t.Fatal("one short of the request: fulfilled")
		}
		if err := receiveAgainst(w, 1); err != nil {
			t.Fatal(err)
		}
		wantErr(t, receiveAgainst(w, 1), stock.ErrReplenishmentClosed)
		if got := w.item("br-east", pump).OnHand; got != 10 {
			t.Errorf("on hand = %d, want 10 (the refused receipt wrote nothing)", got)
		}
	})
	t.Run("a sales rep does not ask headquarters", func(t *testing.T) {
		_, err := newStockWorld(t).h.Stock.RequestReplenishment(ctx, repEast, commands.RequestReplenishment{RequestID: "rp-1", Product: pump, Quantity: 1})
		wantErr(t, err, domain.ErrForbidden)
	})
}

func TestMaterialsRequest(t *testing.T) {
	ctx := context.Background()
	fair := stock.Product{Name: "Display stand", ModelSpec: "S-1"}
	file := func(w *stockWorld, unitCost domain.Money, qty int64) {
		w.must(w.h.Stock.FileMaterialsRequest(ctx, repEast, commands.FileMaterialsRequest{RequestID: "mr-1", Purpose: "trade fair",
			Lines: []stock.MaterialLine{{Product: fair, Quantity: qty, UnitCost: unitCost}}}))
	}
	form := commands.MaterialsStep{RequestID: "mr-1"}
	t.Run("valuable items: signed by the branch manager, then issued out of the branch's stock (§3.10-materials)", func(t *testing.T) {
		w := newStockWorld(t)
		w.receive(keeperEast, fair, 2)
		file(w, domain.Yuan(1000), 2)
		_, err := w.h.Stock.IssueMaterials(ctx, clerkEast, form)
		wantErr(t, err, stock.ErrNotSigned)
		_, err = w.h.Stock.SignMaterialsRequest(ctx, managerW, form)
		wantErr(t, err, domain.ErrForbidden) // another branch's manager
		_, err = w.h.Stock.SignMaterialsRequest(ctx, clerkEast, form)
		wantErr(t, err, domain.ErrForbidden)
		w.must(w.h.Stock.SignMaterialsRequest(ctx, managerE, form))
		w.must(w.h.Stock.IssueMaterials(ctx, clerkEast, form)) // exactly what is on hand
		if got := w.item("br-east", fair).OnHand; got != 0 {
			t.Errorf("on hand = %d, want 0", got)
		}
	})
	t.Run("one more than on hand is not issued, and nothing is written (§3.10-never-negative)", func(t *testing.T) {
		w := newStockWorld(t)
		w.receive(keeperEast, fair, 2)
		file(w, domain.Fen(99_999), 3)
		_, err := w.h.Stock.IssueMaterials(ctx, clerkEast, form)
		wantErr(t, err, stock.ErrInsufficient)
		if n := len(w.events(stock.MaterialsStream("mr-1"))); n != 1 || w.item("br-east", fair).OnHand != 2 {
			t.Errorf("form events %d, on hand %d; want 1, 2", n, w.item("br-east", fair).OnHand)
		}
	})
	t.Run("only a rep files the form", func(t *testing.T) {
		_, err := newStockWorld(t).h.Stock.FileMaterialsRequest(ctx, clerkEast, commands.FileMaterialsRequest{RequestID: "mr-1",
			Lines: []stock.MaterialLine{{Product: fair, Quantity: 1}}})
		wantErr(t, err, domain.ErrForbidden)
	})
}

// TestStockTransfer_concurrentShipmentsNeverOverdraw: given two approved
// transfers that each take all ten pumps the sender holds, when both ship
// at once, then exactly one does: the loser decides again on the stock
// the winner left (§3.10-never-negative under concurrency).
func TestStockTransfer_concurrentShipmentsNeverOverdraw(t *testing.T) {
	concurrentShipments(t, 20, func(t *testing.T) *stockWorld { return newStockWorld(t) })
}

func TestStockTransfer_concurrentShipmentsNeverOverdrawOnPostgres(t *testing.T) {
	concurrentShipments(t, 10, func(t *testing.T) *stockWorld { return newStockWorldOn(t, pgtest.Store(t)) })
}

func concurrentShipments(t *testing.T, rounds int, world func(*testing.T) *stockWorld) {
	ctx := context.Background()
	for round := 0; round < rounds; round++ {
		w := world(t)
		w.receive(keeperWest, pump, 10)
		for _, id := range []string{"tr-a", "tr-b"} {
			w.must(w.h.Stock.RequestStockTransfer(ctx, keeperEast, commands.RequestStockTransfer{TransferID: id, FromBranch: "br-west", Product: pump, Quantity: 10}))
			w.must(w.h.Stock.ApproveStockTransfer(ctx, keeperWest, commands.TransferDecision{TransferID: id}))
		}
		errs := make(chan error, 2)
		for _, id := range []string{"tr-a", "tr-b"} {
			go func() {
				_, err := w.h.Stock.ShipStockTransfer(ctx, keeperWest, commands.TransferDecision{TransferID: id})
				errs <- err
			}()
		}
		var refused int
		for range 2 {
			if err := <-errs; err != nil {
				if !errors.Is(err, stock.ErrInsufficient) {
					t.Fatalf("round %d: error = %v, want insufficient stock", round, err)
				}
				refused++
			}
		}
		if got := w.item("br-west", pump).OnHand; refused != 1 || got != 0 {
			t.Fatalf("round %d: %d refused, west holds %d; want one refused and 0", round, refused, got)
		}
	}
}
