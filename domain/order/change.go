package order

import (
	"slices"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// ChangeRequest is a proposed new set of lines for an order.
type ChangeRequest struct {
	ChangeID    string
	Lines       []Line
	Reason      string
	RequestedBy string
}

// RequestChange decides a change of the order's lines (O7).
// A draft changes at once (Changed); a confirmed order
// not yet dispatched records ChangeRequested with before/after and waits
// for a department head. It refuses lines failing O1, a total above the
// contract value (O7: needs a contract amendment), a second pending change,
// and any change after dispatch. Repeating a pending request is a no-op.
// Unit prices are checked against the contract in force (K6-order): a draft
// changed to an unauthorised price records UnauthorisedQuotationDetected
// with the change, as creation does; a confirmed order's change to one is
// refused, since only a contract amendment can make it.
func (o Order) RequestChange(r ChangeRequest, c ContractFacts, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(append(lineTexts(r.Lines), domain.Text("change_id", r.ChangeID), domain.Text("reason", r.Reason))...); err != nil {
		return nil, err
	}
	if o.Change.ID != "" && o.Change.ID == r.ChangeID {
		return nil, nil
	}
	if o.Status == StatusNone || o.dispatched() {
		return nil, o.wrongState("change")
	}
	if strings.TrimSpace(r.ChangeID) == "" {
		return nil, domain.InvalidField("change_id", "required")
	}
	if o.Change.ID != "" {
		return nil, ErrChangePending
	}
	total, err := validateLines(r.Lines)
	if err != nil {
		return nil, err
	}
	if err := withinContract(total, c, ErrChangeNeedsContract); err != nil {
		return nil, err
	}
	if total.Cmp(o.Paid) < 0 {
		return nil, ErrBelowPaid
	}
	after := slices.Clone(r.Lines)
	reason := unauthorisedPrice(after, c.Prices)
	if o.Status == StatusDraft {
		events := []domain.Event{Changed{
			OrderID: o.ID, ChangeID: r.ChangeID, Before: o.Lines, After: after, Total: total, ChangedAt: now,
		}}
		if reason != "" {
			events = append(events, detected(o.ID, o.ContractID, o.CustomerID, r.ChangeID, reason, c.Prices, r.RequestedBy, now))
		}
		return events, nil
	}
	if reason != "" {
		return nil, ErrChangePriceNeedsQuote
	}
	return []domain.Event{ChangeRequested{
		OrderID: o.ID, ChangeID: r.ChangeID, Before: o.Lines, After: after,
		Reason: r.Reason, RequestedBy: r.RequestedBy, RequestedAt: now,
	}}, nil
}

// ApproveChange applies a pending change with the approver's identity
// (O7). It refuses an unknown change, approval by the requester, approval
// once the goods are dispatched, and a change whose unit prices the
// contract in force no longer authorises (K6: an amendment changed the
// price since the request).
func (o Order) ApproveChange(changeID, approverID string, role domain.Role, c ContractFacts, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("change_id", changeID)); err != nil {
		return nil, err
	}
	if err := o.decidablePending(changeID, approverID); err != nil {
		return nil, err
	}
	if unauthorisedPrice(o.Change.After, c.Prices) != "" {
		return nil, ErrChangePriceNeedsQuote
	}
	total, err := validateLines(o.Change.After)
	if err != nil {
		return nil, err
	}
	return []domain.Event{
		ChangeApproved{OrderID: o.ID, ChangeID: changeID, ApproverID: approverID, ApproverRole: role, ApprovedAt: now},
		Changed{OrderID: o.ID, ChangeID: changeID, Before: o.Lines, After: o.Change.After, Total: total, ChangedAt: now},
	}, nil
}

// RejectChange refuses a pending change; a reason is required.
func (o Order) RejectChange(changeID, approverID string, role domain.Role, reason string, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("change_id", changeID), domain.Text("reason", reason)); err != nil {
		return nil, err
	}
	if err := o.decidablePending(changeID, approverID); err != nil {
		return nil, err
	}
	if strings.TrimSpace(reason) == "" {
		return nil, domain.InvalidField("reason", "required when rejecting a change")
	}
	return []domain.Event{ChangeRejected{
		OrderID: o.ID, ChangeID: changeID, ApproverID: approverID, ApproverRole: role, Reason: reason, RejectedAt: now,
	}}, nil
}

func (o Order) decidablePending(changeID, approverID string) error {
	switch {
	case o.Status == StatusNone:
		return ErrNotFound
	case o.Change.ID == "" || o.Change.ID != changeID:
		return ErrNoPendingChange
	case o.dispatched():
		return o.wrongState("change")
	case o.Change.RequestedBy == approverID:
		return ErrSelfApproval
	}
	return nil
}
