package commands

import (
	"context"
	"fmt"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/order"
)

// Reactions are the commands the system issues when an event happens; a
// reaction in messaging hands each the event that caused it.
type Reactions struct {
	customers  *Customers
	contracts  *Contracts
	orders     repository[order.Order] // the contract a late order is under
	orderFlow  *Orders                 // flags a late order (deadlines)
	complaints *Complaints
	employees  *Employees
	sales      SalesActuals // the sales read model, for monthly results (deadlines)
}

// newReactions gives the reactions the handlers whose commands they issue.
func newReactions(h *Handler) *Reactions {
	return &Reactions{customers: h.Customers, contracts: h.Contracts, orders: h.Orders.orders, orderFlow: h.Orders,
		complaints: h.Complaints, employees: h.Employees}
}

// Cause is the stored event a reaction reacts to. The command it issues
// is caused by that event and keyed by it, so a redelivered event has no
// second effect.
type Cause struct {
	EventID       string
	CorrelationID string
}

// meta is the envelope of the command reaction issues. The reason and
// the key keep their "policy" prefix: events already stored carry them,
// and a redelivered event must find its first key to replay.
func (c Cause) meta(reaction string) Meta {
	return Meta{
		Actor:          domain.SystemActor,
		Reason:         "policy " + reaction,
		CorrelationID:  c.CorrelationID,
		CausationID:    c.EventID,
		IdempotencyKey: "policy:" + reaction + ":" + c.EventID,
	}
}

// MarkCustomerCooperatingOnContractSigned moves the customer of a signed
// contract to COOPERATING (C9: signing is "双方正式合作的标志").
func (h *Reactions) MarkCustomerCooperatingOnContractSigned(ctx context.Context, cause Cause, e contract.Signed) (Result, error) {
	return h.customers.MarkCustomerCooperating(ctx, cause.meta("MarkCustomerCooperatingOnContractSigned"),
		MarkCustomerCooperating{CustomerID: e.CustomerID, ContractID: e.ContractID, SignedAt: e.SignedAt})
}

// RaiseDelayIssueOnOrderDelayed logs a DELIVERY_DELAY execution issue on
// the contract of an order whose delivery is late, so the delay is tracked
// until resolved (K9). The issue id and the idempotency key both derive
// from the delay event's id, so a redelivered event replays the first
// result instead of raising a second issue.
// A contract that takes no issues (not signed, or no longer in force)
// answers contract.ErrWrongState, a domain.ErrRejected the caller may
// treat as nothing to do.
func (h *Reactions) RaiseDelayIssueOnOrderDelayed(ctx context.Context, cause Cause, e order.DeliveryDelayed) (Result, error) {
	const reaction = "RaiseDelayIssueOnOrderDelayed"
	m := cause.meta(reaction)
	// Only the system raises an issue on a delay's behalf; people keep
	// using RaiseExecutionIssue under their own roles.
	role, err := authorize(m, reaction, domain.RoleSystem)
	if err != nil {
		return Result{}, err
	}
	contractID, err := h.contractOfOrder(ctx, e.OrderID)
	if err != nil {
		return Result{}, err
	}
	issueID, description := "delay-"+cause.EventID, delayDescription(e)
	return h.contracts.onContract(ctx, m, contractID, role, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.RaiseExecutionIssue(issueID, contract.IssueDeliveryDelay, description, by, m.businessTime(h.contracts.now))
	})
}

// contractOfOrder returns the contract an order was created under; the
// delay event does not carry it, and it never changes.
func (h *Reactions) contractOfOrder(ctx context.Context, orderID string) (string, error) {
	o, ok, err := h.orders.Load(ctx, order.Stream(orderID))
	switch {
	case err != nil:
		return "", err
	case !ok:
		return "", order.ErrNotFound
	}
	return o.ContractID, nil
}

// delayDescription says which order is late against which due time, and
// why when the delay gave a reason.
func delayDescription(e order.DeliveryDelayed) string {
	d := fmt.Sprintf("order %s: delivery due %s is late", e.OrderID, e.DueAt.Format(time.RFC3339))
	if e.Reason != "" {
		d += ": " + e.Reason
	}
	return d
}
