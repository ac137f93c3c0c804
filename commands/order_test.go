package commands_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/domain/stock"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
)

var (
	orderNow = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	orderDue = time.Date(2026, 3, 20, 17, 0, 0, 0, time.UTC)

	orderLine = order.Line{
		ProductName: "Gate valve", ModelSpec: "DN50 PN16", Quantity: 10, UnitPrice: domain.Yuan(120),
		DeliveryTime: orderDue, DeliveryAddress: "1 Harbour Road, Ningbo",
	}
	orderCreate = commands.CreateOrder{OrderID: "o-1", ContractID: "k-1", Lines: []order.Line{orderLine}}
)

// orderMeta returns the metadata of a command issued by employee id acting
// under role.
func orderMeta(id string, role domain.Role) commands.Meta {
	return commands.Meta{Actor: domain.Actor{EmployeeID: id, Roles: []domain.Role{role}}, Reason: "test " + id}
}

var (
	orderRep      = orderMeta("rep-1", domain.RoleSalesRep)
	orderHead     = inOrgUnit(orderMeta("head-1", domain.RoleDeptHead), "ou-sales")
	orderQuality  = orderMeta("qa-1", domain.RoleQuality)
	orderKeeper   = inOrgUnit(orderMeta("wh-1", domain.RoleWarehouse), "br-east")
	orderDriver   = orderMeta("drv-1", domain.RoleDelivery)
	orderFinance  = orderMeta("fin-1", domain.RoleFinance)
	orderSignOff  = commands.RecordDelivery{OrderID: "o-1", SignedBy: "Mr Wang", SignedAt: orderNow, DeliveryNoteNo: "DN-100", NoteHandedToEmployeeID: "clerk-1"}
	orderSeedMeta = eventstore.Metadata{ActorID: "seed"}
)

// orderWorld is a handler over a memory store holding a registered
// customer c-1 and, depending on the test, contract k-1.
type orderWorld struct {
	t     *testing.T
	h     *commands.Handler
	store *memory.Store
	codec *eventstore.Codec
	seq   int
}

func newOrderWorld(t *testing.T) *orderWorld {
	t.Helper()
	codec := eventstore.NewCodec(order.Events()...)
	codec.Register(contract.Events()...)
	codec.Register(customer.Events()...)
	codec.Register(quotation.Events()...)
	codec.Register(stock.Events()...)
	store := memory.New()
	w := &orderWorld{t: t, h: commands.New(store, codec, func() time.Time { return orderNow }), store: store, codec: codec}
	w.seed(customer.Stream("c-1"), customer.Registered{CustomerID: "c-1", Number: "C-001", Name: "Ningbo Pumps", OrgUnitID: "ou-sales", RegisteredAt: orderNow})
	return w
}

// seed appends facts of other aggregates directly, as their own commands
// would have.
func (w *orderWorld) seed(stream string, events ...domain.Event) {
	w.t.Helper()
	for _, e := range events {
		w.seq++
		data, err := w.codec.Encode(fmt.Sprintf("seed-%d", w.seq), e, orderSeedMeta)
		if err != nil {
			w.t.Fatalf("Encode(%T) error = %v", e, err)
		}
		if _, err := w.store.Append(context.Background(), stream, eventstore.Any, data); err != nil {
			w.t.Fatalf("Append(%s) error = %v", stream, err)
		}
	}
}

// orderQuote is the approved final quotation q-1 the contract's price
// rests on: the gate valve at orderLine's 120.00 (K6).
var orderQuote = quotation.Drafted{QuotationID: "q-1", CustomerID: "c-1", Type: quotation.TypeWrittenFinal,
	Lines: []quotation.Line{{Product: "Gate valve", Quantity: 10, UnitPrice: domain.Yuan(120), UnitCost: domain.Yuan(60)}},
	Price: domain.Yuan(1200), Cost: domain.Yuan(600), DraftedBy: "rep-1", DraftedAt: orderNow}

// draftedContract seeds contract k-1 for c-1 worth 10000 with a deposit
// of 1000 required, its price linked to the approved final quotation
// q-1, and returns the world for chaining.
func (w *orderWorld) draftedContract() *orderWorld {
	w.seed(quotation.Stream("q-1"), orderQuote,
		quotation.Approved{QuotationID: "q-1", ApproverID: "head-1", ApproverRole: domain.RoleDeptHead, ApprovedAt: orderNow})
	w.seed(contract.Stream("k-1"), contract.Drafted{
		ContractID: "k-1", CustomerID: "c-1", Terms: contract.Terms{Price: domain.Yuan(10000)},
		DepositRequired: domain.Yuan(1000), QuotationID: "q-1", PriceLinked: true, DrafterID: "rep-1", DraftedAt: orderNow,
	})
	return w
}

func (w *orderWorld) signedContract() *orderWorld {
	w.draftedContract().seed(contract.Stream("k-1"), contract.Signed{ContractID: "k-1", CustomerID: "c-1", Value: domain.Yuan(10000), SignerID: "head-1", SignedAt: orderNow})
	return w
}

func (w *orderWorld) depositPaid() *orderWorld {
	w.seed(contract.Stream("k-1"), contract.DepositReceived{ContractID: "k-1", Amount: domain.Yuan(1000), RecordedBy: "fin-1", ReceivedAt: orderNow})
	return w
}

// stocked books qty of the order line's product into the keeper's branch,
// so a shipment of it can be scheduled (§3.10-shipment).
func (w *orderWorld) stocked(qty int64) *orderWorld {
	w.t.Helper()
	p := stock.Product{Name: orderLine.ProductName, ModelSpec: orderLine.ModelSpec}
	if _, err := w.h.Stock.ReceiveStock(context.Background(), orderKeeper, commands.ReceiveStock{Product: p, Quantity: qty, SourceRef: "HQ-DN-1"}); err != nil {
		w.t.Fatalf("ReceiveStock() error = %v", err)
	}
	return w
}

// types returns the stored event types of the order stream.
func (w *orderWorld) types() []string {
	w.t.Helper()
	recs, err := w.store.ReadStream(context.Background(), order.Stream("o-1"), eventstore.ReadStreamOptions{})
	if err != nil {
		w.t.Fatalf("ReadStream() error = %v", err)
	}
	var out []string
	for _, r := range recs {
		out = append(out, r.Type)
	}
	return out
}

// orderOK returns a check for commands that have to succeed:
// ok(w.h.X(ctx, m, cmd)).
func orderOK(t *testing.T) func(commands.Result, error) commands.Result {
	return func(res commands.Result, err error) commands.Result {
		t.Helper()
		if err != nil {
			t.Fatalf("command error = %v", err)
		}
		return res
	}
}

func TestCreateOrder(t *testing.T) {
	tests := []struct {
		name    string
		world   func(*orderWorld)
		meta    commands.Meta
		cmd     commands.CreateOrder
		wantErr error
	}{
		{name: "an order under a signed contract is created", world: func(w *orderWorld) { w.signedContract() }, meta: orderRep, cmd: orderCreate},
		{name: "an order without a signed contract is refused", world: func(w *orderWorld) { w.draftedContract() }, meta: orderRep, cmd: orderCreate, wantErr: order.ErrContractNotSigned},
		{name: "an order under an unknown contract is refused", world: func(*orderWorld) {}, meta: orderRep, cmd: orderCreate, wantErr: order.ErrContractNotFound},
		{
			name: "O8: an order for a customer without a file is refused",
			world: func(w *orderWorld) {
				w.seed(contract.Stream("k-1"), contract.Drafted{ContractID: "k-1", CustomerID: "c-9", Terms: contract.Terms{Price: domain.Yuan(10000)}},
					contract.Signed{ContractID: "k-1", CustomerID: "c-9"})
			},
			meta: orderRep, cmd: orderCreate, wantErr: order.ErrCustomerNotFound,
		},
		{name: "a warehouse keeper may not create orders", world: func(w *orderWorld) { w.signedContract() }, meta: orderKeeper, cmd: orderCreate, wantErr: domain.ErrForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newOrderWorld(t)
			tt.world(w)

			_, err := w.h.Orders.CreateOrder(context.Background(), tt.meta, tt.cmd)

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("CreateOrder() error = %v, want %v", err, tt.wantErr)
			}
			want := []string{"order.created"}
			if tt.wantErr != nil {
				want = nil
			}
			if diff := cmp.Diff(want, w.types()); diff != "" {
				t.Errorf("order stream mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCreateOrder_RecordsMetadata(t *testing.T) {
	w := newOrderWorld(t).signedContract()
	m := orderRep
	m.SourceDocRef, m.CorrelationID = "PO-77", "corr-1"

	orderOK(t)(w.h.Orders.CreateOrder(context.Background(), m, orderCreate))

	recs, _ := w.store.ReadStream(context.Background(), order.Stream("o-1"), eventstore.ReadStreamOptions{})
	got := recs[0].Metadata
	want := eventstore.Metadata{
		ActorID: "rep-1", ActorRole: domain.RoleSalesRep, Reason: "test rep-1", SourceDocRef: "PO-77",
		EffectiveAt: orderNow, CorrelationID: "corr-1",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("metadata mismatch (-want +got):\n%s", diff)
	}
	e, err := w.codec.DecodeRecorded(recs[0])
	if err != nil {
		t.Fatalf("DecodeRecorded() error = %v", err)
	}
	if c := e.(order.Created); c.CustomerID != "c-1" || !c.Total.Equal(domain.Yuan(1200)) {
		t.Errorf("Created = %+v, want customer c-1 and total 1200", c)
	}
}
