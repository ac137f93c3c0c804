package commands

import (
	"context"
	"fmt"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/order"
)

// Cause is the stored event a policy reacts to. The command it issues is
// caused by that event and keyed by it, so a redelivered event has no
// second effect.
type Cause struct {
	EventID       string
	CorrelationID string
}

func (c Cause) meta(policy string) Meta {
	return Meta{
		Actor:          domain.SystemActor,
		Reason:         "policy " + policy,
		CorrelationID:  c.CorrelationID,
		CausationID:    c.EventID,
		IdempotencyKey: "policy:" + policy + ":" + c.EventID,
	}
}

// MarkCustomerCooperatingOnContractSigned moves the customer of a signed
// contract to COOPERATING (C9: signing is "双方正式合作的标志").
func (h *Handler) MarkCustomerCooperatingOnContractSigned(ctx context.Context, cause Cause, e contract.Signed) (Result, error) {
	return h.MarkCustomerCooperating(ctx, cause.meta("MarkCustomerCooperatingOnContractSigned"),
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
func (h *Handler) RaiseDelayIssueOnOrderDelayed(ctx context.Context, cause Cause, e order.DeliveryDelayed) (Result, error) {
	const policy = "RaiseDelayIssueOnOrderDelayed"
	m := cause.meta(policy)
	// Only the system raises an issue on a delay's behalf; people keep
	// using RaiseExecutionIssue under their own roles.
	role, err := authorize(m, policy, domain.RoleSystem)
	if err != nil {
		return Result{}, err
	}
	contractID, err := h.contractOfOrder(ctx, e.OrderID)
	if err != nil {
		return Result{}, err
	}
	issueID, description := "delay-"+cause.EventID, delayDescription(e)
	return h.onContract(ctx, m, contractID, role, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.RaiseExecutionIssue(issueID, contract.IssueDeliveryDelay, description, by, contractTime(h, m))
	})
}

// contractOfOrder returns the contract an order was created under; the
// delay event does not carry it, and it never changes.
func (h *Handler) contractOfOrder(ctx context.Context, orderID string) (string, error) {
	o, ok, err := load(ctx, h, order.Stream(orderID), order.Order.Evolve)
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
