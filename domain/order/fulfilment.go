package order

import (
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// RequestProduction passes a confirmed order to production. Repeating it
// while in production is a no-op.
func (o Order) RequestProduction(by string, now time.Time) ([]domain.Event, error) {
	switch o.Status {
	case StatusInProduction:
		return nil, nil
	case StatusConfirmed:
		return []domain.Event{ProductionRequested{OrderID: o.ID, RequestedBy: by, RequestedAt: now}}, nil
	}
	return nil, o.wrongState("request production for")
}

// Inspection is a quality inspector's verdict on produced goods.
type Inspection struct {
	Passed    bool
	ReportRef string
	Findings  string // required when the goods fail
}

// RecordInspection records quality's verdict on goods in production (O3).
// Passed goods make the order READY; failed goods stay in production for
// rework and need another inspection. It refuses orders not in production
// and a failure without findings.
func (o Order) RecordInspection(in Inspection, inspectorID string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("report_ref", in.ReportRef), domain.Text("findings", in.Findings)); err != nil {
		return nil, err
	}
	if o.Status != StatusInProduction {
		return nil, o.wrongState("inspect goods of")
	}
	if !in.Passed && strings.TrimSpace(in.Findings) == "" {
		return nil, domain.InvalidField("findings", "required when the goods fail inspection")
	}
	return []domain.Event{GoodsInspected{
		OrderID: o.ID, Passed: in.Passed, ReportRef: in.ReportRef, Findings: in.Findings,
		InspectorID: inspectorID, InspectedAt: now,
	}}, nil
}

// RequestShipment sends the rep's shipment request to the warehouse. A
// confirmed order ships from (already inspected) stock; an order sent to
// production ships only once READY (O3). Repeating it is a no-op.
func (o Order) RequestShipment(by string, now time.Time) ([]domain.Event, error) {
	switch o.Status {
	case StatusShipmentRequested:
		return nil, nil
	case StatusInProduction:
		return nil, ErrUninspected
	case StatusConfirmed, StatusReady:
		return []domain.Event{ShipmentRequested{
			OrderID: o.ID, FromStock: o.Status == StatusConfirmed, RequestedBy: by, RequestedAt: now,
		}}, nil
	}
	return nil, o.wrongState("request shipment for")
}

// ScheduleShipment records the warehouse keeper's schedule and reply to the
// rep, and the branch the goods ship from (the command reserves them from
// its stock in the same append, §3.10-shipment). Scheduling again is a
// no-op.
func (o Order) ScheduleShipment(fromBranch string, shipOn time.Time, replyToRep, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("reply_to_rep", replyToRep), domain.Text("shipping_branch_id", fromBranch)); err != nil {
		return nil, err
	}
	switch o.Status {
	case StatusScheduled:
		return nil, nil
	case StatusShipmentRequested:
	default:
		return nil, o.wrongState("schedule shipment for")
	}
	if shipOn.IsZero() {
		return nil, domain.InvalidField("ship_on", "required")
	}
	return []domain.Event{ShipmentScheduled{
		OrderID: o.ID, ShippingBranchID: fromBranch, ShipOn: shipOn, ReplyToRep: replyToRep, ScheduledBy: by, ScheduledAt: now,
	}}, nil
}

// Dispatch records that the goods left with delivery staff. Dispatching
// again is a no-op.
func (o Order) Dispatch(transportRef, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("transport_ref", transportRef)); err != nil {
		return nil, err
	}
	switch o.Status {
	case StatusInTransit:
		return nil, nil
	case StatusScheduled:
		return []domain.Event{Dispatched{OrderID: o.ID, TransportRef: transportRef, DispatchedBy: by, DispatchedAt: now}}, nil
	}
	return nil, o.wrongState("dispatch")
}

// UpdateTransport records a transport status and, always with it, that the
// customer was told (O4). It refuses orders not in transit and updates that
// do not say how the customer was notified.
func (o Order) UpdateTransport(status, location, notifiedVia, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("status", status), domain.Text("location", location), domain.Text("notified_via", notifiedVia)); err != nil {
		return nil, err
	}
	if o.Status != StatusInTransit {
		return nil, o.wrongState("update transport of")
	}
	if strings.TrimSpace(status) == "" {
		return nil, domain.InvalidField("status", "required")
	}
	if strings.TrimSpace(notifiedVia) == "" {
		return nil, domain.InvalidField("notified_via", "O4: the customer must be informed of the transport status")
	}
	return []domain.Event{
		TransportStatusUpdated{OrderID: o.ID, Status: status, Location: location, UpdatedBy: by, UpdatedAt: now},
		CustomerNotifiedOfTransport{OrderID: o.ID, Status: status, Channel: notifiedVia, NotifiedAt: now},
	}, nil
}
