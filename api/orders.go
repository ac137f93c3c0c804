package api

import (
	"context"
	"fmt"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
)

const orderTag = "Orders"

// orderRoutes registers one endpoint per order command and the order
// queries. Commands that take a reason (change, rejection, delay, return,
// compensation, cancellation) read it from the envelope's "reason": one
// field says why, for the record and for the audit trail alike.
func orderRoutes(s *Server, rt *routes) {
	create(rt, "/orders", orderTag, "Create an order under a signed contract (O1, O8)", s.createOrder)
	command(rt, "/orders/{id}/confirmation", orderTag, "Record the customer's confirmation (O6: deposit in)", s.confirmOrder)
	command(rt, "/orders/{id}/changes", orderTag, "Change a draft order, or ask to change a confirmed one (O7)", s.changeOrder)
	command(rt, "/orders/{id}/changes/{change_id}/approval", orderTag, "Approve a pending order change (DEPT_HEAD, O7)", s.approveOrderChange)
	command(rt, "/orders/{id}/changes/{change_id}/rejection", orderTag, "Reject a pending order change (DEPT_HEAD)", s.rejectOrderChange)
	orderFulfilmentRoutes(s, rt)
	orderAfterSalesRoutes(s, rt)
	orderQueryRoutes(s, rt)
}

// routeParam reads a second path parameter (a change, return, leave id)
// from the chi route context the request carries.
func routeParam(ctx context.Context, name string) string {
	if rc := chi.RouteContext(ctx); rc != nil {
		return rc.URLParam(name)
	}
	return ""
}

// decimalAmount parses a decimal amount ("1234.50") in the default
// currency, naming field when it is malformed. An empty amount is passed
// on as zero so that the domain reports what it requires.
func decimalAmount(field, s string) (domain.Money, error) {
	if s == "" {
		return domain.Money{Currency: domain.DefaultCurrency}, nil
	}
	m, err := domain.ParseMoney(s, "")
	if err != nil {
		return domain.Money{}, domain.InvalidField(field, "must be a decimal amount such as 1234.50")
	}
	return m, nil
}

// OrderLineRequest is one order line (O1): every field is required.
type OrderLineRequest struct {
	ProductName string `json:"product_name"`
	ModelSpec   string `json:"model_spec"`
	Quantity    int64  `json:"quantity"`
	// UnitPrice is a decimal string, e.g. "1234.50".
	UnitPrice       string    `json:"unit_price"`
	DeliveryTime    time.Time `json:"delivery_time"`
	DeliveryAddress string    `json:"delivery_address"`
}

func orderLines(in []OrderLineRequest) ([]order.Line, error) {
	out := make([]order.Line, len(in))
	for i, l := range in {
		price, err := decimalAmount(fmt.Sprintf("lines[%d].unit_price", i), l.UnitPrice)
		if err != nil {
			return nil, err
		}
		out[i] = order.Line{ProductName: l.ProductName, ModelSpec: l.ModelSpec, Quantity: l.Quantity,
			UnitPrice: price, DeliveryTime: l.DeliveryTime, DeliveryAddress: l.DeliveryAddress}
	}
	return out, nil
}

// CreateOrderRequest creates an order; the id is made by the server.
// CustomerID is optional (the contract's customer); Kind is GOODS (the
// default) or PROJECT.
type CreateOrderRequest struct {
	Envelope
	ContractID string             `json:"contract_id"`
	CustomerID string             `json:"customer_id,omitempty"`
	Kind       string             `json:"kind,omitempty"`
	Lines      []OrderLineRequest `json:"lines"`
}

func (s *Server) createOrder(ctx context.Context, m commands.Meta, id string, req CreateOrderRequest) (commands.Result, error) {
	lines, err := orderLines(req.Lines)
	if err != nil {
		return commands.Result{}, err
	}
	return s.Commands.Orders.CreateOrder(ctx, m, commands.CreateOrder{OrderID: id, ContractID: req.ContractID,
		CustomerID: req.CustomerID, Kind: order.Kind(req.Kind), Lines: lines})
}

// ConfirmOrderRequest records the customer's confirmation of an order.
type ConfirmOrderRequest struct {
	Envelope
	CustomerConfirmationRef string `json:"customer_confirmation_ref"`
}

func (s *Server) confirmOrder(ctx context.Context, m commands.Meta, id string, req ConfirmOrderRequest) (commands.Result, error) {
	return s.Commands.Orders.ConfirmOrder(ctx, m, commands.ConfirmOrder{OrderID: id, CustomerConfirmationRef: req.CustomerConfirmationRef})
}

// ChangeOrderRequest replaces an order's lines; change_id names the change
// (approve or reject it at /orders/{id}/changes/{change_id}/…). The
// envelope's reason is the reason for the change.
type ChangeOrderRequest struct {
	Envelope
	ChangeID string             `json:"change_id"`
	Lines    []OrderLineRequest `json:"lines"`
}

func (s *Server) changeOrder(ctx context.Context, m commands.Meta, id string, req ChangeOrderRequest) (commands.Result, error) {
	lines, err := orderLines(req.Lines)
	if err != nil {
		return commands.Result{}, err
	}
	return s.Commands.Orders.ChangeOrder(ctx, m, commands.ChangeOrder{OrderID: id, ChangeID: req.ChangeID, Lines: lines, Reason: req.Reason})
}

// ApproveOrderChangeRequest approves the change named in the path.
type ApproveOrderChangeRequest struct {
	Envelope
}

func (s *Server) approveOrderChange(ctx context.Context, m commands.Meta, id string, _ ApproveOrderChangeRequest) (commands.Result, error) {
	return s.Commands.Orders.ApproveOrderChange(ctx, m, commands.ApproveOrderChange{OrderID: id, ChangeID: routeParam(ctx, "change_id")})
}

// RejectOrderChangeRequest rejects the change named in the path; the
// envelope's reason says why.
type RejectOrderChangeRequest struct {
	Envelope
}

func (s *Server) rejectOrderChange(ctx context.Context, m commands.Meta, id string, req RejectOrderChangeRequest) (commands.Result, error) {
	return s.Commands.Orders.RejectOrderChange(ctx, m, commands.RejectOrderChange{OrderID: id, ChangeID: routeParam(ctx, "change_id"), Reason: req.Reason})
}
