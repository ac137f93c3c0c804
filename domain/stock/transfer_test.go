package stock_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/stock"
)

var (
	transferAsked = stock.TransferRequested{TransferID: "tr-1", FromBranchID: "br-west", ToBranchID: "br-east", Product: widget,
		Quantity: 4, RequestedBy: "wh-east", RequestedAt: t0}
	transferApproved = stock.TransferApproved{TransferID: "tr-1", ApprovedBy: "wh-west", ApprovedAt: t0}
	transferShipped  = stock.TransferShippedOut{TransferID: "tr-1", ShippedBy: "wh-west", ShippedAt: t0}
)

func TestTransfer_Request(t *testing.T) {
	req := stock.TransferRequest{TransferID: "tr-1", FromBranch: "br-west", ToBranch: "br-east", Product: widget, Quantity: 4}
	same, zero := req, req
	same.FromBranch, zero.Quantity = "br-east", 0
	cases := []struct {
		decideCase
		r stock.TransferRequest
	}{
		{decideCase{name: "the receiving branch asks the sending one", want: []domain.Event{transferAsked}}, req},
		{decideCase{name: "a branch does not transfer to itself", wantErr: domain.ErrInvalid}, same},
		{decideCase{name: "a zero quantity is invalid", wantErr: domain.ErrInvalid}, zero},
		{decideCase{name: "a transfer is requested once", given: []domain.Event{transferAsked}, wantErr: stock.ErrTransferExists}, req},
	}
	for _, tc := range cases {
		check(t, stock.Transfer.Evolve, []decideCase{tc.decideCase}, func(tr stock.Transfer) ([]domain.Event, error) {
			return tr.Request(tc.r, "wh-east", t0)
		})
	}
}

func TestTransfer_Approve(t *testing.T) {
	check(t, stock.Transfer.Evolve, []decideCase{
		{name: "the sending branch approves (§3.10-transfer)", given: []domain.Event{transferAsked}, want: []domain.Event{transferApproved}},
		{name: "approving again records nothing", given: []domain.Event{transferAsked, transferApproved}},
		{name: "a shipped transfer is not approved again", given: []domain.Event{transferAsked, transferApproved, transferShipped}, wantErr: stock.ErrTransferNotOpen},
		{name: "an unknown transfer", wantErr: stock.ErrTransferNotFound},
	}, func(tr stock.Transfer) ([]domain.Event, error) { return tr.Approve("wh-west", t0) })
	check(t, stock.Transfer.Evolve, []decideCase{
		{name: "the requester does not approve their own transfer (§3.10-transfer)", given: []domain.Event{transferAsked}, wantErr: stock.ErrOwnTransfer},
	}, func(tr stock.Transfer) ([]domain.Event, error) { return tr.Approve("wh-east", t0) })
}

func TestTransfer_Decline(t *testing.T) {
	check(t, stock.Transfer.Evolve, []decideCase{
		{name: "the sending branch declines with a reason", given: []domain.Event{transferAsked},
			want: []domain.Event{stock.TransferDeclined{TransferID: "tr-1", Reason: "none to spare", DeclinedBy: "wh-west", DeclinedAt: t0}}},
		{name: "an approved transfer is not declined", given: []domain.Event{transferAsked, transferApproved}, wantErr: stock.ErrTransferNotOpen},
	}, func(tr stock.Transfer) ([]domain.Event, error) { return tr.Decline("none to spare", "wh-west", t0) })
	check(t, stock.Transfer.Evolve, []decideCase{
		{name: "declining needs a reason", given: []domain.Event{transferAsked}, wantErr: domain.ErrInvalid},
	}, func(tr stock.Transfer) ([]domain.Event, error) { return tr.Decline("", "wh-west", t0) })
}

func TestTransfer_ShipOut(t *testing.T) {
	check(t, stock.Transfer.Evolve, []decideCase{
		{name: "an approved transfer ships out", given: []domain.Event{transferAsked, transferApproved}, want: []domain.Event{transferShipped}},
		{name: "a transfer not approved does not ship (§3.10-transfer)", given: []domain.Event{transferAsked}, wantErr: stock.ErrTransferNotApproved},
		{name: "a declined transfer does not ship", given: []domain.Event{transferAsked, stock.TransferDeclined{TransferID: "tr-1"}}, wantErr: stock.ErrTransferNotApproved},
	}, func(tr stock.Transfer) ([]domain.Event, error) { return tr.ShipOut("wh-west", t0) })
}

func TestTransfer_Receive(t *testing.T) {
	check(t, stock.Transfer.Evolve, []decideCase{
		{name: "a shipped transfer is received", given: []domain.Event{transferAsked, transferApproved, transferShipped},
			want: []domain.Event{stock.TransferCompleted{TransferID: "tr-1", ReceivedBy: "wh-east", ReceivedAt: t0}}},
		{name: "a transfer not shipped is not received (§3.10-transfer)", given: []domain.Event{transferAsked, transferApproved}, wantErr: stock.ErrTransferNotShipped},
		{name: "a received transfer is not received twice", given: []domain.Event{transferAsked, transferApproved, transferShipped, stock.TransferCompleted{TransferID: "tr-1"}},
			wantErr: stock.ErrTransferNotShipped},
	}, func(tr stock.Transfer) ([]domain.Event, error) { return tr.Receive("wh-east", t0) })
}
