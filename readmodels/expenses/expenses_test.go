package expenses_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/expense"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/expenses"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

var at = time.Date(2026, 12, 2, 1, 0, 0, 0, time.UTC)

func item(kind expense.Kind, minor int64, day string) expense.Item {
	return expense.Item{Kind: kind, Amount: domain.Fen(minor), IncurredOn: day, VoucherRef: "V-" + day}
}

func draft(id, claimant, unit string, items ...expense.Item) expense.Drafted {
	return expense.Drafted{ClaimID: id, ClaimantID: claimant, OrgUnitID: unit, Purpose: "customer visits", Items: items, DraftedAt: at}
}

func signed(id, signer string, complete bool) expense.Signed {
	return expense.Signed{ClaimID: id, SignerID: signer, SignerRole: domain.RoleDeptHead, Manager: true, Complete: complete, SignedAt: at}
}

// fixture: in EAST, rep-1's x-1 (phone on 30 November, transport on 1
// December) is paid, after a return and a rework that dropped a line;
// rep-2's x-2 waits for its second signature; rep-3 of SOUTH has x-3
// rejected and x-4 still a draft.
func fixture(t *testing.T) readmodeltest.Fixture[*expenses.Queries] {
	codec := eventstore.NewCodec(expense.Events()...)
	submitted := func(id string) expense.Submitted {
		return expense.Submitted{ClaimID: id, SubmittedBy: "x", SubmittedAt: at}
	}
	return readmodeltest.NewFixture(t, memory.New(), codec, expenses.New(), expenses.NewQueries, func(add func(string, ...domain.Event)) {
		add(expense.Stream("x-1"),
			draft("x-1", "rep-1", "EAST", item(expense.KindPhone, 5_000, "2026-11-30"), item(expense.KindTransport, 12_000, "2026-12-01"), item(expense.KindPhone, 999, "2026-11-29")),
			submitted("x-1"), signed("x-1", "head-1", false),
			expense.Returned{ClaimID: "x-1", ReturnedBy: "fin-1", Reason: "one voucher missing", ReturnedAt: at},
			draft("x-1", "rep-1", "EAST", item(expense.KindPhone, 5_000, "2026-11-30"), item(expense.KindTransport, 12_000, "2026-12-01")),
			submitted("x-1"), signed("x-1", "head-1", false), signed("x-1", "gm-1", true),
			expense.FinanceApproved{ClaimID: "x-1", ApproverID: "fin-1", Amount: domain.Fen(17_000), ApprovedAt: at},
			expense.Paid{ClaimID: "x-1", ClaimantID: "rep-1", Amount: domain.Fen(17_000), PaymentRef: "PAY-1", PaidBy: "fin-1", PaidAt: at})
		add(expense.Stream("x-2"), draft("x-2", "rep-2", "EAST", item(expense.KindTransport, 3_000, "2026-11-12")), submitted("x-2"), signed("x-2", "head-1", false))
		add(expense.Stream("x-3"), draft("x-3", "rep-3", "SOUTH", item(expense.KindTransport, 7_000, "2026-11-12")), submitted("x-3"),
			expense.Rejected{ClaimID: "x-3", RejectedBy: "head-3", Reason: "private trip", RejectedAt: at})
		add(expense.Stream("x-4"), draft("x-4", "rep-3", "SOUTH", item(expense.KindBusinessCards, 15_000, "2026-11-20")))
	})
}

func TestExpenses_Claim(t *testing.T) {
	f := fixture(t)
	ctx := context.Background()
	c, err := f.Q.ExpenseClaim(ctx, "x-1")
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != "PAID" || c.Total != 17_000 || c.PaymentRef != "PAY-1" || len(c.Signatures) != 2 || len(c.Items) != 2 {
		t.Errorf("x-1 = %+v, want PAID, 170.00, two signatures and the reworked draft's two lines", c)
	}
	if _, err := f.Q.ExpenseClaim(ctx, "nope"); err != queries.ErrExpenseClaimNotFound {
		t.Errorf("an unknown claim: %v", err)
	}
	waiting, err := f.Q.ExpenseClaims(ctx, queries.ExpenseClaimFilter{Status: "SUBMITTED"})
	if err != nil || len(waiting) != 1 || waiting[0].ClaimID != "x-2" || len(waiting[0].Signatures) != 1 {
		t.Errorf("submitted claims = %+v, %v; want x-2 with one signature", waiting, err)
	}
	f.RebuildMatches(t)
}

// §5.12-read model: the totals by the month an expense was incurred in
// (a line on 30 November counts in November, one on 1 December in
// December); refused and draft claims count nowhere.
func TestExpenses_Totals(t *testing.T) {
	f := fixture(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		filter queries.ExpenseTotalsFilter
		want   []queries.ExpenseTotalsView
	}{
		{"per person in November", queries.ExpenseTotalsFilter{By: "person", Month: "2026-11"}, []queries.ExpenseTotalsView{
			{EmployeeID: "rep-1", OrgUnitID: "EAST", Month: "2026-11", Currency: "CNY", Claimed: 5_000, Approved: 5_000, Paid: 5_000, Claims: 1},
			{EmployeeID: "rep-2", OrgUnitID: "EAST", Month: "2026-11", Currency: "CNY", Claimed: 3_000, Claims: 1},
		}},
		{"per department", queries.ExpenseTotalsFilter{By: "department"}, []queries.ExpenseTotalsView{
			{OrgUnitID: "EAST", Month: "2026-11", Currency: "CNY", Claimed: 8_000, Approved: 5_000, Paid: 5_000, Claims: 2},
			{OrgUnitID: "EAST", Month: "2026-12", Currency: "CNY", Claimed: 12_000, Approved: 12_000, Paid: 12_000, Claims: 1},
		}},
		{"per month, of one unit", queries.ExpenseTotalsFilter{By: "month", OrgUnitID: "SOUTH"}, []queries.ExpenseTotalsView{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.Q.ExpenseTotals(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("row %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
	if _, err := f.Q.ExpenseTotals(ctx, queries.ExpenseTotalsFilter{By: "week"}); err == nil {
		t.Error("an unknown grouping is not refused")
	}
}
