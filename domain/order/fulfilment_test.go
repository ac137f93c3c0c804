package order_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
)

func TestOrder_RequestProduction(t *testing.T) {
	tests := []struct {
		name    string
		given   []domain.Event
		want    []domain.Event
		wantErr error
	}{
		{name: "a confirmed order goes to production", given: confirmedH, want: []domain.Event{productionRequested}},
		{name: "requesting production twice records nothing", given: inProduction},
		{name: "a draft cannot go to production", given: draft, wantErr: order.ErrWrongState},
		{name: "a cancelled order cannot go to production", given: cancelledH, wantErr: order.ErrWrongState},
		{name: "an unknown order is not found", wantErr: order.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.RequestProduction("rep-1", t0)

			check(t, "RequestProduction", got, err, tt.want, tt.wantErr, "")
		})
	}
}

func TestOrder_RecordInspection(t *testing.T) {
	tests := []struct {
		name      string
		given     []domain.Event
		in        order.Inspection
		want      []domain.Event
		wantErr   error
		wantField string
	}{
		{
			name: "passed goods are recorded", given: inProduction,
			in: order.Inspection{Passed: true, ReportRef: "QC-1"}, want: []domain.Event{inspectionPassed},
		},
		{
			name: "failed goods are recorded with findings", given: inProduction,
			in: order.Inspection{Passed: false, ReportRef: "QC-0", Findings: "leaks"}, want: []domain.Event{inspectionFailed},
		},
		{
			name: "failed goods can be inspected again after rework", given: then(inProduction, inspectionFailed),
			in: order.Inspection{Passed: true, ReportRef: "QC-1"}, want: []domain.Event{inspectionPassed},
		},
		{
			name: "a failure needs findings", given: inProduction,
			in: order.Inspection{Passed: false}, wantErr: domain.ErrInvalid, wantField: "findings",
		},
		{
			name: "goods not in production are not inspected here", given: confirmedH,
			in: order.Inspection{Passed: true}, wantErr: order.ErrWrongState,
		},
		{
			name: "ready goods are not inspected again", given: ready,
			in: order.Inspection{Passed: true}, wantErr: order.ErrWrongState,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.RecordInspection(tt.in, "qa-1", t0)

			check(t, "RecordInspection", got, err, tt.want, tt.wantErr, tt.wantField)
		})
	}
}

func TestOrder_RequestShipment(t *testing.T) {
	fromProduction := order.ShipmentRequested{OrderID: "o-1", FromStock: false, RequestedBy: "rep-1", RequestedAt: t0}
	tests := []struct {
		name    string
		given   []domain.Event
		want    []domain.Event
		wantErr error
	}{
		{name: "a confirmed order ships from stock", given: confirmedH, want: []domain.Event{shipmentRequested}},
		{name: "inspected goods from production ship once ready", given: ready, want: []domain.Event{fromProduction}},
		{name: "O3: goods in production without inspection cannot ship", given: inProduction, wantErr: order.ErrUninspected},
		{name: "O3: goods that failed inspection cannot ship", given: then(inProduction, inspectionFailed), wantErr: order.ErrUninspected},
		{name: "a draft cannot ship", given: draft, wantErr: order.ErrWrongState},
		{name: "requesting twice records nothing", given: requested},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.RequestShipment("rep-1", t0)

			check(t, "RequestShipment", got, err, tt.want, tt.wantErr, "")
		})
	}
}

func TestOrder_ScheduleShipment(t *testing.T) {
	withReply := order.ShipmentScheduled{OrderID: "o-1", ShipOn: t1, ReplyToRep: "ships tomorrow", ScheduledBy: "wh-1", ScheduledAt: t0}
	tests := []struct {
		name      string
		given     []domain.Event
		shipOn    bool
		want      []domain.Event
		wantErr   error
		wantField string
	}{
		{name: "the warehouse schedules a requested shipment and replies", given: requested, shipOn: true, want: []domain.Event{withReply}},
		{name: "a schedule needs a shipping date", given: requested, wantErr: domain.ErrInvalid, wantField: "ship_on"},
		{name: "an order without a shipment request is not scheduled", given: ready, shipOn: true, wantErr: order.ErrWrongState},
		{name: "scheduling twice records nothing", given: scheduledH, shipOn: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)
			var shipOn time.Time
			if tt.shipOn {
				shipOn = t1
			}

			got, err := o.ScheduleShipment("", shipOn, "ships tomorrow", "wh-1", t0)

			check(t, "ScheduleShipment", got, err, tt.want, tt.wantErr, tt.wantField)
		})
	}
}

func TestOrder_Dispatch(t *testing.T) {
	tests := []struct {
		name    string
		given   []domain.Event
		want    []domain.Event
		wantErr error
	}{
		{name: "a scheduled shipment is dispatched", given: scheduledH, want: []domain.Event{dispatched}},
		{name: "dispatching twice records nothing", given: inTransit},
		{name: "an unscheduled shipment is not dispatched", given: requested, wantErr: order.ErrWrongState},
		{name: "a cancelled order is not dispatched", given: cancelledH, wantErr: order.ErrWrongState},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.Dispatch("TRK-9", "drv-1", t0)

			check(t, "Dispatch", got, err, tt.want, tt.wantErr, "")
		})
	}
}

func TestOrder_UpdateTransport(t *testing.T) {
	tests := []struct {
		name      string
		given     []domain.Event
		status    string
		via       string
		want      []domain.Event
		wantErr   error
		wantField string
	}{
		{
			name: "O4: a transport update notifies the customer", given: inTransit, status: "at depot", via: "SMS",
			want: []domain.Event{
				order.TransportStatusUpdated{OrderID: "o-1", Status: "at depot", Location: "Hangzhou", UpdatedBy: "log-1", UpdatedAt: t0},
				order.CustomerNotifiedOfTransport{OrderID: "o-1", Status: "at depot", Channel: "SMS", NotifiedAt: t0},
			},
		},
		{
			name: "O4: an update without notifying the customer is invalid", given: inTransit, status: "at depot",
			wantErr: domain.ErrInvalid, wantField: "notified_via",
		},
		{
			name: "an update needs a status", given: inTransit, via: "SMS",
			wantErr: domain.ErrInvalid, wantField: "status",
		},
		{
			name: "goods not in transit have no transport status", given: scheduledH, status: "x", via: "SMS",
			wantErr: order.ErrWrongState,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.UpdateTransport(tt.status, "Hangzhou", tt.via, "log-1", t0)

			check(t, "UpdateTransport", got, err, tt.want, tt.wantErr, tt.wantField)
		})
	}
}
