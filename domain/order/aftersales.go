package order

import (
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// ReturnKind tells a return (goods taken back) from an exchange.
type ReturnKind string

// The return kinds.
const (
	KindReturn   ReturnKind = "RETURN"
	KindExchange ReturnKind = "EXCHANGE"
)

// afterDelivery reports whether after-sales service applies: the goods
// were delivered and the order is not closed.
func (o Order) afterDelivery() bool {
	switch o.Status {
	case StatusDelivered, StatusAccepted, StatusSettled:
		return true
	}
	return false
}

// RequestReturn records a customer's request to return or exchange
// delivered goods. It refuses undelivered or closed orders and a second
// open return; repeating the open request is a no-op.
func (o Order) RequestReturn(returnID string, kind ReturnKind, reason, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("return_id", returnID), domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	if o.Return.ID != "" && o.Return.ID == returnID {
		return nil, nil
	}
	if !o.afterDelivery() {
		return nil, o.wrongState("return goods of")
	}
	switch {
	case strings.TrimSpace(returnID) == "":
		return nil, domain.InvalidField("return_id", "required")
	case kind != KindReturn && kind != KindExchange:
		return nil, domain.InvalidField("kind", "must be RETURN or EXCHANGE")
	case strings.TrimSpace(reason) == "":
		return nil, domain.InvalidField("reason", "required")
	case o.Return.ID != "":
		return nil, ErrReturnPending
	}
	return []domain.Event{ReturnRequested{
		OrderID: o.ID, ReturnID: returnID, Kind: kind, Reason: reason, RequestedBy: by, RequestedAt: now,
	}}, nil
}

// ApproveReturn records a department head's approval of the open return.
// It refuses an unknown return and approval by the requester; approving
// twice is a no-op.
func (o Order) ApproveReturn(returnID, approverID string, role domain.Role, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("return_id", returnID)); err != nil {
		return nil, err
	}
	switch {
	case !o.Exists():
		return nil, ErrNotFound
	case o.Return.ID == "" || o.Return.ID != returnID:
		return nil, ErrNoOpenReturn
	case o.Return.Approved:
		return nil, nil
	case o.Return.RequestedBy == approverID:
		return nil, ErrSelfApproval
	}
	return []domain.Event{ReturnApproved{
		OrderID: o.ID, ReturnID: returnID, ApproverID: approverID, ApproverRole: role, ApprovedAt: now,
	}}, nil
}

// RecordReturn records that approved returned goods were taken back or
// exchanged, by the kind requested. It refuses an unapproved return.
func (o Order) RecordReturn(returnID, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("return_id", returnID)); err != nil {
		return nil, err
	}
	switch {
	case !o.Exists():
		return nil, ErrNotFound
	case o.Return.ID == "" || o.Return.ID != returnID:
		return nil, ErrNoOpenReturn
	case !o.Return.Approved:
		return nil, ErrReturnNotApproved
	}
	if o.Return.Kind == KindExchange {
		return []domain.Event{GoodsExchanged{OrderID: o.ID, ReturnID: returnID, RecordedBy: by, ExchangedAt: now}}, nil
	}
	return []domain.Event{GoodsReturned{OrderID: o.ID, ReturnID: returnID, RecordedBy: by, ReturnedAt: now}}, nil
}

// RequestRepair records a repair request for delivered goods. One repair
// is open at a time; repeating the open request is a no-op.
func (o Order) RequestRepair(repairID, description, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("repair_id", repairID), domain.Text("description", description)); err != nil {
		return nil, err
	}
	if o.RepairID != "" && o.RepairID == repairID {
		return nil, nil
	}
	if !o.afterDelivery() {
		return nil, o.wrongState("repair goods of")
	}
	switch {
	case strings.TrimSpace(repairID) == "":
		return nil, domain.InvalidField("repair_id", "required")
	case strings.TrimSpace(description) == "":
		return nil, domain.InvalidField("description", "required")
	case o.RepairID != "":
		return nil, domain.Conflict("another repair is still open")
	}
	return []domain.Event{RepairRequested{
		OrderID: o.ID, RepairID: repairID, Description: description, RequestedBy: by, RequestedAt: now,
	}}, nil
}

// CompleteRepair closes the open repair. It refuses an unknown repair.
func (o Order) CompleteRepair(repairID, outcome, by string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("repair_id", repairID), domain.Text("outcome", outcome)); err != nil {
		return nil, err
	}
	if !o.Exists() {
		return nil, ErrNotFound
	}
	if o.RepairID == "" || o.RepairID != repairID {
		return nil, ErrNoOpenRepair
	}
	return []domain.Event{RepairCompleted{
		OrderID: o.ID, RepairID: repairID, Outcome: outcome, CompletedBy: by, CompletedAt: now,
	}}, nil
}

// AgreeCompensation records liability compensation agreed with the
// customer. It refuses drafts and closed orders, a non-positive amount, an
// amount in another currency and a missing reason. Compensation does not
// change what the customer owes; paying it is finance's business.
func (o Order) AgreeCompensation(amount domain.Money, reason, by string, role domain.Role, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	if o.Status == StatusNone || o.Status == StatusDraft || o.Status == StatusClosed {
		return nil, o.wrongState("agree compensation on")
	}
	if !amount.IsPositive() {
		return nil, domain.InvalidField("amount", "must be positive")
	}
	if _, err := o.Total.Add(amount); err != nil {
		return nil, domain.InvalidField("amount", "must be in the order's currency")
	}
	if strings.TrimSpace(reason) == "" {
		return nil, domain.InvalidField("reason", "required")
	}
	return []domain.Event{CompensationAgreed{
		OrderID: o.ID, Amount: amount, Reason: reason, AgreedBy: by, AgreedAs: role, AgreedAt: now,
	}}, nil
}
