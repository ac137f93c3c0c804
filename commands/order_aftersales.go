package commands

import (
	"context"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/order"
)

// RequestReturnOrExchange records a customer's return or exchange request.
type RequestReturnOrExchange struct {
	OrderID  string
	ReturnID string
	Kind     order.ReturnKind
	Reason   string
}

// RequestReturnOrExchange records order.ReturnRequested.
func (h *Orders) RequestReturnOrExchange(ctx context.Context, m Meta, cmd RequestReturnOrExchange) (Result, error) {
	role, err := authorize(m, "RequestReturnOrExchange", domain.RoleCustomerService, domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	return h.onOrder(ctx, m, cmd.OrderID, role, func(o order.Order) ([]domain.Event, error) {
		if err := h.repServes(ctx, m, role, o); err != nil {
			return nil, err
		}
		return o.RequestReturn(cmd.ReturnID, cmd.Kind, cmd.Reason, m.Actor.EmployeeID, h.now())
	})
}

// repServes refuses a sales rep who does not serve the order's customer
// (neither its owner nor of its org unit). Customer service acts for every
// customer; an unknown order is left to the decision (not found).
func (h *Orders) repServes(ctx context.Context, m Meta, role domain.Role, o order.Order) error {
	if role != domain.RoleSalesRep || !o.Exists() {
		return nil
	}
	c, _, err := h.customers.Load(ctx, customer.Stream(o.CustomerID))
	if err != nil {
		return err
	}
	return c.ServedBy(m.Actor.EmployeeID, m.Actor.OrgUnitID)
}

// headsOrderUnit refuses a department head who does not head the unit of
// the order's customer (§1.5: the head of the submitter's department
// approves). Other roles act company-wide; an unknown order is left to the
// decision (not found).
func (h *Orders) headsOrderUnit(ctx context.Context, m Meta, role domain.Role, o order.Order) error {
	if role != domain.RoleDeptHead || !o.Exists() {
		return nil
	}
	c, _, err := h.customers.Load(ctx, customer.Stream(o.CustomerID))
	if err != nil {
		return err
	}
	return headsUnit(m, role, c.OrgUnitID)
}

// ApproveReturn is a department head's approval of a return or exchange.
type ApproveReturn struct {
	OrderID  string
	ReturnID string
}

// ApproveReturn records order.ReturnApproved.
func (h *Orders) ApproveReturn(ctx context.Context, m Meta, cmd ApproveReturn) (Result, error) {
	role, err := authorize(m, "ApproveReturn", domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	return h.onOrder(ctx, m, cmd.OrderID, role, func(o order.Order) ([]domain.Event, error) {
		if err := h.headsOrderUnit(ctx, m, role, o); err != nil {
			return nil, err
		}
		return o.ApproveReturn(cmd.ReturnID, m.Actor.EmployeeID, role, h.now())
	})
}

// RecordReturn records that approved goods were returned or exchanged.
type RecordReturn struct {
	OrderID  string
	ReturnID string
}

// RecordReturn records order.GoodsReturned or order.GoodsExchanged.
func (h *Orders) RecordReturn(ctx context.Context, m Meta, cmd RecordReturn) (Result, error) {
	role, err := authorize(m, "RecordReturn", domain.RoleCustomerService, domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	return h.onOrder(ctx, m, cmd.OrderID, role, func(o order.Order) ([]domain.Event, error) {
		if err := h.repServes(ctx, m, role, o); err != nil {
			return nil, err
		}
		return o.RecordReturn(cmd.ReturnID, m.Actor.EmployeeID, h.now())
	})
}

// RequestRepair records a repair request for delivered goods.
type RequestRepair struct {
	OrderID     string
	RepairID    string
	Description string
}

// RequestRepair records order.RepairRequested.
func (h *Orders) RequestRepair(ctx context.Context, m Meta, cmd RequestRepair) (Result, error) {
	role, err := authorize(m, "RequestRepair", domain.RoleCustomerService)
	if err != nil {
		return Result{}, err
	}
	return h.onOrder(ctx, m, cmd.OrderID, role, func(o order.Order) ([]domain.Event, error) {
		return o.RequestRepair(cmd.RepairID, cmd.Description, m.Actor.EmployeeID, h.now())
	})
}

// CompleteRepair closes an open repair.
type CompleteRepair struct {
	OrderID  string
	RepairID string
	Outcome  string
}

// CompleteRepair records order.RepairCompleted.
func (h *Orders) CompleteRepair(ctx context.Context, m Meta, cmd CompleteRepair) (Result, error) {
	role, err := authorize(m, "CompleteRepair", domain.RoleCustomerService)
	if err != nil {
		return Result{}, err
	}
	return h.onOrder(ctx, m, cmd.OrderID, role, func(o order.Order) ([]domain.Event, error) {
		return o.CompleteRepair(cmd.RepairID, cmd.Outcome, m.Actor.EmployeeID, h.now())
	})
}

// AgreeCompensation records liability compensation agreed with the customer.
type AgreeCompensation struct {
	OrderID string
	Amount  domain.Money
	Reason  string
}

// AgreeCompensation records order.CompensationAgreed.
func (h *Orders) AgreeCompensation(ctx context.Context, m Meta, cmd AgreeCompensation) (Result, error) {
	role, err := authorize(m, "AgreeCompensation", domain.RoleDeptHead, domain.RoleGM)
	if err != nil {
		return Result{}, err
	}
	return h.onOrder(ctx, m, cmd.OrderID, role, func(o order.Order) ([]domain.Event, error) {
		if err := h.headsOrderUnit(ctx, m, role, o); err != nil {
			return nil, err
		}
		return o.AgreeCompensation(cmd.Amount, cmd.Reason, m.Actor.EmployeeID, role, h.now())
	})
}

// RecordOrderPayment records a customer payment against an order.
type RecordOrderPayment struct {
	OrderID    string
	PaymentRef string
	Amount     domain.Money
}

// RecordOrderPayment records order.PaymentReceived (and order.Settled when
// it completes the payment of a delivered order) and claims the payment's
// reference on its own stream (order.PaymentRefStream) in the same atomic
// append: the claim, presumed new and appended at "no stream", is what
// finds a repeated reference however many payments came since, so the
// order's state does not keep its references. A repeat conflicts on the
// claim, catches up, finds it taken and records nothing. The claim is read
// once and not cached: it is never decided on again but for a repeat.
func (h *Orders) RecordOrderPayment(ctx context.Context, m Meta, cmd RecordOrderPayment) (Result, error) {
	role, err := authorize(m, "RecordOrderPayment", domain.RoleFinance)
	if err != nil {
		return Result{}, err
	}
	// The reference names the claim's stream: one the store cannot hold
	// (a control character) is refused before any stream is read.
	if err := domain.CheckTexts(domain.Text("payment_ref", cmd.PaymentRef)); err != nil {
		return Result{}, err
	}
	if err := h.orders.log.checkMeta(ctx, m, role); err != nil {
		return Result{}, err
	}
	at := h.now()
	claim := joinOn(h.paymentRefs, order.PaymentRefStream(cmd.OrderID, cmd.PaymentRef))
	claim.fresh, claim.transient = true, true
	file := joinOn(h.orders, order.Stream(cmd.OrderID))
	// The claim first, the order last: on a store without an atomic
	// multi-stream append, a claim left behind refuses a repeat, never
	// records a payment twice (and is released, see RecordUndoable).
	return h.orders.log.decideJointly(ctx, m, joint{
		role: role, subject: "order", parts: []jointPart{claim, file}, primary: file,
		decide: func() error {
			ref := claim.State()
			paid, err := file.State().RecordPayment(ref, cmd.PaymentRef, cmd.Amount, m.Actor.EmployeeID, at)
			if err != nil || len(paid) == 0 {
				return err
			}
			claim.RecordUndoable(ref.Claim(cmd.OrderID, cmd.PaymentRef, m.Actor.EmployeeID, at), ref.Release(cmd.OrderID, cmd.PaymentRef, at)...)
			file.Record(paid...)
			return nil
		},
	})
}

// CloseOrder closes a settled order.
type CloseOrder struct{ OrderID string }

// CloseOrder records order.Closed.
func (h *Orders) CloseOrder(ctx context.Context, m Meta, cmd CloseOrder) (Result, error) {
	role, err := authorize(m, "CloseOrder", domain.RoleSalesRep, domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	return h.onOrder(ctx, m, cmd.OrderID, role, func(o order.Order) ([]domain.Event, error) {
		if err := h.headsOrderUnit(ctx, m, role, o); err != nil {
			return nil, err
		}
		return o.Close(m.Actor.EmployeeID, h.now())
	})
}

// CancelOrder cancels an order before dispatch; once confirmed, only a
// department head may.
type CancelOrder struct {
	OrderID string
	Reason  string
}

// CancelOrder records order.Cancelled and releases what a scheduled
// shipment reserved from the branch's stock. A department head acts as such even
// when also holding the rep role, so the domain sees the stronger role.
func (h *Orders) CancelOrder(ctx context.Context, m Meta, cmd CancelOrder) (Result, error) {
	role, err := authorize(m, "CancelOrder", domain.RoleDeptHead, domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	return h.withStock(ctx, m, cmd.OrderID, role, shippedFrom, func(o order.Order, _ string, mv stockMove) ([]domain.Event, error) {
		if err := h.headsOrderUnit(ctx, m, role, o); err != nil {
			return nil, err
		}
		cancelled, err := o.Cancel(cmd.Reason, m.Actor.EmployeeID, role, h.now())
		if err != nil || len(cancelled) == 0 {
			return cancelled, err
		}
		mv.release(o.ID) // a scheduled shipment's goods go back to the branch (§3.10-shipment)
		return cancelled, nil
	})
}
