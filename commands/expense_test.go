package commands_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/expense"
	"github.com/opsledger/opsledger/eventstore/memory"
)

var expenseNow = time.Date(2026, 11, 10, 1, 0, 0, 0, time.UTC) // 09:00 on 10 November in the company's calendar

func expenseMeta(id, unit string, role domain.Role) commands.Meta {
	return commands.Meta{Actor: domain.Actor{EmployeeID: id, Roles: []domain.Role{role}, OrgUnitID: unit}}
}

// TestExpenses_flow walks a claim through the handlers: the issuer roles
// refused with Forbidden, the rules' refusals, and the whole chain.
func TestExpenses_flow(t *testing.T) {
	ctx := context.Background()
	h := commands.New(memory.New(), commands.Codec(), func() time.Time { return expenseNow })
	rep := expenseMeta("rep-1", "ou-sales", domain.RoleSalesRep)
	head := expenseMeta("head-1", "ou-sales", domain.RoleDeptHead)
	gm := expenseMeta("gm-1", "ou-gm", domain.RoleGM)
	fin := expenseMeta("fin-1", "ou-finance", domain.RoleFinance)
	items := []expense.Item{
		{Kind: expense.KindPhone, Amount: domain.Fen(3_000), IncurredOn: "2026-11-09", VoucherRef: "TEL-1"},
		{Kind: expense.KindTransport, Amount: domain.Fen(8_550), IncurredOn: "2026-11-10", VoucherRef: "TAXI-1"},
	}
	steps := []struct {
		name    string
		run     func() (commands.Result, error)
		wantErr error
	}{
		{"the rep drafts", func() (commands.Result, error) {
			return h.Expenses.DraftExpenseClaim(ctx, rep, commands.DraftExpenseClaim{ClaimID: "x-1", Purpose: "visits", Items: items})
		}, nil},
		{"the head cannot submit the rep's claim", func() (commands.Result, error) {
			return h.Expenses.SubmitExpenseClaim(ctx, head, commands.SubmitExpenseClaim{ClaimID: "x-1"})
		}, domain.ErrForbidden},
		{"signing before submission is refused", func() (commands.Result, error) {
			return h.Expenses.SignExpenseClaim(ctx, head, commands.SignExpenseClaim{ClaimID: "x-1"})
		}, expense.ErrNotSubmitted},
		{"the rep submits", func() (commands.Result, error) {
			return h.Expenses.SubmitExpenseClaim(ctx, rep, commands.SubmitExpenseClaim{ClaimID: "x-1"})
		}, nil},
		{"a rep does not sign", func() (commands.Result, error) {
			return h.Expenses.SignExpenseClaim(ctx, expenseMeta("rep-2", "ou-sales", domain.RoleSalesRep), commands.SignExpenseClaim{ClaimID: "x-1"})
		}, domain.ErrForbidden},
		{"the head signs", func() (commands.Result, error) {
			return h.Expenses.SignExpenseClaim(ctx, head, commands.SignExpenseClaim{ClaimID: "x-1"})
		}, nil},
		{"finance refuses one signature only", func() (commands.Result, error) {
			return h.Expenses.ApproveReimbursement(ctx, fin, commands.ApproveReimbursement{ClaimID: "x-1"})
		}, expense.ErrNotSigned},
		{"the GM signs second", func() (commands.Result, error) {
			return h.Expenses.SignExpenseClaim(ctx, gm, commands.SignExpenseClaim{ClaimID: "x-1"})
		}, nil},
		{"a manager does not pay", func() (commands.Result, error) {
			return h.Expenses.RecordReimbursementPayment(ctx, gm, commands.RecordReimbursementPayment{ClaimID: "x-1", PaymentRef: "P-1"})
		}, domain.ErrForbidden},
		{"payment before finance approval is refused", func() (commands.Result, error) {
			return h.Expenses.RecordReimbursementPayment(ctx, fin, commands.RecordReimbursementPayment{ClaimID: "x-1", PaymentRef: "P-1"})
		}, expense.ErrNotApproved},
		{"finance approves", func() (commands.Result, error) {
			return h.Expenses.ApproveReimbursement(ctx, fin, commands.ApproveReimbursement{ClaimID: "x-1"})
		}, nil},
		{"finance pays", func() (commands.Result, error) {
			return h.Expenses.RecordReimbursementPayment(ctx, fin, commands.RecordReimbursementPayment{ClaimID: "x-1", PaymentRef: "P-1"})
		}, nil},
	}
	for _, s := range steps {
		_, err := s.run()
		if s.wantErr == nil && err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if s.wantErr != nil && !errors.Is(err, s.wantErr) {
			t.Fatalf("%s: error %v, want %v", s.name, err, s.wantErr)
		}
	}
}

// TestExpenses_priorApprovalOnTheBusinessDay: the approval's day is the
// command's business day in the company's calendar (§5.12-prior).
func TestExpenses_priorApprovalOnTheBusinessDay(t *testing.T) {
	ctx := context.Background()
	h := commands.New(memory.New(), commands.Codec(), func() time.Time { return expenseNow })
	rep := expenseMeta("rep-1", "ou-sales", domain.RoleSalesRep)
	cards := []expense.Item{{Kind: expense.KindBusinessCards, Amount: domain.Yuan(120), IncurredOn: "2026-11-09", VoucherRef: "PRINT-1"}}
	if _, err := h.Expenses.DraftExpenseClaim(ctx, rep, commands.DraftExpenseClaim{ClaimID: "x-2", Purpose: "cards", Items: cards}); err != nil {
		t.Fatal(err)
	}
	gm := expenseMeta("gm-1", "ou-gm", domain.RoleGM)
	gm.EffectiveAt = time.Date(2026, 11, 8, 16, 0, 0, 0, time.UTC) // 00:00 on 9 November, UTC+8
	if _, err := h.Expenses.ApprovePriorExpense(ctx, gm, commands.ApprovePriorExpense{ClaimID: "x-2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Expenses.SubmitExpenseClaim(ctx, rep, commands.SubmitExpenseClaim{ClaimID: "x-2"}); err != nil {
		t.Fatalf("an expense on the approval's day (company calendar) is covered: %v", err)
	}
	if _, err := h.Expenses.ApprovePriorExpense(ctx, expenseMeta("head-1", "ou-sales", domain.RoleDeptHead), commands.ApprovePriorExpense{ClaimID: "x-2"}); !errors.Is(err, domain.ErrForbidden) {
		t.Fatalf("a department head approving in advance: %v, want forbidden", err)
	}
}
