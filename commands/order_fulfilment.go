package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
)

// RequestProduction passes a confirmed order to production.
type RequestProduction struct{ OrderID string }

// RequestProduction records order.ProductionRequested.
func (h *Orders) RequestProduction(ctx context.Context, m Meta, cmd RequestProduction) (Result, error) {
	role, err := authorize(m, "RequestProduction", domain.RoleSalesRep, domain.RoleSalesMgmt)
	if err != nil {
		return Result{}, err
	}
	return h.onOrder(ctx, m, cmd.OrderID, role, func(o order.Order) ([]domain.Event, error) {
		return o.RequestProduction(m.Actor.EmployeeID, h.now())
	})
}

// RecordQualityInspection records quality's verdict on produced goods (O3).
type RecordQualityInspection struct {
	OrderID   string
	Passed    bool
	ReportRef string
	Findings  string
}

// RecordQualityInspection records order.GoodsInspected.
func (h *Orders) RecordQualityInspection(ctx context.Context, m Meta, cmd RecordQualityInspection) (Result, error) {
	role, err := authorize(m, "RecordQualityInspection", domain.RoleQuality)
	if err != nil {
		return Result{}, err
	}
	in := order.Inspection{Passed: cmd.Passed, ReportRef: cmd.ReportRef, Findings: cmd.Findings}
	return h.onOrder(ctx, m, cmd.OrderID, role, func(o order.Order) ([]domain.Event, error) {
		return o.RecordInspection(in, m.Actor.EmployeeID, h.now())
	})
}

// RequestShipment is the rep's shipment request to the warehouse keeper.
type RequestShipment struct{ OrderID string }

// RequestShipment records order.ShipmentRequested.
func (h *Orders) RequestShipment(ctx context.Context, m Meta, cmd RequestShipment) (Result, error) {
	role, err := authorize(m, "RequestShipment", domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	return h.onOrder(ctx, m, cmd.OrderID, role, func(o order.Order) ([]domain.Event, error) {
		return o.RequestShipment(m.Actor.EmployeeID, h.now())
	})
}

// ScheduleShipment is the warehouse keeper's schedule and reply to the rep.
type ScheduleShipment struct {
	OrderID    string
	ShipOn     time.Time
	ReplyToRep string
}

// ScheduleShipment records order.ShipmentScheduled and, in the same
// append, reserves the order's lines from the stock of the warehouse
// keeper's branch (§3.10-shipment): a shipment the branch's available
// stock does not cover is refused (§3.10-never-negative).
func (h *Orders) ScheduleShipment(ctx context.Context, m Meta, cmd ScheduleShipment) (Result, error) {
	role, err := authorize(m, "ScheduleShipment", domain.RoleWarehouse)
	if err != nil {
		return Result{}, err
	}
	return h.withStock(ctx, m, cmd.OrderID, role, shippingBranchOfKeeper, func(o order.Order, branch string, mv stockMove) ([]domain.Event, error) {
		scheduled, err := o.ScheduleShipment(branch, cmd.ShipOn, cmd.ReplyToRep, m.Actor.EmployeeID, h.now())
		if err != nil || len(scheduled) == 0 {
			return scheduled, err
		}
		return scheduled, mv.reserve(o.ID)
	})
}

// DispatchShipment records that the goods left with delivery staff.
type DispatchShipment struct {
	OrderID      string
	TransportRef string
}

// DispatchShipment records order.Dispatched and, in the same append, books
// the goods reserved for the order out of the shipping branch's stock
// (§3.10-shipment).
func (h *Orders) DispatchShipment(ctx context.Context, m Meta, cmd DispatchShipment) (Result, error) {
	role, err := authorize(m, "DispatchShipment", domain.RoleDelivery)
	if err != nil {
		return Result{}, err
	}
	return h.withStock(ctx, m, cmd.OrderID, role, shippedFrom, func(o order.Order, _ string, mv stockMove) ([]domain.Event, error) {
		dispatched, err := o.Dispatch(cmd.TransportRef, m.Actor.EmployeeID, h.now())
		if err != nil || len(dispatched) == 0 {
			return dispatched, err
		}
		return dispatched, mv.issueReserved(o.ID)
	})
}

// UpdateTransportStatus reports where the goods are and how the customer
// was told (O4).
type UpdateTransportStatus struct {
	OrderID     string
	Status      string
	Location    string
	NotifiedVia string
}

// UpdateTransportStatus records order.TransportStatusUpdated and
// order.CustomerNotifiedOfTransport.
func (h *Orders) UpdateTransportStatus(ctx context.Context, m Meta, cmd UpdateTransportStatus) (Result, error) {
	role, err := authorize(m, "UpdateTransportStatus", domain.RoleDelivery, domain.RoleWarehouse)
	if err != nil {
		return Result{}, err
	}
	return h.onOrder(ctx, m, cmd.OrderID, role, func(o order.Order) ([]domain.Event, error) {
		return o.UpdateTransport(cmd.Status, cmd.Location, cmd.NotifiedVia, m.Actor.EmployeeID, h.now())
	})
}

// RecordDelivery records a delivery with the customer's sign-off and the
// delivery-note handover (O2).
type RecordDelivery struct {
	OrderID                string
	SignedBy               string
	SignedAt               time.Time
	DeliveryNoteNo         string
	NoteHandedToEmployeeID string
}

// RecordDelivery records order.Delivered (and order.Settled when already
// paid in full).
func (h *Orders) RecordDelivery(ctx context.Context, m Meta, cmd RecordDelivery) (Result, error) {
	role, err := authorize(m, "RecordDelivery", domain.RoleDelivery)
	if err != nil {
		return Result{}, err
	}
	s := order.SignOff{SignedBy: cmd.SignedBy, SignedAt: cmd.SignedAt, DeliveryNoteNo: cmd.DeliveryNoteNo, NoteHandedToEmployeeID: cmd.NoteHandedToEmployeeID}
	return h.onOrder(ctx, m, cmd.OrderID, role, func(o order.Order) ([]domain.Event, error) {
		return o.Deliver(s, m.Actor.EmployeeID, h.now())
	})
}

// RecordDeliveryDelay flags an order whose delivery time has passed (O5).
type RecordDeliveryDelay struct {
	OrderID string
	Reason  string
}

// RecordDeliveryDelay records order.DeliveryDelayed; the system may issue
// it from a timer.
func (h *Orders) RecordDeliveryDelay(ctx context.Context, m Meta, cmd RecordDeliveryDelay) (Result, error) {
	role, err := authorize(m, "RecordDeliveryDelay", domain.RoleSalesRep, domain.RoleDelivery, domain.RoleSystem)
	if err != nil {
		return Result{}, err
	}
	return h.onOrder(ctx, m, cmd.OrderID, role, func(o order.Order) ([]domain.Event, error) {
		return o.RecordDelay(cmd.Reason, m.Actor.EmployeeID, h.now())
	})
}

// AcceptDeliverable records the acceptance of a project-type order.
type AcceptDeliverable struct {
	OrderID          string
	CustomerAcceptor string
}

// AcceptDeliverable records order.Accepted (and order.Settled when paid in
// full), organised by the team supervisor.
func (h *Orders) AcceptDeliverable(ctx context.Context, m Meta, cmd AcceptDeliverable) (Result, error) {
	role, err := authorize(m, "AcceptDeliverable", domain.RoleTeamSupervisor)
	if err != nil {
		return Result{}, err
	}
	return h.onOrder(ctx, m, cmd.OrderID, role, func(o order.Order) ([]domain.Event, error) {
		return o.Accept(cmd.CustomerAcceptor, m.Actor.EmployeeID, h.now())
	})
}
