package stock

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// TransferStatus is where a transfer stands. The zero value means "not
// requested".
type TransferStatus string

// The transfer states (§3.10-transfer).
const (
	StatusNone      TransferStatus = ""
	StatusRequested TransferStatus = "REQUESTED"
	StatusApproved  TransferStatus = "APPROVED"
	StatusDeclined  TransferStatus = "DECLINED"
	StatusInTransit TransferStatus = "IN_TRANSIT"
	StatusReceived  TransferStatus = "RECEIVED"
)

// Transfer is goods moving from one branch to another (调货), rebuilt from
// its stream: the receiving branch asks, the sending branch approves and
// ships out of its book, the receiving branch books the goods in.
type Transfer struct {
	ID          string         `json:"id"`
	Status      TransferStatus `json:"status"`
	FromBranch  string         `json:"from_branch_id"`
	ToBranch    string         `json:"to_branch_id"`
	Product     Product        `json:"product"`
	Quantity    int64          `json:"quantity"`
	RequestedBy string         `json:"requested_by"`
}

// TransferStream returns the stream of a transfer.
func TransferStream(id string) string { return "stocktransfer-" + id }

// Evolve returns the state after e.
func (t Transfer) Evolve(e domain.Event) Transfer {
	switch e := e.(type) {
	case TransferRequested:
		t = Transfer{ID: e.TransferID, Status: StatusRequested, FromBranch: e.FromBranchID, ToBranch: e.ToBranchID,
			Product: e.Product, Quantity: e.Quantity, RequestedBy: e.RequestedBy}
	case TransferApproved:
		t.Status = StatusApproved
	case TransferDeclined:
		t.Status = StatusDeclined
	case TransferShippedOut:
		t.Status = StatusInTransit
	case TransferCompleted:
		t.Status = StatusReceived
	}
	return t
}

// TransferRequest is what the receiving branch asks for.
type TransferRequest struct {
	TransferID string
	FromBranch string
	ToBranch   string
	Product    Product
	Quantity   int64
	Reason     string
}

// Request records the receiving branch's request.
func (t Transfer) Request(r TransferRequest, by string, at time.Time) ([]domain.Event, error) {
	if t.Status != StatusNone {
		return nil, ErrTransferExists
	}
	if err := validBranch("from_branch_id", r.FromBranch); err != nil {
		return nil, err
	}
	if err := validBranch("to_branch_id", r.ToBranch); err != nil {
		return nil, err
	}
	if r.FromBranch == r.ToBranch {
		return nil, ErrSameBranch
	}
	if err := r.Product.validate(""); err != nil {
		return nil, err
	}
	if err := positive("quantity", r.Quantity); err != nil {
		return nil, err
	}
	if err := domain.CheckTexts(domain.Text("reason", r.Reason)); err != nil {
		return nil, err
	}
	return []domain.Event{TransferRequested{TransferID: r.TransferID, FromBranchID: r.FromBranch, ToBranchID: r.ToBranch,
		Product: r.Product, Quantity: r.Quantity, Reason: r.Reason, RequestedBy: by, RequestedAt: at}}, nil
}

func (t Transfer) exists() error {
	if t.Status == StatusNone {
		return ErrTransferNotFound
	}
	return nil
}

// Approve records the sending branch's acceptance; the requester may not
// approve their own request. Approving again is a no-op.
func (t Transfer) Approve(by string, at time.Time) ([]domain.Event, error) {
	if err := t.exists(); err != nil {
		return nil, err
	}
	switch {
	case t.Status == StatusApproved:
		return nil, nil
	case t.Status != StatusRequested:
		return nil, ErrTransferNotOpen
	case by == t.RequestedBy:
		return nil, ErrOwnTransfer
	}
	return []domain.Event{TransferApproved{TransferID: t.ID, ApprovedBy: by, ApprovedAt: at}}, nil
}

// Decline records the sending branch's refusal, with a reason.
func (t Transfer) Decline(reason, by string, at time.Time) ([]domain.Event, error) {
	if err := t.exists(); err != nil {
		return nil, err
	}
	if t.Status != StatusRequested {
		return nil, ErrTransferNotOpen
	}
	if reason == "" {
		return nil, domain.InvalidField("reason", "required")
	}
	if err := domain.CheckTexts(domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	return []domain.Event{TransferDeclined{TransferID: t.ID, Reason: reason, DeclinedBy: by, DeclinedAt: at}}, nil
}

// ShipOut records that an approved transfer left the sending branch; the
// command books it out of the sender's stock in the same append.
func (t Transfer) ShipOut(by string, at time.Time) ([]domain.Event, error) {
	if err := t.exists(); err != nil {
		return nil, err
	}
	if t.Status != StatusApproved {
		return nil, ErrTransferNotApproved
	}
	return []domain.Event{TransferShippedOut{TransferID: t.ID, ShippedBy: by, ShippedAt: at}}, nil
}

// Receive records that the goods arrived at the receiving branch; the
// command books them into its stock in the same append.
func (t Transfer) Receive(by string, at time.Time) ([]domain.Event, error) {
	if err := t.exists(); err != nil {
		return nil, err
	}
	if t.Status != StatusInTransit {
		return nil, ErrTransferNotShipped
	}
	return []domain.Event{TransferCompleted{TransferID: t.ID, ReceivedBy: by, ReceivedAt: at}}, nil
}
