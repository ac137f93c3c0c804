package order_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
)

func TestOrder_RecordPayment(t *testing.T) {
	rest := order.PaymentReceived{OrderID: "o-1", PaymentRef: "PAY-2", Amount: domain.Yuan(1000), RecordedBy: "fin-1", ReceivedAt: t0, Claimed: true}
	tests := []struct {
		name      string
		given     []domain.Event
		claim     order.PaymentRefClaim
		ref       string
		amount    domain.Money
		want      []domain.Event
		wantErr   error
		wantField string
	}{
		{name: "a part payment is recorded", given: confirmedH, ref: "PAY-1", amount: domain.Yuan(200), want: []domain.Event{paidPart}},
		{name: "paying a delivered order in full settles it", given: then(deliveredH, paidPart), ref: "PAY-2", amount: domain.Yuan(1000), want: []domain.Event{rest, settled}},
		{name: "paying an undelivered order in full does not settle it", given: then(inTransit, paidPart), ref: "PAY-2", amount: domain.Yuan(1000), want: []domain.Event{rest}},
		{name: "a delivered project settles only after acceptance", given: project(then(deliveredH, paidPart)), ref: "PAY-2", amount: domain.Yuan(1000), want: []domain.Event{rest}},
		{name: "an accepted project settles when paid in full", given: project(then(deliveredH, accepted, paidPart)), ref: "PAY-2", amount: domain.Yuan(1000), want: []domain.Event{rest, settled}},
		{name: "one fen more than outstanding is refused", given: then(deliveredH, paidPart), ref: "PAY-2", amount: domain.Fen(100001), wantErr: order.ErrOverpaid},
		{name: "a reference whose claim is taken records nothing", given: then(confirmedH, paidPart), claim: taken("PAY-1"), ref: "PAY-1", amount: domain.Yuan(200)},
		{name: "a reference recorded before claims records nothing", given: then(confirmedH, unclaimed), ref: "PAY-0", amount: domain.Yuan(200)},
		{name: "a taken claim records nothing even on a settled order", given: settledH, claim: taken("PAY-9"), ref: "PAY-9", amount: domain.Yuan(1)},
		{name: "a claim released by a failed payment takes the payment", given: confirmedH, claim: released("PAY-1"), ref: "PAY-1", amount: domain.Yuan(200), want: []domain.Event{paidPart}},
		{name: "a payment needs a reference", given: confirmedH, amount: domain.Yuan(1), wantErr: domain.ErrInvalid, wantField: "payment_ref"},
		{name: "a negative amount is invalid", given: confirmedH, ref: "PAY-1", amount: domain.Yuan(-1), wantErr: domain.ErrInvalid, wantField: "amount"},
		{name: "another currency is invalid", given: confirmedH, ref: "PAY-1", amount: domain.Money{Minor: 1, Currency: "USD"}, wantErr: domain.ErrInvalid, wantField: "amount"},
		{name: "a draft takes no payment", given: draft, ref: "PAY-1", amount: domain.Yuan(1), wantErr: order.ErrWrongState},
		{name: "a cancelled order takes no payment", given: cancelledH, ref: "PAY-1", amount: domain.Yuan(1), wantErr: order.ErrWrongState},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.RecordPayment(tt.claim, tt.ref, tt.amount, "fin-1", t0)

			check(t, "RecordPayment", got, err, tt.want, tt.wantErr, tt.wantField)
		})
	}
}

// taken is the claim of ref, recorded with an earlier payment.
func taken(ref string) order.PaymentRefClaim {
	return order.PaymentRefClaim{}.Evolve(order.PaymentRefClaimed{OrderID: "o-1", PaymentRef: ref, ClaimedBy: "fin-1", ClaimedAt: t0})
}

// released is the claim of ref given back after its payment failed.
func released(ref string) order.PaymentRefClaim {
	return taken(ref).Evolve(order.PaymentRefReleased{OrderID: "o-1", PaymentRef: ref, ReleasedAt: t0})
}

func TestOrder_Close(t *testing.T) {
	closed := order.Closed{OrderID: "o-1", ClosedBy: "rep-1", ClosedAt: t0}
	tests := []struct {
		name    string
		given   []domain.Event
		want    []domain.Event
		wantErr error
	}{
		{name: "a settled order is closed", given: settledH, want: []domain.Event{closed}},
		{name: "closing twice records nothing", given: closedH},
		{name: "an unpaid delivered order is not closed", given: deliveredH, wantErr: order.ErrWrongState},
		{name: "an open return keeps the order open", given: then(settledH, returnAsked), wantErr: order.ErrOpenAfterSales},
		{name: "an open repair keeps the order open", given: then(settledH, repairAsked), wantErr: order.ErrOpenAfterSales},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.Close("rep-1", t0)

			check(t, "Close", got, err, tt.want, tt.wantErr, "")
		})
	}
}

func TestOrder_Cancel(t *testing.T) {
	byHead := order.Cancelled{OrderID: "o-1", Reason: "duplicate", CancelledBy: "head-1", CancelledAt: t0}
	tests := []struct {
		name      string
		given     []domain.Event
		by        string
		role      domain.Role
		reason    string
		want      []domain.Event
		wantErr   error
		wantField string
	}{
		{name: "the rep cancels a draft", given: draft, by: "rep-1", role: domain.RoleSalesRep, reason: "duplicate", want: []domain.Event{cancelled}},
		{name: "a department head cancels a scheduled order", given: scheduledH, by: "head-1", role: domain.RoleDeptHead, reason: "duplicate", want: []domain.Event{byHead}},
		{name: "a rep cannot cancel a confirmed order alone", given: confirmedH, by: "rep-1", role: domain.RoleSalesRep, reason: "duplicate", wantErr: order.ErrNeedsDeptHead},
		{name: "an order cannot be cancelled after dispatch", given: inTransit, by: "head-1", role: domain.RoleDeptHead, reason: "duplicate", wantErr: order.ErrCancelAfterDispatch},
		{name: "a delivered order cannot be cancelled", given: deliveredH, by: "head-1", role: domain.RoleDeptHead, reason: "duplicate", wantErr: order.ErrCancelAfterDispatch},
		{name: "a cancellation needs a reason", given: draft, by: "rep-1", role: domain.RoleSalesRep, wantErr: domain.ErrInvalid, wantField: "reason"},
		{name: "cancelling twice records nothing", given: cancelledH, by: "rep-1", role: domain.RoleSalesRep, reason: "duplicate"},
		{name: "an unknown order is not found", by: "rep-1", role: domain.RoleSalesRep, reason: "duplicate", wantErr: order.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.Cancel(tt.reason, tt.by, tt.role, t0)

			check(t, "Cancel", got, err, tt.want, tt.wantErr, tt.wantField)
		})
	}
}
