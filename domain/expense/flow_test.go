package expense_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/expense"
)

// §5.12-signatures: two different people other than the claimant sign,
// one of them the claimant's manager.
func TestClaim_Sign(t *testing.T) {
	deputySigned := expense.Signed{ClaimID: "x-1", SignerID: "deputy-1", SignerRole: domain.RoleDeputyHead, Manager: true, Complete: true, SignedAt: t0}
	cases := []struct {
		decideCase
		by   domain.Actor
		role domain.Role
	}{
		{decideCase{name: "the claimant's department head signs first: one signature is not enough", given: []domain.Event{drafted, submitted},
			want: []domain.Event{byHead}}, head, domain.RoleDeptHead},
		{decideCase{name: "the GM's second signature completes them", given: []domain.Event{drafted, submitted, byHead},
			want: []domain.Event{byGM}}, gm, domain.RoleGM},
		{decideCase{name: "a deputy head of the claimant's unit is a manager too", given: []domain.Event{drafted, submitted, byOther},
			want: []domain.Event{deputySigned}}, deputy, domain.RoleDeputyHead},
		{decideCase{name: "another unit's head signs first; the manager must sign second", given: []domain.Event{drafted, submitted},
			want: []domain.Event{byOther}}, otherHd, domain.RoleDeptHead},
		{decideCase{name: "two signatures without the claimant's manager are refused", given: []domain.Event{drafted, submitted,
			expense.Signed{ClaimID: "x-1", SignerID: "head-3", SignerRole: domain.RoleDeptHead}}, wantErr: expense.ErrNoManagerSigned}, otherHd, domain.RoleDeptHead},
		{decideCase{name: "the same person does not sign twice", given: []domain.Event{drafted, submitted, byHead}, wantErr: expense.ErrSignedTwice}, head, domain.RoleDeptHead},
		{decideCase{name: "nobody signs their own claim", given: []domain.Event{drafted, submitted},
			wantErr: expense.ErrSelfApproval}, domain.Actor{EmployeeID: "rep-1", OrgUnitID: "sales-east"}, domain.RoleDeptHead},
		{decideCase{name: "finance does not sign as a manager", given: []domain.Event{drafted, submitted}, wantErr: expense.ErrSignerRole}, finance, domain.RoleFinance},
		{decideCase{name: "a draft is not signed", given: []domain.Event{drafted}, wantErr: expense.ErrNotSubmitted}, head, domain.RoleDeptHead},
		{decideCase{name: "a third signature is refused", given: signedClaim, wantErr: expense.ErrSigningOver}, deputy, domain.RoleDeputyHead},
		{decideCase{name: "a rejected claim is not signed", given: []domain.Event{drafted, submitted, expense.Rejected{ClaimID: "x-1"}}, wantErr: expense.ErrClosed}, head, domain.RoleDeptHead},
		{decideCase{name: "a returned claim's signatures are gone: its manager signs again", given: []domain.Event{drafted, submitted, byHead,
			expense.Returned{ClaimID: "x-1", Reason: "x"}, drafted, submitted}, want: []domain.Event{byHead}}, head, domain.RoleDeptHead},
	}
	for _, tt := range cases {
		check(t, []decideCase{tt.decideCase}, func(c expense.Claim) ([]domain.Event, error) {
			return c.Sign(tt.by, tt.role, t0)
		})
	}
}

// §5.12-finance: finance approves a claim with its signatures, then
// records the payment.
func TestClaim_ApproveByFinance(t *testing.T) {
	cases := []struct {
		decideCase
		by   domain.Actor
		role domain.Role
	}{
		{decideCase{name: "finance approves a signed claim's total", given: signedClaim, want: []domain.Event{approved}}, finance, domain.RoleFinance},
		{decideCase{name: "approving again records nothing", given: append(signedClaim, approved)}, finance, domain.RoleFinance},
		{decideCase{name: "one signature only is refused", given: []domain.Event{drafted, submitted, byHead}, wantErr: expense.ErrNotSigned}, finance, domain.RoleFinance},
		{decideCase{name: "an unsigned claim is refused", given: []domain.Event{drafted, submitted}, wantErr: expense.ErrNotSigned}, finance, domain.RoleFinance},
		{decideCase{name: "a rejected claim is not approved", given: append(signedClaim, expense.Rejected{ClaimID: "x-1"}), wantErr: expense.ErrClosed}, finance, domain.RoleFinance},
		{decideCase{name: "a manager is not finance", given: signedClaim, wantErr: expense.ErrFinanceRole}, gm, domain.RoleGM},
		{decideCase{name: "finance does not approve its own claim", given: signedClaim, wantErr: expense.ErrSelfApproval},
			domain.Actor{EmployeeID: "rep-1"}, domain.RoleFinance},
	}
	for _, tt := range cases {
		check(t, []decideCase{tt.decideCase}, func(c expense.Claim) ([]domain.Event, error) {
			return c.ApproveByFinance(tt.by, tt.role, "", t0)
		})
	}
}

func TestClaim_RecordPayment(t *testing.T) {
	paid := expense.Paid{ClaimID: "x-1", ClaimantID: "rep-1", Amount: domain.Fen(20_050), PaymentRef: "PAY-1", PaidBy: "fin-1", PaidAt: t0}
	cases := []struct {
		decideCase
		ref string
	}{
		{decideCase{name: "finance pays what it approved", given: append(signedClaim, approved), want: []domain.Event{paid}}, "PAY-1"},
		{decideCase{name: "paying again records nothing", given: append(signedClaim, approved, paid)}, "PAY-1"},
		{decideCase{name: "a claim finance has not approved is not paid", given: signedClaim, wantErr: expense.ErrNotApproved}, "PAY-1"},
		{decideCase{name: "the payment's reference is required", given: append(signedClaim, approved), wantErr: domain.ErrInvalid}, ""},
	}
	for _, tt := range cases {
		check(t, []decideCase{tt.decideCase}, func(c expense.Claim) ([]domain.Event, error) {
			return c.RecordPayment(finance, domain.RoleFinance, tt.ref, t0)
		})
	}
}

// §5.12-refusal: who sends a claim back or refuses it, and when.
func TestClaim_ReturnAndReject(t *testing.T) {
	returned := expense.Returned{ClaimID: "x-1", ReturnedBy: "head-1", ReturnerRole: domain.RoleDeptHead, Reason: "voucher unreadable", ReturnedAt: t0}
	finReturned := expense.Returned{ClaimID: "x-1", ReturnedBy: "fin-1", ReturnerRole: domain.RoleFinance, Reason: "voucher unreadable", ReturnedAt: t0}
	cases := []struct {
		decideCase
		reject bool
		by     domain.Actor
		role   domain.Role
	}{
		{decideCase{name: "a signer returns a submitted claim", given: []domain.Event{drafted, submitted}, want: []domain.Event{returned}}, false, head, domain.RoleDeptHead},
		{decideCase{name: "finance returns a signed claim", given: signedClaim, want: []domain.Event{finReturned}}, false, finance, domain.RoleFinance},
		{decideCase{name: "a signer no longer returns a signed claim", given: signedClaim, wantErr: expense.ErrRefusalStage}, false, head, domain.RoleDeptHead},
		{decideCase{name: "an approved claim is not returned", given: append(signedClaim, approved), wantErr: expense.ErrRefusalStage}, false, finance, domain.RoleFinance},
		{decideCase{name: "the GM refuses a draft's approval in advance", given: []domain.Event{draftOf(cards)},
			want: []domain.Event{expense.Rejected{ClaimID: "x-1", RejectedBy: "gm-1", RejecterRole: domain.RoleGM, Reason: "voucher unreadable", RejectedAt: t0}}}, true, gm, domain.RoleGM},
		{decideCase{name: "a department head does not refuse a draft", given: []domain.Event{drafted}, wantErr: expense.ErrRefusalStage}, true, head, domain.RoleDeptHead},
		{decideCase{name: "a draft is not returned", given: []domain.Event{drafted}, wantErr: expense.ErrRefusalStage}, false, gm, domain.RoleGM},
		{decideCase{name: "rejecting a rejected claim records nothing", given: []domain.Event{drafted, expense.Rejected{ClaimID: "x-1"}}}, true, gm, domain.RoleGM},
		{decideCase{name: "nobody refuses their own claim", given: []domain.Event{drafted, submitted}, wantErr: expense.ErrSelfApproval},
			true, domain.Actor{EmployeeID: "rep-1"}, domain.RoleDeptHead},
	}
	for _, tt := range cases {
		check(t, []decideCase{tt.decideCase}, func(c expense.Claim) ([]domain.Event, error) {
			if tt.reject {
				return c.Reject(tt.by, tt.role, "voucher unreadable", t0)
			}
			return c.Return(tt.by, tt.role, "voucher unreadable", t0)
		})
	}
	check(t, []decideCase{{name: "a reason is required", given: []domain.Event{drafted, submitted}, wantErr: domain.ErrInvalid}},
		func(c expense.Claim) ([]domain.Event, error) { return c.Return(head, domain.RoleDeptHead, "", t0) })
}
