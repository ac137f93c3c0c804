package order_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
)

var (
	moreValves = func() order.Line { l := valve; l.Quantity = 20; return l }()
	changeAsk  = order.ChangeRequest{ChangeID: "ch-1", Lines: []order.Line{moreValves}, Reason: "customer needs more", RequestedBy: "rep-1"}
	changeReq  = order.ChangeRequested{
		OrderID: "o-1", ChangeID: "ch-1", Before: []order.Line{valve}, After: []order.Line{moreValves},
		Reason: "customer needs more", RequestedBy: "rep-1", RequestedAt: t0,
	}
	changedTo20 = order.Changed{
		OrderID: "o-1", ChangeID: "ch-1", Before: []order.Line{valve}, After: []order.Line{moreValves},
		Total: domain.Yuan(2400), ChangedAt: t0,
	}
)

func TestOrder_RequestChange(t *testing.T) {
	small := signedContract
	small.Value = domain.Yuan(2399)
	tooFew := order.ChangeRequest{ChangeID: "ch-1", Lines: []order.Line{{
		ProductName: "Gate valve", ModelSpec: "DN50 PN16", Quantity: 1, UnitPrice: domain.Yuan(120),
		DeliveryTime: due, DeliveryAddress: "x",
	}}, RequestedBy: "rep-1"}
	noAddress := changeAsk
	noAddress.Lines = []order.Line{{ProductName: "p", ModelSpec: "m", Quantity: 1, UnitPrice: domain.Yuan(1), DeliveryTime: due}}
	tests := []struct {
		name      string
		given     []domain.Event
		req       order.ChangeRequest
		contract  order.ContractFacts
		want      []domain.Event
		wantErr   error
		wantField string
	}{
		{
			name:  "a draft changes at once with before and after",
			given: draft, req: changeAsk, contract: signedContract,
			want: []domain.Event{changedTo20},
		},
		{
			name:  "O7: a confirmed order records the request with before and after for approval",
			given: confirmedH, req: changeAsk, contract: signedContract,
			want: []domain.Event{changeReq},
		},
		{
			name:  "a scheduled order can still be changed",
			given: scheduledH, req: changeAsk, contract: signedContract,
			want: []domain.Event{changeReq},
		},
		{
			name:  "O7: a change beyond the contract value needs a contract amendment",
			given: confirmedH, req: changeAsk, contract: small,
			wantErr: order.ErrChangeNeedsContract,
		},
		{
			name:  "O1 applies to changed lines",
			given: confirmedH, req: noAddress, contract: signedContract,
			wantErr: domain.ErrInvalid, wantField: "lines[0].delivery_address",
		},
		{
			name:  "a total below what was already paid is refused",
			given: then(confirmedH, paidPart), req: tooFew, contract: signedContract,
			wantErr: order.ErrBelowPaid,
		},
		{
			name:  "repeating the pending request records nothing",
			given: then(confirmedH, changeReq), req: changeAsk, contract: signedContract,
		},
		{
			name:  "a second change waits for the first",
			given: then(confirmedH, changeReq), req: order.ChangeRequest{ChangeID: "ch-2", Lines: []order.Line{valve}},
			contract: signedContract, wantErr: order.ErrChangePending,
		},
		{
			name:  "a dispatched order cannot be changed",
			given: inTransit, req: changeAsk, contract: signedContract,
			wantErr: order.ErrWrongState,
		},
		{
			name: "an unknown order is not found",
			req:  changeAsk, contract: signedContract,
			wantErr: order.ErrNotFound,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.RequestChange(tt.req, tt.contract, t0)

			check(t, "RequestChange", got, err, tt.want, tt.wantErr, tt.wantField)
		})
	}
}

func TestOrder_ApproveChange(t *testing.T) {
	approved := order.ChangeApproved{OrderID: "o-1", ChangeID: "ch-1", ApproverID: "head-1", ApproverRole: domain.RoleDeptHead, ApprovedAt: t0}
	tests := []struct {
		name     string
		given    []domain.Event
		changeID string
		approver string
		want     []domain.Event
		wantErr  error
	}{
		{
			name:  "O7: a department head's approval applies the change with before and after",
			given: then(confirmedH, changeReq), changeID: "ch-1", approver: "head-1",
			want: []domain.Event{approved, changedTo20},
		},
		{
			name:  "the requester cannot approve their own change",
			given: then(confirmedH, changeReq), changeID: "ch-1", approver: "rep-1",
			wantErr: order.ErrSelfApproval,
		},
		{
			name:  "an unknown change is not found",
			given: then(confirmedH, changeReq), changeID: "ch-9", approver: "head-1",
			wantErr: order.ErrNoPendingChange,
		},
		{
			name:  "a change already decided is not pending",
			given: then(confirmedH, changeReq, approved, changedTo20), changeID: "ch-1", approver: "head-1",
			wantErr: order.ErrNoPendingChange,
		},
		{
			name:  "a change cannot be approved after dispatch",
			given: then(scheduledH, changeReq, dispatched), changeID: "ch-1", approver: "head-1",
			wantErr: order.ErrWrongState,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.ApproveChange(tt.changeID, tt.approver, domain.RoleDeptHead, signedContract, t0)

			check(t, "ApproveChange", got, err, tt.want, tt.wantErr, "")
		})
	}
}

func TestOrder_RejectChange(t *testing.T) {
	tests := []struct {
		name      string
		given     []domain.Event
		reason    string
		approver  string
		want      []domain.Event
		wantErr   error
		wantField string
	}{
		{
			name:  "a department head rejects a change with a reason",
			given: then(confirmedH, changeReq), reason: "price not agreed", approver: "head-1",
			want: []domain.Event{order.ChangeRejected{
				OrderID: "o-1", ChangeID: "ch-1", ApproverID: "head-1", ApproverRole: domain.RoleDeptHead,
				Reason: "price not agreed", RejectedAt: t0,
			}},
		},
		{
			name:  "a rejection needs a reason",
			given: then(confirmedH, changeReq), approver: "head-1",
			wantErr: domain.ErrInvalid, wantField: "reason",
		},
		{
			name:  "the requester cannot reject their own change",
			given: then(confirmedH, changeReq), reason: "oops", approver: "rep-1",
			wantErr: order.ErrSelfApproval,
		},
		{
			name:  "no pending change is not found",
			given: confirmedH, reason: "no", approver: "head-1",
			wantErr: order.ErrNoPendingChange,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := given(tt.given)

			got, err := o.RejectChange("ch-1", tt.approver, domain.RoleDeptHead, tt.reason, t0)

			check(t, "RejectChange", got, err, tt.want, tt.wantErr, tt.wantField)
		})
	}
}
