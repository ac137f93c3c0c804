package order_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
)

var (
	returnApproved = order.ReturnApproved{OrderID: "o-1", ReturnID: "r-1", ApproverID: "head-1", ApproverRole: domain.RoleDeptHead, ApprovedAt: t0}
	exchangeAsked  = order.ReturnRequested{OrderID: "o-1", ReturnID: "r-1", Kind: order.KindExchange, Reason: "damaged", RequestedBy: "cs-1", RequestedAt: t0}
)

func TestOrder_RequestReturn(t *testing.T) {
	tests := []struct {
		name      string
		given     []domain.Event
		id        string
		kind      order.ReturnKind
		want      []domain.Event
		wantErr   error
		wantField string
	}{
		{name: "a delivered order's goods may be returned", given: deliveredH, id: "r-1", kind: order.KindReturn, want: []domain.Event{returnAsked}},
		{name: "a settled order's goods may be exchanged", given: settledH, id: "r-1", kind: order.KindExchange, want: []domain.Event{exchangeAsked}},
		{name: "undelivered goods cannot be returned", given: inTransit, id: "r-1", kind: order.KindReturn, wantErr: order.ErrWrongState},
		{name: "a closed order takes no returns", given: closedH, id: "r-1", kind: order.KindReturn, wantErr: order.ErrWrongState},
		{name: "an unknown kind is invalid", given: deliveredH, id: "r-1", kind: "REFUND", wantErr: domain.ErrInvalid, wantField: "kind"},
		{name: "repeating the open request records nothing", given: then(deliveredH, returnAsked), id: "r-1", kind: order.KindReturn},
		{name: "a second return waits for the first", given: then(deliveredH, returnAsked), id: "r-2", kind: order.KindReturn, wantErr: order.ErrReturnPending},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.RequestReturn(tt.id, tt.kind, "damaged", "cs-1", t0)

			check(t, "RequestReturn", got, err, tt.want, tt.wantErr, tt.wantField)
		})
	}
}

func TestOrder_ApproveReturn(t *testing.T) {
	tests := []struct {
		name     string
		given    []domain.Event
		approver string
		want     []domain.Event
		wantErr  error
	}{
		{name: "a department head approves the return", given: then(deliveredH, returnAsked), approver: "head-1", want: []domain.Event{returnApproved}},
		{name: "the requester cannot approve the return", given: then(deliveredH, returnAsked), approver: "cs-1", wantErr: order.ErrSelfApproval},
		{name: "approving twice records nothing", given: then(deliveredH, returnAsked, returnApproved), approver: "head-1"},
		{name: "no open return is not found", given: deliveredH, approver: "head-1", wantErr: order.ErrNoOpenReturn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.ApproveReturn("r-1", tt.approver, domain.RoleDeptHead, t0)

			check(t, "ApproveReturn", got, err, tt.want, tt.wantErr, "")
		})
	}
}

func TestOrder_RecordReturn(t *testing.T) {
	tests := []struct {
		name    string
		given   []domain.Event
		want    []domain.Event
		wantErr error
	}{
		{
			name: "approved returned goods are recorded as returned", given: then(deliveredH, returnAsked, returnApproved),
			want: []domain.Event{order.GoodsReturned{OrderID: "o-1", ReturnID: "r-1", RecordedBy: "wh-1", ReturnedAt: t0}},
		},
		{
			name: "approved exchanged goods are recorded as exchanged", given: then(deliveredH, exchangeAsked, returnApproved),
			want: []domain.Event{order.GoodsExchanged{OrderID: "o-1", ReturnID: "r-1", RecordedBy: "wh-1", ExchangedAt: t0}},
		},
		{name: "an unapproved return is not recorded", given: then(deliveredH, returnAsked), wantErr: order.ErrReturnNotApproved},
		{name: "no open return is not found", given: deliveredH, wantErr: order.ErrNoOpenReturn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.RecordReturn("r-1", "wh-1", t0)

			check(t, "RecordReturn", got, err, tt.want, tt.wantErr, "")
		})
	}
}

func TestOrder_RequestRepair(t *testing.T) {
	tests := []struct {
		name      string
		given     []domain.Event
		id        string
		desc      string
		want      []domain.Event
		wantErr   error
		wantField string
	}{
		{name: "delivered goods may be repaired", given: deliveredH, id: "rp-1", desc: "seal leaks", want: []domain.Event{repairAsked}},
		{name: "a repair needs a description", given: deliveredH, id: "rp-1", wantErr: domain.ErrInvalid, wantField: "description"},
		{name: "undelivered goods are not repaired", given: confirmedH, id: "rp-1", desc: "x", wantErr: order.ErrWrongState},
		{name: "repeating the open request records nothing", given: then(deliveredH, repairAsked), id: "rp-1", desc: "seal leaks"},
		{name: "a second repair waits for the first", given: then(deliveredH, repairAsked), id: "rp-2", desc: "x", wantErr: domain.ErrConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.RequestRepair(tt.id, tt.desc, "cs-1", t0)

			check(t, "RequestRepair", got, err, tt.want, tt.wantErr, tt.wantField)
		})
	}
}

func TestOrder_CompleteRepair(t *testing.T) {
	tests := []struct {
		name    string
		given   []domain.Event
		want    []domain.Event
		wantErr error
	}{
		{
			name: "an open repair is completed", given: then(deliveredH, repairAsked),
			want: []domain.Event{order.RepairCompleted{OrderID: "o-1", RepairID: "rp-1", Outcome: "seal replaced", CompletedBy: "cs-1", CompletedAt: t0}},
		},
		{name: "no open repair is not found", given: deliveredH, wantErr: order.ErrNoOpenRepair},
		{name: "an unknown order is not found", wantErr: order.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.CompleteRepair("rp-1", "seal replaced", "cs-1", t0)

			check(t, "CompleteRepair", got, err, tt.want, tt.wantErr, "")
		})
	}
}

func TestOrder_AgreeCompensation(t *testing.T) {
	tests := []struct {
		name      string
		given     []domain.Event
		amount    domain.Money
		want      []domain.Event
		wantErr   error
		wantField string
	}{
		{
			name: "compensation is agreed with amount, reason and approver", given: deliveredH, amount: domain.Yuan(50),
			want: []domain.Event{order.CompensationAgreed{
				OrderID: "o-1", Amount: domain.Yuan(50), Reason: "late delivery", AgreedBy: "gm-1", AgreedAs: domain.RoleGM, AgreedAt: t0,
			}},
		},
		{name: "a zero amount is invalid", given: deliveredH, wantErr: domain.ErrInvalid, wantField: "amount"},
		{name: "another currency is invalid", given: deliveredH, amount: domain.Money{Minor: 5, Currency: "USD"}, wantErr: domain.ErrInvalid, wantField: "amount"},
		{name: "a draft has nothing to compensate", given: draft, amount: domain.Yuan(50), wantErr: order.ErrWrongState},
		{name: "a closed order takes no compensation", given: closedH, amount: domain.Yuan(50), wantErr: order.ErrWrongState},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.AgreeCompensation(tt.amount, "late delivery", "gm-1", domain.RoleGM, t0)

			check(t, "AgreeCompensation", got, err, tt.want, tt.wantErr, tt.wantField)
		})
	}
}
