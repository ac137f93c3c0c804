package commands

import (
	"time"

	"context"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/stock"
)

// Orders handles the commands on orders: creation under a contract,
// changes, fulfilment and after-sales.
type Orders struct {
	orders    repository[order.Order]
	contracts repository[contract.Contract] // the contract an order is placed under
	customers repository[customer.Customer]
	quotes    repository[quotedLines] // the approved final quotation of the contract in force (K6-order)
	items     repository[stock.Item]  // the shipping branch's stock (§3.10-shipment)
	// paymentRefs are the claims of the payment references recorded on
	// orders (order.PaymentRefStream).
	paymentRefs repository[order.PaymentRefClaim]
	now         func() time.Time
}

func newOrders(log *eventLog) *Orders {
	return &Orders{
		orders:      newRepository(log, order.Order.Evolve, "order"),
		contracts:   newRepository(log, contract.Contract.Evolve, "contract"),
		customers:   newRepository(log, customer.Customer.Evolve, "customer file"),
		quotes:      newRepository(log, quotedLines.evolve, "quotation"),
		items:       newRepository(log, stock.Item.Evolve, "stock item"),
		paymentRefs: newRepository(log, order.PaymentRefClaim.Evolve, "payment reference"),
		now:         log.now,
	}
}

// CreateOrder creates an order under a signed contract (§2.3.3-contract).
// CustomerID is optional: the order's customer is the contract's.
type CreateOrder struct {
	OrderID    string
	ContractID string
	CustomerID string
	Kind       order.Kind
	Lines      []order.Line
}

// CreateOrder records order.Created after checking O1, the contract (signed
// or in execution, total within its value) and the customer file (O8).
// Lines at a unit price the contract's approved final quotation does not
// give are recorded with order.UnauthorisedQuotationDetected (K6-order), also
// when an amendment changes the price as the order is placed.
func (h *Orders) CreateOrder(ctx context.Context, m Meta, cmd CreateOrder) (Result, error) {
	role, err := authorize(m, "CreateOrder", domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	facts, err := h.orderContractFacts(ctx, cmd.ContractID)
	if err != nil {
		return Result{}, err
	}
	customerExists, err := h.orderCustomerExists(ctx, facts.CustomerID)
	if err != nil {
		return Result{}, err
	}
	draft := order.Draft{OrderID: cmd.OrderID, CustomerID: cmd.CustomerID, Kind: cmd.Kind, Lines: cmd.Lines, CreatedBy: m.Actor.EmployeeID}
	res, err := h.onOrder(ctx, m, cmd.OrderID, role, func(o order.Order) ([]domain.Event, error) {
		return o.Create(draft, facts, customerExists, h.now())
	})
	if err != nil {
		return res, err
	}
	return h.recheckPrices(ctx, m, cmd.OrderID, role, facts, res)
}

// ConfirmOrder records the customer's confirmation of an order.
type ConfirmOrder struct {
	OrderID                 string
	CustomerConfirmationRef string
}

// ConfirmOrder records order.Confirmed once the contract's required
// deposit is in (O6) and the lines are at the prices of the contract in
// force (K6-order).
func (h *Orders) ConfirmOrder(ctx context.Context, m Meta, cmd ConfirmOrder) (Result, error) {
	role, err := authorize(m, "ConfirmOrder", domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	return h.onPricedOrder(ctx, m, cmd.OrderID, role, func(o order.Order, facts order.ContractFacts) ([]domain.Event, error) {
		return o.Confirm(cmd.CustomerConfirmationRef, facts, m.Actor.EmployeeID, h.now())
	})
}

// ChangeOrder asks to change an order's lines before dispatch: at once
// for a draft, with a department head's approval once confirmed (O7).
type ChangeOrder struct {
	OrderID  string
	ChangeID string
	Lines    []order.Line
	Reason   string
}

// ChangeOrder records order.Changed (draft) or order.ChangeRequested. A
// draft changed to an unauthorised price also records
// order.UnauthorisedQuotationDetected; a confirmed order's change to one is
// refused (K6-order).
func (h *Orders) ChangeOrder(ctx context.Context, m Meta, cmd ChangeOrder) (Result, error) {
	role, err := authorize(m, "ChangeOrder", domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	req := order.ChangeRequest{ChangeID: cmd.ChangeID, Lines: cmd.Lines, Reason: cmd.Reason, RequestedBy: m.Actor.EmployeeID}
	return h.onPricedOrder(ctx, m, cmd.OrderID, role, func(o order.Order, facts order.ContractFacts) ([]domain.Event, error) {
		return o.RequestChange(req, facts, h.now())
	})
}

// ApproveOrderChange approves a pending change of a confirmed order (O7).
type ApproveOrderChange struct {
	OrderID  string
	ChangeID string
}

// ApproveOrderChange records order.ChangeApproved and order.Changed,
// unless the prices of the contract in force no longer authorise the
// change (K6-order).
func (h *Orders) ApproveOrderChange(ctx context.Context, m Meta, cmd ApproveOrderChange) (Result, error) {
	role, err := authorize(m, "ApproveOrderChange", domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	return h.onPricedOrder(ctx, m, cmd.OrderID, role, func(o order.Order, facts order.ContractFacts) ([]domain.Event, error) {
		if err := h.headsOrderUnit(ctx, m, role, o); err != nil {
			return nil, err
		}
		return o.ApproveChange(cmd.ChangeID, m.Actor.EmployeeID, role, facts, h.now())
	})
}

// RejectOrderChange refuses a pending change of a confirmed order.
type RejectOrderChange struct {
	OrderID  string
	ChangeID string
	Reason   string
}

// RejectOrderChange records order.ChangeRejected.
func (h *Orders) RejectOrderChange(ctx context.Context, m Meta, cmd RejectOrderChange) (Result, error) {
	role, err := authorize(m, "RejectOrderChange", domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	return h.onOrder(ctx, m, cmd.OrderID, role, func(o order.Order) ([]domain.Event, error) {
		if err := h.headsOrderUnit(ctx, m, role, o); err != nil {
			return nil, err
		}
		return o.RejectChange(cmd.ChangeID, m.Actor.EmployeeID, role, cmd.Reason, h.now())
	})
}

// onOrder runs one decision on an order stream. Orders follow no versioned
// regulation, so no regulation version is recorded.
func (h *Orders) onOrder(ctx context.Context, m Meta, id string, role domain.Role, decide func(order.Order) ([]domain.Event, error)) (Result, error) {
	return h.orders.Update(ctx, m, decision[order.Order]{
		stream: order.Stream(id),
		role:   role,
		decide: decide,
	})
}

// onPricedOrder runs a decision on an existing order that depends on the
// prices of its contract in force (K6-order): it reads the contract's
// facts first, decides with them, and re-checks the prices after the
// append (recheckPrices), which closes the race with an amendment.
func (h *Orders) onPricedOrder(ctx context.Context, m Meta, id string, role domain.Role, decide func(order.Order, order.ContractFacts) ([]domain.Event, error)) (Result, error) {
	facts, err := h.orderContractOf(ctx, id)
	if err != nil {
		return Result{}, err
	}
	res, err := h.onOrder(ctx, m, id, role, func(o order.Order) ([]domain.Event, error) { return decide(o, facts) })
	if err != nil {
		return res, err
	}
	return h.recheckPrices(ctx, m, id, role, facts, res)
}

// orderContractFacts loads what an order decision needs of a contract.
func (h *Orders) orderContractFacts(ctx context.Context, contractID string) (order.ContractFacts, error) {
	facts := order.ContractFacts{ContractID: contractID}
	if contractID == "" {
		return facts, nil // the decision reports the missing reference
	}
	ct, ok, err := h.contracts.Load(ctx, contract.Stream(contractID))
	if err != nil || !ok || !ct.Exists() {
		return facts, err
	}
	facts.CustomerID, facts.Found = ct.CustomerID, true
	facts.Signed, facts.DepositSatisfied, facts.Value = ct.IsSigned(), ct.DepositSatisfied(), ct.Value
	facts.Prices, err = h.orderPrices(ctx, ct)
	return facts, err
}

// orderContractOf loads the contract facts of an existing order. The
// contract an order references never changes, so reading it before the
// decision's own load is safe.
func (h *Orders) orderContractOf(ctx context.Context, orderID string) (order.ContractFacts, error) {
	o, ok, err := h.orders.Load(ctx, order.Stream(orderID))
	if err != nil {
		return order.ContractFacts{}, err
	}
	if !ok {
		return order.ContractFacts{}, order.ErrNotFound
	}
	return h.orderContractFacts(ctx, o.ContractID)
}

// orderCustomerExists reports whether the customer has a file (O8).
func (h *Orders) orderCustomerExists(ctx context.Context, customerID string) (bool, error) {
	if customerID == "" {
		return false, nil
	}
	c, ok, err := h.customers.Load(ctx, customer.Stream(customerID))
	return ok && c.Exists(), err
}
