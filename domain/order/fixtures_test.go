package order_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
)

var (
	t0  = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	t1  = t0.Add(time.Hour)
	due = time.Date(2026, 3, 20, 17, 0, 0, 0, time.UTC)

	valve = order.Line{
		ProductName: "Gate valve", ModelSpec: "DN50 PN16", Quantity: 10,
		UnitPrice: domain.Yuan(120), DeliveryTime: due, DeliveryAddress: "1 Harbour Road, Ningbo",
	}
	pump = order.Line{
		ProductName: "Pump", ModelSpec: "CP-200", Quantity: 2,
		UnitPrice: domain.Yuan(900), DeliveryTime: due.Add(48 * time.Hour), DeliveryAddress: "1 Harbour Road, Ningbo",
	}

	// quotedPrices are the approved final quotation q-1 the contract
	// rests on: the valve at 120.00 and the pump at 900.00 (K6).
	quotedPrices = order.Prices{QuotationID: "q-1", Lines: []order.QuotedPrice{
		{Product: "Gate valve", UnitPrice: domain.Yuan(120)}, {Product: "Pump CP-200", UnitPrice: domain.Yuan(900)},
	}}
	signedContract = order.ContractFacts{
		ContractID: "k-1", CustomerID: "c-1", Found: true, Signed: true, DepositSatisfied: true,
		Value: domain.Yuan(10000), Prices: quotedPrices,
	}

	created = order.Created{
		OrderID: "o-1", ContractID: "k-1", CustomerID: "c-1", Kind: order.KindGoods,
		Lines: []order.Line{valve}, Total: domain.Yuan(1200), CreatedBy: "rep-1", CreatedAt: t0,
	}
	createdProject = order.Created{
		OrderID: "o-1", ContractID: "k-1", CustomerID: "c-1", Kind: order.KindProject,
		Lines: []order.Line{valve}, Total: domain.Yuan(1200), CreatedBy: "rep-1", CreatedAt: t0,
	}
	confirmed           = order.Confirmed{OrderID: "o-1", CustomerConfirmationRef: "PO-77", ConfirmedBy: "rep-1", ConfirmedAt: t0}
	productionRequested = order.ProductionRequested{OrderID: "o-1", RequestedBy: "rep-1", RequestedAt: t0}
	inspectionPassed    = order.GoodsInspected{OrderID: "o-1", Passed: true, ReportRef: "QC-1", InspectorID: "qa-1", InspectedAt: t0}
	inspectionFailed    = order.GoodsInspected{OrderID: "o-1", Passed: false, ReportRef: "QC-0", Findings: "leaks", InspectorID: "qa-1", InspectedAt: t0}
	shipmentRequested   = order.ShipmentRequested{OrderID: "o-1", FromStock: true, RequestedBy: "rep-1", RequestedAt: t0}
	scheduled           = order.ShipmentScheduled{OrderID: "o-1", ShipOn: t0, ScheduledBy: "wh-1", ScheduledAt: t0}
	dispatched          = order.Dispatched{OrderID: "o-1", TransportRef: "TRK-9", DispatchedBy: "drv-1", DispatchedAt: t0}
	delivered           = order.Delivered{
		OrderID: "o-1", SignedBy: "Mr Wang", SignedAt: t0, DeliveryNoteNo: "DN-100",
		NoteHandedToEmployeeID: "clerk-1", RecordedBy: "drv-1", DeliveredAt: t0,
	}
	accepted = order.Accepted{OrderID: "o-1", SupervisorID: "sup-1", CustomerAcceptor: "Ms Li", AcceptedAt: t0}
	paidPart = order.PaymentReceived{OrderID: "o-1", PaymentRef: "PAY-1", Amount: domain.Yuan(200), RecordedBy: "fin-1", ReceivedAt: t0, Claimed: true}
	paidFull = order.PaymentReceived{OrderID: "o-1", PaymentRef: "PAY-ALL", Amount: domain.Yuan(1200), RecordedBy: "fin-1", ReceivedAt: t0, Claimed: true}
	// unclaimed is a payment recorded before references were claimed on
	// streams of their own: the order's state keeps its reference.
	unclaimed   = order.PaymentReceived{OrderID: "o-1", PaymentRef: "PAY-0", Amount: domain.Yuan(100), RecordedBy: "fin-1", ReceivedAt: t0}
	settled     = order.Settled{OrderID: "o-1", TotalPaid: domain.Yuan(1200), SettledAt: t0}
	cancelled   = order.Cancelled{OrderID: "o-1", Reason: "duplicate", CancelledBy: "rep-1", CancelledAt: t0}
	returnAsked = order.ReturnRequested{OrderID: "o-1", ReturnID: "r-1", Kind: order.KindReturn, Reason: "damaged", RequestedBy: "cs-1", RequestedAt: t0}
	repairAsked = order.RepairRequested{OrderID: "o-1", RepairID: "rp-1", Description: "seal leaks", RequestedBy: "cs-1", RequestedAt: t0}
)

// Histories of an order at each stage of its life.
var (
	draft        = []domain.Event{created}
	confirmedH   = []domain.Event{created, confirmed}
	inProduction = []domain.Event{created, confirmed, productionRequested}
	ready        = []domain.Event{created, confirmed, productionRequested, inspectionPassed}
	requested    = []domain.Event{created, confirmed, shipmentRequested}
	scheduledH   = []domain.Event{created, confirmed, shipmentRequested, scheduled}
	inTransit    = []domain.Event{created, confirmed, shipmentRequested, scheduled, dispatched}
	deliveredH   = []domain.Event{created, confirmed, shipmentRequested, scheduled, dispatched, delivered}
	settledH     = []domain.Event{created, confirmed, shipmentRequested, scheduled, dispatched, delivered, paidFull, settled}
	closedH      = then(settledH, order.Closed{OrderID: "o-1", ClosedBy: "rep-1", ClosedAt: t0})
	cancelledH   = []domain.Event{created, cancelled}
)

// then returns history h followed by more events, leaving h untouched.
func then(h []domain.Event, more ...domain.Event) []domain.Event {
	return append(slices.Clip(h), more...)
}

// project turns a goods history into the same history of a project order.
func project(h []domain.Event) []domain.Event {
	out := slices.Clone(h)
	out[0] = createdProject
	return out
}

// given folds a history into an order.
func given(h []domain.Event) order.Order { return domain.Fold(order.Order.Evolve, h...) }

// check asserts the outcome of a decision: the error kind or sentinel, the
// field named by an Invalid error, and the events.
func check(t *testing.T, method string, got []domain.Event, err error, want []domain.Event, wantErr error, wantField string) {
	t.Helper()
	if !errors.Is(err, wantErr) || (wantErr == nil && err != nil) {
		t.Fatalf("%s() error = %v, want %v", method, err, wantErr)
	}
	if wantField != "" {
		var fe *domain.FieldError
		if !errors.As(err, &fe) || fe.Field != wantField {
			t.Fatalf("%s() error = %v, want an invalid field %q", method, err, wantField)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s() events mismatch (-want +got):\n%s", method, diff)
	}
}
