package stock_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/stock"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
	stockmodel "github.com/opsledger/opsledger/readmodels/stock"
)

var (
	at   = time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	pump = stock.Product{Name: "Pump", ModelSpec: "P-200"}
)

// stockFixture: br-west received 10 pumps, reserved 3 for o-1 and sent 4
// to br-east, which received them; a second transfer of 2 is in transit;
// br-east asked headquarters for 10 and received 6 of them.
func stockFixture(t *testing.T) readmodeltest.Fixture[*stockmodel.Queries] {
	return readmodeltest.NewFixture(t, memory.New(), eventstore.NewCodec(stock.Events()...), stockmodel.New(), stockmodel.NewQueries,
		func(add func(string, ...domain.Event)) {
			west, east := stock.ItemStream("br-west", pump), stock.ItemStream("br-east", pump)
			add(west, stock.Received{BranchID: "br-west", Product: pump, Quantity: 10, ReceivedAt: at},
				stock.Reserved{BranchID: "br-west", Product: pump, OrderID: "o-1", Quantity: 3},
				stock.TransferredOut{BranchID: "br-west", Product: pump, Quantity: 4, TransferID: "tr-1"},
				stock.TransferredOut{BranchID: "br-west", Product: pump, Quantity: 2, TransferID: "tr-2"})
			add(east, stock.TransferredIn{BranchID: "br-east", Product: pump, Quantity: 4, TransferID: "tr-1"},
				stock.Received{BranchID: "br-east", Product: pump, Quantity: 6, ReplenishmentID: "rp-1"})
			for _, id := range []string{"tr-1", "tr-2"} {
				add(stock.TransferStream(id), stock.TransferRequested{TransferID: id, FromBranchID: "br-west", ToBranchID: "br-east",
					Product: pump, Quantity: 4, RequestedBy: "wh-east", RequestedAt: at},
					stock.TransferApproved{TransferID: id}, stock.TransferShippedOut{TransferID: id, ShippedAt: at})
			}
			add(stock.TransferStream("tr-1"), stock.TransferCompleted{TransferID: "tr-1", ReceivedAt: at})
			add(stock.ReplenishmentStream("rp-1"), stock.ReplenishmentRequested{RequestID: "rp-1", BranchID: "br-east", Product: pump,
				Quantity: 10, RequestedBy: "wh-east", RequestedAt: at},
				stock.ReplenishmentDelivered{RequestID: "rp-1", BranchID: "br-east", Quantity: 6})
			add(stock.ReplenishmentStream("rp-2"), stock.ReplenishmentRequested{RequestID: "rp-2", BranchID: "br-west", Product: pump,
				Quantity: 1, RequestedBy: "wh-west", RequestedAt: at},
				stock.ReplenishmentDelivered{RequestID: "rp-2", BranchID: "br-west", Quantity: 1, Fulfilled: true})
		})
}

func TestStock_onHandPerBranchAndProduct(t *testing.T) {
	f := stockFixture(t)
	page, err := f.Q.Stock(context.Background(), queries.StockFilter{}, queries.PageRequest{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]queries.StockView{}
	for _, v := range page.Items {
		got[v.BranchID] = v
	}
	if w := got["br-west"]; w.OnHand != 4 || w.Reserved != 3 || w.Available != 1 || w.ProductName != "Pump" {
		t.Errorf("br-west = %+v, want 4 on hand, 3 reserved, 1 available", w)
	}
	if e := got["br-east"]; e.OnHand != 10 || e.Available != 10 {
		t.Errorf("br-east = %+v, want 10 on hand", e)
	}
	one, err := f.Q.Stock(context.Background(), queries.StockFilter{BranchID: "br-east"}, queries.PageRequest{Limit: 10})
	if err != nil || len(one.Items) != 1 {
		t.Errorf("br-east's stock = %+v, %v; want one row", one.Items, err)
	}
}

func TestStock_transfersInTransit(t *testing.T) {
	f := stockFixture(t)
	page, err := f.Q.StockTransfers(context.Background(), queries.StockTransferFilter{Status: string(stock.StatusInTransit)}, queries.PageRequest{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].TransferID != "tr-2" || page.Items[0].ShippedAt == nil {
		t.Errorf("in transit = %+v, want tr-2 alone", page.Items)
	}
	both, err := f.Q.StockTransfers(context.Background(), queries.StockTransferFilter{BranchID: "br-east"}, queries.PageRequest{Limit: 10})
	if err != nil || len(both.Items) != 2 || both.Items[0].Status != string(stock.StatusReceived) {
		t.Errorf("br-east's transfers = %+v, %v", both.Items, err)
	}
}

func TestStock_openReplenishmentRequests(t *testing.T) {
	f := stockFixture(t)
	page, err := f.Q.Replenishments(context.Background(), queries.ReplenishmentFilter{OpenOnly: true}, queries.PageRequest{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 || page.Items[0].RequestID != "rp-1" || page.Items[0].Delivered != 6 || page.Items[0].Fulfilled {
		t.Errorf("open requests = %+v, want rp-1 with 6 of 10 delivered", page.Items)
	}
}
