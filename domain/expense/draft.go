package expense

import (
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Draft records the claimant's claim: its purpose and itemised list
// (§5.12-itemised). The claimant reworks it while it is a draft, approved
// in advance or returned; drafting the same content again records
// nothing. The claim belongs to the org unit the claimant first drafted
// it in.
func (c Claim) Draft(claimID string, claimant domain.Actor, purpose string, items []Item, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(append(itemTexts(items), domain.Text("claim_id", claimID), domain.Text("purpose", purpose))...); err != nil {
		return nil, err
	}
	if c.Status != StatusNone && c.ClaimantID != claimant.EmployeeID {
		return nil, ErrNotClaimant
	}
	switch c.Status {
	case StatusNone, StatusDraft, StatusPriorApproved, StatusReturned:
	default:
		return nil, ErrNotDraft
	}
	if err := validate(claimID, purpose, items); err != nil {
		return nil, err
	}
	unit := claimant.OrgUnitID
	if c.Status != StatusNone {
		unit = c.OrgUnitID
	}
	if c.Status != StatusNone && c.Status != StatusReturned && c.Purpose == purpose && slices.Equal(c.Items, items) {
		return nil, nil
	}
	return []domain.Event{Drafted{ClaimID: claimID, ClaimantID: claimant.EmployeeID, OrgUnitID: unit,
		Purpose: purpose, Items: items, DraftedAt: now}}, nil
}

func validate(claimID, purpose string, items []Item) error {
	if err := required("claim_id", claimID); err != nil {
		return err
	}
	if err := required("purpose", purpose); err != nil {
		return err
	}
	if len(items) == 0 {
		return ErrNoItems
	}
	for i, it := range items {
		if err := it.validate(domain.Indexed("items", i) + "."); err != nil {
			return err
		}
	}
	_, err := Total(items)
	return err
}

func (it Item) validate(at string) error {
	if !it.Kind.valid() {
		return domain.InvalidField(at+"kind", "must be PHONE, TRANSPORT or BUSINESS_CARDS")
	}
	if !it.Amount.IsPositive() {
		return domain.InvalidField(at+"amount", "must be positive")
	}
	if _, err := time.Parse(time.DateOnly, it.IncurredOn); err != nil {
		return domain.InvalidField(at+"incurred_on", "must be a day written 2006-01-02")
	}
	return required(at+"voucher_ref", it.VoucherRef)
}

// ApprovePrior records the company manager's approval in advance of a
// drafted claim: its total, on the day given (§5.12-prior). Approving an
// approved claim records nothing. It refuses an approver who is not the
// company manager, the claimant themself, and a claim past drafting.
func (c Claim) ApprovePrior(approver domain.Actor, role domain.Role, comment string, p Policy, now time.Time) ([]domain.Event, error) {
	if err := domain.CheckTexts(domain.Text("comment", comment)); err != nil {
		return nil, err
	}
	switch {
	case c.Status == StatusNone:
		return nil, ErrNotFound
	case !slices.Contains(PriorApprovers, role):
		return nil, ErrPriorRole
	case approver.EmployeeID == c.ClaimantID:
		return nil, ErrSelfApproval
	case c.Status == StatusPriorApproved:
		return nil, nil
	case c.Status != StatusDraft:
		return nil, ErrPriorStage
	}
	total, err := Total(c.Items)
	if err != nil {
		return nil, err
	}
	return []domain.Event{PriorApproved{ClaimID: c.ID, ApproverID: approver.EmployeeID, ApproverRole: role,
		Amount: total, Day: p.Day(now), Comment: comment, ApprovedAt: now}}, nil
}

// Submit puts the claim to its signers. Every expense must have been
// incurred by today (§5.12-itemised); a claim the policy requires it of
// must have been approved in advance, for at least its total, before any
// of its expenses (§5.12-prior). Submitting a submitted claim records
// nothing.
func (c Claim) Submit(by string, p Policy, now time.Time) ([]domain.Event, error) {
	switch {
	case c.Status == StatusNone:
		return nil, ErrNotFound
	case by != c.ClaimantID:
		return nil, ErrNotClaimant
	case c.Status == StatusSubmitted:
		return nil, nil
	case c.Status != StatusDraft && c.Status != StatusPriorApproved:
		return nil, ErrNotDraft
	}
	today := p.Day(now)
	for _, it := range c.Items {
		if it.IncurredOn > today {
			return nil, ErrFutureExpense
		}
	}
	total, err := Total(c.Items)
	if err != nil {
		return nil, err
	}
	if err := c.coveredInAdvance(total, p); err != nil {
		return nil, err
	}
	return []domain.Event{Submitted{ClaimID: c.ID, Total: total, SubmittedBy: by, SubmittedAt: now}}, nil
}

func (c Claim) coveredInAdvance(total domain.Money, p Policy) error {
	if !p.RequiresPriorApproval(c.Items) {
		return nil
	}
	a := c.PriorApproval
	if a == nil {
		return ErrPriorMissing
	}
	if total.Cmp(a.Amount) > 0 {
		return ErrOverApproved
	}
	for _, it := range c.Items {
		if it.IncurredOn < a.Day {
			return ErrBeforeApproval
		}
	}
	return nil
}
