package api

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/commands"
)

// orderFulfilmentRoutes registers production, inspection, shipment and
// delivery.
func orderFulfilmentRoutes(s *Server, rt *routes) {
	command(rt, "/orders/{id}/production", orderTag, "Pass a confirmed order to production", s.requestProduction)
	command(rt, "/orders/{id}/inspections", orderTag, "Record quality's inspection of produced goods (O3)", s.recordQualityInspection)
	command(rt, "/orders/{id}/shipment-request", orderTag, "Ask the warehouse to ship", s.requestShipment)
	command(rt, "/orders/{id}/shipment-schedule", orderTag, "Schedule the shipment and reply to the rep (WAREHOUSE)", s.scheduleShipment)
	command(rt, "/orders/{id}/dispatch", orderTag, "Record that the goods left with delivery staff", s.dispatchShipment)
	command(rt, "/orders/{id}/transport-updates", orderTag, "Report transport status and how the customer was told (O4)", s.updateTransportStatus)
	command(rt, "/orders/{id}/deliveries", orderTag, "Record a delivery with the customer's sign-off and delivery note (O2)", s.recordDelivery)
	command(rt, "/orders/{id}/delays", orderTag, "Flag an order whose delivery time has passed (O5)", s.recordDeliveryDelay)
	command(rt, "/orders/{id}/acceptance", orderTag, "Record the acceptance of a project-type order", s.acceptDeliverable)
}

// RequestProductionRequest passes the order to production.
type RequestProductionRequest struct {
	Envelope
}

func (s *Server) requestProduction(ctx context.Context, m commands.Meta, id string, _ RequestProductionRequest) (commands.Result, error) {
	return s.Commands.Orders.RequestProduction(ctx, m, commands.RequestProduction{OrderID: id})
}

// RecordQualityInspectionRequest is quality's verdict on produced goods.
type RecordQualityInspectionRequest struct {
	Envelope
	Passed    bool   `json:"passed"`
	ReportRef string `json:"report_ref"`
	Findings  string `json:"findings,omitempty"`
}

func (s *Server) recordQualityInspection(ctx context.Context, m commands.Meta, id string, req RecordQualityInspectionRequest) (commands.Result, error) {
	return s.Commands.Orders.RecordQualityInspection(ctx, m, commands.RecordQualityInspection{OrderID: id, Passed: req.Passed,
		ReportRef: req.ReportRef, Findings: req.Findings})
}

// RequestShipmentRequest is the rep's shipment request.
type RequestShipmentRequest struct {
	Envelope
}

func (s *Server) requestShipment(ctx context.Context, m commands.Meta, id string, _ RequestShipmentRequest) (commands.Result, error) {
	return s.Commands.Orders.RequestShipment(ctx, m, commands.RequestShipment{OrderID: id})
}

// ScheduleShipmentRequest is the warehouse keeper's schedule and reply.
type ScheduleShipmentRequest struct {
	Envelope
	ShipOn     Date   `json:"ship_on"`
	ReplyToRep string `json:"reply_to_rep"`
}

func (s *Server) scheduleShipment(ctx context.Context, m commands.Meta, id string, req ScheduleShipmentRequest) (commands.Result, error) {
	return s.Commands.Orders.ScheduleShipment(ctx, m, commands.ScheduleShipment{OrderID: id, ShipOn: req.ShipOn.Time, ReplyToRep: req.ReplyToRep})
}

// DispatchShipmentRequest records the dispatch.
type DispatchShipmentRequest struct {
	Envelope
	TransportRef string `json:"transport_ref"`
}

func (s *Server) dispatchShipment(ctx context.Context, m commands.Meta, id string, req DispatchShipmentRequest) (commands.Result, error) {
	return s.Commands.Orders.DispatchShipment(ctx, m, commands.DispatchShipment{OrderID: id, TransportRef: req.TransportRef})
}

// UpdateTransportStatusRequest reports where the goods are and how the
// customer was notified (O4).
type UpdateTransportStatusRequest struct {
	Envelope
	Status      string `json:"status"`
	Location    string `json:"location,omitempty"`
	NotifiedVia string `json:"notified_via"`
}

func (s *Server) updateTransportStatus(ctx context.Context, m commands.Meta, id string, req UpdateTransportStatusRequest) (commands.Result, error) {
	return s.Commands.Orders.UpdateTransportStatus(ctx, m, commands.UpdateTransportStatus{OrderID: id, Status: req.Status,
		Location: req.Location, NotifiedVia: req.NotifiedVia})
}

// RecordDeliveryRequest is the proof of delivery O2 requires: who signed
// for the customer and when, the delivery note and the employee it was
// handed to.
type RecordDeliveryRequest struct {
	Envelope
	SignedBy               string    `json:"signed_by"`
	SignedAt               time.Time `json:"signed_at"`
	DeliveryNoteNo         string    `json:"delivery_note_no"`
	NoteHandedToEmployeeID string    `json:"note_handed_to_employee_id"`
}

func (s *Server) recordDelivery(ctx context.Context, m commands.Meta, id string, req RecordDeliveryRequest) (commands.Result, error) {
	return s.Commands.Orders.RecordDelivery(ctx, m, commands.RecordDelivery{OrderID: id, SignedBy: req.SignedBy, SignedAt: req.SignedAt,
		DeliveryNoteNo: req.DeliveryNoteNo, NoteHandedToEmployeeID: req.NoteHandedToEmployeeID})
}

// RecordDeliveryDelayRequest flags a late delivery; the envelope's reason
// says why it is late.
type RecordDeliveryDelayRequest struct {
	Envelope
}

func (s *Server) recordDeliveryDelay(ctx context.Context, m commands.Meta, id string, req RecordDeliveryDelayRequest) (commands.Result, error) {
	return s.Commands.Orders.RecordDeliveryDelay(ctx, m, commands.RecordDeliveryDelay{OrderID: id, Reason: req.Reason})
}

// AcceptDeliverableRequest names who accepted a project deliverable for
// the customer.
type AcceptDeliverableRequest struct {
	Envelope
	CustomerAcceptor string `json:"customer_acceptor"`
}

func (s *Server) acceptDeliverable(ctx context.Context, m commands.Meta, id string, req AcceptDeliverableRequest) (commands.Result, error) {
	return s.Commands.Orders.AcceptDeliverable(ctx, m, commands.AcceptDeliverable{OrderID: id, CustomerAcceptor: req.CustomerAcceptor})
}
