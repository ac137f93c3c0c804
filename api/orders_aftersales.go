package api

import (
	"context"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/order"
)

// orderAfterSalesRoutes registers returns, repairs, compensation, payment,
// closing and cancellation.
func orderAfterSalesRoutes(s *Server, rt *routes) {
	command(rt, "/orders/{id}/returns", orderTag, "Record a customer's return or exchange request", s.requestReturn)
	command(rt, "/orders/{id}/returns/{return_id}/approval", orderTag, "Approve a return or exchange (DEPT_HEAD)", s.approveReturn)
	command(rt, "/orders/{id}/returns/{return_id}/completion", orderTag, "Record that approved goods were returned or exchanged", s.recordReturn)
	command(rt, "/orders/{id}/repairs", orderTag, "Record a repair request for delivered goods", s.requestRepair)
	command(rt, "/orders/{id}/repairs/{repair_id}/completion", orderTag, "Close an open repair", s.completeRepair)
	command(rt, "/orders/{id}/compensations", orderTag, "Record compensation agreed with the customer", s.agreeCompensation)
	command(rt, "/orders/{id}/payments", orderTag, "Record a customer payment against the order (FINANCE)", s.recordOrderPayment)
	command(rt, "/orders/{id}/closure", orderTag, "Close a settled order", s.closeOrder)
	command(rt, "/orders/{id}/cancellation", orderTag, "Cancel an order before dispatch", s.cancelOrder)
}

// RequestReturnRequest opens a return (kind RETURN) or exchange (kind
// EXCHANGE) named return_id; the envelope's reason is the customer's.
type RequestReturnRequest struct {
	Envelope
	ReturnID string `json:"return_id"`
	Kind     string `json:"kind"`
}

func (s *Server) requestReturn(ctx context.Context, m commands.Meta, id string, req RequestReturnRequest) (commands.Result, error) {
	return s.Commands.Orders.RequestReturnOrExchange(ctx, m, commands.RequestReturnOrExchange{OrderID: id, ReturnID: req.ReturnID,
		Kind: order.ReturnKind(req.Kind), Reason: req.Reason})
}

// ApproveReturnRequest approves the return named in the path.
type ApproveReturnRequest struct {
	Envelope
}

func (s *Server) approveReturn(ctx context.Context, m commands.Meta, id string, _ ApproveReturnRequest) (commands.Result, error) {
	return s.Commands.Orders.ApproveReturn(ctx, m, commands.ApproveReturn{OrderID: id, ReturnID: routeParam(ctx, "return_id")})
}

// RecordReturnRequest records the return named in the path as done.
type RecordReturnRequest struct {
	Envelope
}

func (s *Server) recordReturn(ctx context.Context, m commands.Meta, id string, _ RecordReturnRequest) (commands.Result, error) {
	return s.Commands.Orders.RecordReturn(ctx, m, commands.RecordReturn{OrderID: id, ReturnID: routeParam(ctx, "return_id")})
}

// RequestRepairRequest opens a repair named repair_id.
type RequestRepairRequest struct {
	Envelope
	RepairID    string `json:"repair_id"`
	Description string `json:"description"`
}

func (s *Server) requestRepair(ctx context.Context, m commands.Meta, id string, req RequestRepairRequest) (commands.Result, error) {
	return s.Commands.Orders.RequestRepair(ctx, m, commands.RequestRepair{OrderID: id, RepairID: req.RepairID, Description: req.Description})
}

// CompleteRepairRequest closes the repair named in the path.
type CompleteRepairRequest struct {
	Envelope
	Outcome string `json:"outcome"`
}

func (s *Server) completeRepair(ctx context.Context, m commands.Meta, id string, req CompleteRepairRequest) (commands.Result, error) {
	return s.Commands.Orders.CompleteRepair(ctx, m, commands.CompleteRepair{OrderID: id, RepairID: routeParam(ctx, "repair_id"), Outcome: req.Outcome})
}

// AgreeCompensationRequest records an agreed compensation; amount is a
// decimal string and the envelope's reason says what it compensates.
type AgreeCompensationRequest struct {
	Envelope
	Amount string `json:"amount"`
}

func (s *Server) agreeCompensation(ctx context.Context, m commands.Meta, id string, req AgreeCompensationRequest) (commands.Result, error) {
	amount, err := decimalAmount("amount", req.Amount)
	if err != nil {
		return commands.Result{}, err
	}
	return s.Commands.Orders.AgreeCompensation(ctx, m, commands.AgreeCompensation{OrderID: id, Amount: amount, Reason: req.Reason})
}

// RecordOrderPaymentRequest records a payment; amount is a decimal string.
type RecordOrderPaymentRequest struct {
	Envelope
	PaymentRef string `json:"payment_ref"`
	Amount     string `json:"amount"`
}

func (s *Server) recordOrderPayment(ctx context.Context, m commands.Meta, id string, req RecordOrderPaymentRequest) (commands.Result, error) {
	amount, err := decimalAmount("amount", req.Amount)
	if err != nil {
		return commands.Result{}, err
	}
	return s.Commands.Orders.RecordOrderPayment(ctx, m, commands.RecordOrderPayment{OrderID: id, PaymentRef: req.PaymentRef, Amount: amount})
}

// CloseOrderRequest closes a settled order.
type CloseOrderRequest struct {
	Envelope
}

func (s *Server) closeOrder(ctx context.Context, m commands.Meta, id string, _ CloseOrderRequest) (commands.Result, error) {
	return s.Commands.Orders.CloseOrder(ctx, m, commands.CloseOrder{OrderID: id})
}

// CancelOrderRequest cancels an order; the envelope's reason says why.
type CancelOrderRequest struct {
	Envelope
}

func (s *Server) cancelOrder(ctx context.Context, m commands.Meta, id string, req CancelOrderRequest) (commands.Result, error) {
	return s.Commands.Orders.CancelOrder(ctx, m, commands.CancelOrder{OrderID: id, Reason: req.Reason})
}
