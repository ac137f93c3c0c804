package expense_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/expense"
)

// §5.12-itemised: a purpose and an itemised list of known kinds, positive
// amounts, days and vouchers.
func TestClaim_Draft(t *testing.T) {
	items := []expense.Item{phone, taxi}
	bad := func(change func(*expense.Item)) []expense.Item {
		it := phone
		change(&it)
		return []expense.Item{it}
	}
	cases := []struct {
		decideCase
		by      domain.Actor
		purpose string
		items   []expense.Item
	}{
		{decideCase{name: "the claimant drafts a claim in their org unit", want: []domain.Event{drafted}}, claimant, drafted.Purpose, items},
		{decideCase{name: "drafting the same content again records nothing", given: []domain.Event{drafted}}, claimant, drafted.Purpose, items},
		{decideCase{name: "a returned claim is reworked", given: []domain.Event{drafted, submitted, expense.Returned{ClaimID: "x-1", Reason: "voucher unreadable"}},
			want: []domain.Event{drafted}}, claimant, drafted.Purpose, items},
		{decideCase{name: "an empty list is refused", wantErr: expense.ErrNoItems}, claimant, "visits", nil},
		{decideCase{name: "the purpose is required", wantErr: domain.ErrInvalid}, claimant, "", items},
		{decideCase{name: "an unknown kind is refused", wantErr: domain.ErrInvalid}, claimant, "visits", bad(func(i *expense.Item) { i.Kind = "MEALS" })},
		{decideCase{name: "a zero amount is refused", wantErr: domain.ErrInvalid}, claimant, "visits", bad(func(i *expense.Item) { i.Amount = domain.Fen(0) })},
		{decideCase{name: "one fen is enough", want: []domain.Event{draftOf(expense.Item{Kind: expense.KindPhone, Amount: domain.Fen(1), IncurredOn: "2026-11-09", VoucherRef: "INV-1"})}},
			claimant, drafted.Purpose, bad(func(i *expense.Item) { i.Amount = domain.Fen(1) })},
		{decideCase{name: "a voucher is required", wantErr: domain.ErrInvalid}, claimant, "visits", bad(func(i *expense.Item) { i.VoucherRef = "" })},
		{decideCase{name: "the day must be a date", wantErr: domain.ErrInvalid}, claimant, "visits", bad(func(i *expense.Item) { i.IncurredOn = "2026-13-01" })},
		{decideCase{name: "items in two currencies are refused", wantErr: expense.ErrCurrency}, claimant, "visits",
			append(bad(func(i *expense.Item) { i.Amount.Currency = "USD" }), taxi)},
		{decideCase{name: "another employee cannot rework the claim", given: []domain.Event{drafted}, wantErr: expense.ErrNotClaimant}, head, "visits", items},
		{decideCase{name: "a submitted claim is past drafting", given: []domain.Event{drafted, submitted}, wantErr: expense.ErrNotDraft}, claimant, "visits", items},
	}
	for _, tt := range cases {
		check(t, []decideCase{tt.decideCase}, func(c expense.Claim) ([]domain.Event, error) {
			return c.Draft("x-1", tt.by, tt.purpose, tt.items, t0)
		})
	}
}

// §5.12-prior: business cards and claims from 500 元 are approved in
// advance by the company manager, for at least the claim's total and
// before its expenses.
func TestPolicy_RequiresPriorApproval(t *testing.T) {
	item := func(kind expense.Kind, minor int64) expense.Item {
		return expense.Item{Kind: kind, Amount: domain.Fen(minor), IncurredOn: "2026-11-10", VoucherRef: "V"}
	}
	cases := []struct {
		name  string
		items []expense.Item
		want  bool
	}{
		{"499.99 元 of transport needs none", []expense.Item{item(expense.KindTransport, 49_999)}, false},
		{"500.00 元 of transport needs it", []expense.Item{item(expense.KindTransport, 50_000)}, true},
		{"two items summing to 500.00 元 need it", []expense.Item{item(expense.KindPhone, 20_000), item(expense.KindTransport, 30_000)}, true},
		{"business cards of any amount need it", []expense.Item{item(expense.KindBusinessCards, 1)}, true},
	}
	for _, tt := range cases {
		if got := policy.RequiresPriorApproval(tt.items); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestClaim_ApprovePrior(t *testing.T) {
	cardsDraft := draftOf(cards)
	cases := []struct {
		decideCase
		by   domain.Actor
		role domain.Role
	}{
		{decideCase{name: "the GM approves the draft's total on the day (UTC+8)", given: []domain.Event{cardsDraft},
			want: []domain.Event{priorApproved(domain.Yuan(150), "2026-11-10")}}, gm, domain.RoleGM},
		{decideCase{name: "approving again records nothing", given: []domain.Event{cardsDraft, priorApproved(domain.Yuan(150), "2026-11-10")}}, gm, domain.RoleGM},
		{decideCase{name: "a department head is not the company manager", given: []domain.Event{cardsDraft}, wantErr: expense.ErrPriorRole}, head, domain.RoleDeptHead},
		{decideCase{name: "nobody approves their own claim", given: []domain.Event{cardsDraft}, wantErr: expense.ErrSelfApproval},
			domain.Actor{EmployeeID: "rep-1"}, domain.RoleGM},
		{decideCase{name: "a submitted claim is not approved in advance", given: []domain.Event{drafted, submitted}, wantErr: expense.ErrPriorStage}, gm, domain.RoleGM},
		{decideCase{name: "unknown claim", wantErr: expense.ErrNotFound}, gm, domain.RoleGM},
	}
	for _, tt := range cases {
		check(t, []decideCase{tt.decideCase}, func(c expense.Claim) ([]domain.Event, error) {
			return c.ApprovePrior(tt.by, tt.role, "", policy, t0)
		})
	}
}

func TestClaim_Submit(t *testing.T) {
	transport := func(minor int64, day string) expense.Item {
		return expense.Item{Kind: expense.KindTransport, Amount: domain.Fen(minor), IncurredOn: day, VoucherRef: "V"}
	}
	submittedOf := func(minor int64) expense.Submitted {
		s := submitted
		s.Total = domain.Fen(minor)
		return s
	}
	cases := []struct {
		decideCase
		by string
	}{
		{decideCase{name: "the claimant submits a claim of 200.50 元", given: []domain.Event{drafted}, want: []domain.Event{submitted}}, "rep-1"},
		{decideCase{name: "submitting again records nothing", given: []domain.Event{drafted, submitted}}, "rep-1"},
		{decideCase{name: "only the claimant submits", given: []domain.Event{drafted}, wantErr: expense.ErrNotClaimant}, "head-1"},
		{decideCase{name: "499.99 元 needs no approval in advance", given: []domain.Event{draftOf(transport(49_999, "2026-11-09"))},
			want: []domain.Event{submittedOf(49_999)}}, "rep-1"},
		{decideCase{name: "500.00 元 without approval in advance is refused", given: []domain.Event{draftOf(transport(50_000, "2026-11-09"))},
			wantErr: expense.ErrPriorMissing}, "rep-1"},
		{decideCase{name: "business cards without approval in advance are refused", given: []domain.Event{draftOf(cards)}, wantErr: expense.ErrPriorMissing}, "rep-1"},
		{decideCase{name: "an expense on the approval's day is covered", given: []domain.Event{draftOf(transport(50_000, "2026-11-09")),
			priorApproved(domain.Yuan(500), "2026-11-09")}, want: []domain.Event{submittedOf(50_000)}}, "rep-1"},
		{decideCase{name: "an expense the day before the approval is not", given: []domain.Event{draftOf(transport(50_000, "2026-11-08")),
			priorApproved(domain.Yuan(500), "2026-11-09")}, wantErr: expense.ErrBeforeApproval}, "rep-1"},
		{decideCase{name: "the approved amount exactly is covered", given: []domain.Event{draftOf(transport(60_000, "2026-11-09")),
			priorApproved(domain.Yuan(600), "2026-11-09")}, want: []domain.Event{submittedOf(60_000)}}, "rep-1"},
		{decideCase{name: "one fen over the approved amount is refused", given: []domain.Event{draftOf(transport(50_000, "2026-11-09")),
			priorApproved(domain.Yuan(500), "2026-11-09"), draftOf(transport(50_001, "2026-11-09"))}, wantErr: expense.ErrOverApproved}, "rep-1"},
		{decideCase{name: "an expense of today is claimed", given: []domain.Event{draftOf(transport(100, "2026-11-10"))},
			want: []domain.Event{submittedOf(100)}}, "rep-1"},
		{decideCase{name: "an expense of tomorrow is refused", given: []domain.Event{draftOf(transport(100, "2026-11-11"))},
			wantErr: expense.ErrFutureExpense}, "rep-1"},
		{decideCase{name: "a signed claim is past drafting", given: signedClaim, wantErr: expense.ErrNotDraft}, "rep-1"},
	}
	for _, tt := range cases {
		check(t, []decideCase{tt.decideCase}, func(c expense.Claim) ([]domain.Event, error) {
			return c.Submit(tt.by, policy, t0)
		})
	}
}
