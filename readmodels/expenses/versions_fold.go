package expenses

import (
	"time"

	"github.com/opsledger/opsledger/domain/expense"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// FoldView folds one expense claim's events, in stream order, into the
// claim as ExpenseClaim shows it, with the lines of its draft in force:
// the same changes Apply's statements make, in memory. ok is false when
// the events do not draft the claim.
func FoldView(events []eventstore.Recorded) (v queries.ExpenseClaimView, ok bool, err error) {
	codec := New().codec
	for _, r := range events {
		e, err := codec.DecodeRecorded(r)
		if err != nil {
			return v, false, err
		}
		if d, drafts := e.(expense.Drafted); drafts {
			foldDraft(&v, d, ok)
			ok = true
		} else if !ok {
			continue // a claim never drafted has no row to change
		} else {
			foldClaim(&v, e)
		}
		v.Version = int64(r.StreamVersion)
	}
	return v, ok, nil
}

// foldDraft applies a draft as drafted's upsert does: a redraft keeps the
// claimant, the approval in advance and the signatures, and replaces the
// purpose, total and lines.
func foldDraft(v *queries.ExpenseClaimView, e expense.Drafted, exists bool) {
	if !exists {
		*v = queries.ExpenseClaimView{ClaimID: e.ClaimID, ClaimantID: e.ClaimantID, OrgUnitID: e.OrgUnitID, Signatures: []string{}}
	}
	total, err := expense.Total(e.Items)
	if err != nil {
		total.Currency = ""
	}
	v.Purpose, v.Total, v.Currency, v.UpdatedAt = e.Purpose, queries.MinorUnits(total.Minor), tables.Currency(total), e.DraftedAt
	v.Status = string(expense.StatusDraft)
	if v.PriorApproved {
		v.Status = string(expense.StatusPriorApproved)
	}
	v.Items = make([]queries.ExpenseItemView, len(e.Items))
	for i, it := range e.Items {
		v.Items[i] = queries.ExpenseItemView{Line: i + 1, Kind: string(it.Kind), Amount: queries.MinorUnits(it.Amount.Minor),
			Currency: tables.Currency(it.Amount), IncurredOn: it.IncurredOn, VoucherRef: it.VoucherRef, Description: it.Description}
	}
}

// foldClaim applies the events after the draft, as queue's updates do.
func foldClaim(v *queries.ExpenseClaimView, e any) {
	switch e := e.(type) {
	case expense.PriorApproved:
		v.Status, v.PriorApproved, v.UpdatedAt = string(expense.StatusPriorApproved), true, e.ApprovedAt
	case expense.Submitted:
		v.Status, v.Signatures, v.SubmittedAt, v.UpdatedAt = string(expense.StatusSubmitted), []string{}, at(e.SubmittedAt), e.SubmittedAt
	case expense.Signed:
		v.Status = string(expense.StatusSubmitted)
		if e.Complete {
			v.Status = string(expense.StatusSigned)
		}
		v.Signatures, v.UpdatedAt = append(append([]string{}, v.Signatures...), e.SignerID), e.SignedAt
	case expense.FinanceApproved:
		v.Status, v.UpdatedAt = string(expense.StatusFinanceApproved), e.ApprovedAt
	case expense.Paid:
		v.Status, v.PaymentRef, v.PaidAt, v.UpdatedAt = string(expense.StatusPaid), e.PaymentRef, at(e.PaidAt), e.PaidAt
	case expense.Returned:
		v.Status, v.Signatures, v.UpdatedAt = string(expense.StatusReturned), []string{}, e.ReturnedAt
	case expense.Rejected:
		v.Status, v.UpdatedAt = string(expense.StatusRejected), e.RejectedAt
	}
}

func at(t time.Time) *time.Time { return &t }
