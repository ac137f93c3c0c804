package order

import (
	"slices"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// paidInFull reports whether the payments cover the order total.
func (o Order) paidInFull() bool { return o.Total.IsPositive() && o.Paid.Cmp(o.Total) >= 0 }

// settles reports whether the order settles once paid in full: goods once
// delivered, projects once accepted.
func (o Order) settles() bool {
	if o.Kind == KindProject {
		return o.Status == StatusAccepted
	}
	return o.Status == StatusDelivered
}

// RecordPayment records a customer payment against a confirmed order and,
// when it completes the payment of a delivered (or accepted) order,
// settles it. It refuses drafts, settled, closed and cancelled orders, a
// non-positive amount, another currency and overpayment. A payment
// reference already recorded is a no-op: claim is the reference's claim
// (PaymentRefStream, folded by the caller), which the caller appends with
// the payment (PaymentRefClaim.Claim) in one atomic append, so a taken
// claim is a repeat however long ago the first payment was. References
// recorded before payments claimed theirs are in UnclaimedPaymentRefs.
func (o Order) RecordPayment(claim PaymentRefClaim, paymentRef string, amount domain.Money, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("payment_ref", paymentRef)); err != nil {
		return nil, err
	}
	if paymentRef != "" && (claim.Claimed || slices.Contains(o.UnclaimedPaymentRefs, paymentRef)) {
		return nil, nil
	}
	switch o.Status {
	case StatusNone, StatusDraft, StatusSettled, StatusClosed, StatusCancelled:
		return nil, o.wrongState("record a payment on")
	}
	if strings.TrimSpace(paymentRef) == "" {
		return nil, domain.InvalidField("payment_ref", "required")
	}
	if !amount.IsPositive() {
		return nil, domain.InvalidField("amount", "must be positive")
	}
	paid, err := o.Paid.Add(amount)
	if err != nil {
		return nil, domain.InvalidField("amount", "must be in the order's currency")
	}
	if paid.Cmp(o.Total) > 0 {
		return nil, ErrOverpaid
	}
	events := []domain.Event{PaymentReceived{OrderID: o.ID, PaymentRef: paymentRef, Amount: amount, RecordedBy: by, ReceivedAt: now, Claimed: true}}
	if paid.Equal(o.Total) && o.settles() {
		events = append(events, Settled{OrderID: o.ID, TotalPaid: paid, SettledAt: now})
	}
	return events, nil
}

// Close closes a settled order. It refuses an order not settled and one
// with an open return or repair; closing twice is a no-op.
func (o Order) Close(by string, now time.Time) ([]domain.Event, error) {
	switch o.Status {
	case StatusClosed:
		return nil, nil
	case StatusSettled:
	default:
		return nil, o.wrongState("close")
	}
	if o.Return.ID != "" || o.RepairID != "" {
		return nil, ErrOpenAfterSales
	}
	return []domain.Event{Closed{OrderID: o.ID, ClosedBy: by, ClosedAt: now}}, nil
}

// Cancel cancels an order before dispatch (D). A draft may be cancelled by
// its rep; a confirmed order has the force of a contract, so only a
// department head cancels it (as for changes, O7). It refuses a missing
// reason and any order already dispatched; cancelling twice is a no-op.
func (o Order) Cancel(reason, by string, role domain.Role, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	switch {
	case o.Status == StatusCancelled:
		return nil, nil
	case o.Status == StatusNone:
		return nil, ErrNotFound
	case o.dispatched():
		return nil, ErrCancelAfterDispatch
	case strings.TrimSpace(reason) == "":
		return nil, domain.InvalidField("reason", "required")
	case o.Status != StatusDraft && role != domain.RoleDeptHead:
		return nil, ErrNeedsDeptHead
	}
	return []domain.Event{Cancelled{OrderID: o.ID, Reason: reason, CancelledBy: by, CancelledAt: now}}, nil
}
