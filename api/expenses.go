package api

import (
	"context"
	"fmt"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/expense"
)

const expenseTag = "Expenses"

// expenseRoutes registers one endpoint per expense claim command (drafting
// has two: creating a claim, and reworking it) and the expense queries.
// Returning and rejecting read their reason from the envelope's "reason".
func expenseRoutes(s *Server, rt *routes) {
	create(rt, "/expense-claims", expenseTag, "Draft the actor's own expense claim: its purpose and itemised list (§5.12-itemised)", s.draftExpenseClaim)
	command(rt, "/expense-claims/{id}/draft", expenseTag, "Rework the actor's own draft or returned claim", s.draftExpenseClaim)
	command(rt, "/expense-claims/{id}/prior-approval", expenseTag, "Record the company manager's approval in advance (§5.12-prior)", s.approvePriorExpense)
	command(rt, "/expense-claims/{id}/submission", expenseTag, "Submit the actor's own claim for signatures", s.submitExpenseClaim)
	command(rt, "/expense-claims/{id}/signatures", expenseTag, "Sign the claim's vouchers; two signatures, one the claimant's manager's (§5.12-signatures)", s.signExpenseClaim)
	command(rt, "/expense-claims/{id}/finance-approval", expenseTag, "Record finance's approval of a signed claim (§5.12-finance)", s.approveReimbursement)
	command(rt, "/expense-claims/{id}/payment", expenseTag, "Record finance's payment of an approved claim", s.recordReimbursementPayment)
	command(rt, "/expense-claims/{id}/return", expenseTag, "Send the claim back to the claimant for correction (§5.12-refusal)", s.returnExpenseClaim)
	command(rt, "/expense-claims/{id}/rejection", expenseTag, "Refuse the claim, or its approval in advance, for good (§5.12-refusal)", s.rejectExpenseClaim)
	expenseQueryRoutes(s, rt)
}

// ExpenseItemRequest is one line of the itemised list: kind is PHONE,
// TRANSPORT or BUSINESS_CARDS; amount a decimal string; incurred_on the
// day (2006-01-02); voucher_ref the original voucher.
type ExpenseItemRequest struct {
	Kind        string `json:"kind"`
	Amount      string `json:"amount"`
	IncurredOn  string `json:"incurred_on"`
	VoucherRef  string `json:"voucher_ref"`
	Description string `json:"description,omitempty"`
}

// DraftExpenseClaimRequest is a claim's purpose and itemised list.
type DraftExpenseClaimRequest struct {
	Envelope
	Purpose string               `json:"purpose"`
	Items   []ExpenseItemRequest `json:"items"`
}

func expenseItems(in []ExpenseItemRequest) ([]expense.Item, error) {
	out := make([]expense.Item, len(in))
	for i, it := range in {
		amount, err := decimalAmount(fmt.Sprintf("items[%d].amount", i), it.Amount)
		if err != nil {
			return nil, err
		}
		out[i] = expense.Item{Kind: expense.Kind(it.Kind), Amount: amount, IncurredOn: it.IncurredOn,
			VoucherRef: it.VoucherRef, Description: it.Description}
	}
	return out, nil
}

func (s *Server) draftExpenseClaim(ctx context.Context, m commands.Meta, id string, req DraftExpenseClaimRequest) (commands.Result, error) {
	items, err := expenseItems(req.Items)
	if err != nil {
		return commands.Result{}, err
	}
	return s.Commands.Expenses.DraftExpenseClaim(ctx, m, commands.DraftExpenseClaim{ClaimID: id, Purpose: req.Purpose, Items: items})
}

// ApprovePriorExpenseRequest approves a draft in advance.
type ApprovePriorExpenseRequest struct {
	Envelope
	Comment string `json:"comment,omitempty"`
}

func (s *Server) approvePriorExpense(ctx context.Context, m commands.Meta, id string, req ApprovePriorExpenseRequest) (commands.Result, error) {
	return s.Commands.Expenses.ApprovePriorExpense(ctx, m, commands.ApprovePriorExpense{ClaimID: id, Comment: req.Comment})
}

// SubmitExpenseClaimRequest submits the claim.
type SubmitExpenseClaimRequest struct {
	Envelope
}

func (s *Server) submitExpenseClaim(ctx context.Context, m commands.Meta, id string, _ SubmitExpenseClaimRequest) (commands.Result, error) {
	return s.Commands.Expenses.SubmitExpenseClaim(ctx, m, commands.SubmitExpenseClaim{ClaimID: id})
}

// SignExpenseClaimRequest signs the claim's vouchers.
type SignExpenseClaimRequest struct {
	Envelope
}

func (s *Server) signExpenseClaim(ctx context.Context, m commands.Meta, id string, _ SignExpenseClaimRequest) (commands.Result, error) {
	return s.Commands.Expenses.SignExpenseClaim(ctx, m, commands.SignExpenseClaim{ClaimID: id})
}

// ApproveReimbursementRequest approves a signed claim.
type ApproveReimbursementRequest struct {
	Envelope
	Comment string `json:"comment,omitempty"`
}

func (s *Server) approveReimbursement(ctx context.Context, m commands.Meta, id string, req ApproveReimbursementRequest) (commands.Result, error) {
	return s.Commands.Expenses.ApproveReimbursement(ctx, m, commands.ApproveReimbursement{ClaimID: id, Comment: req.Comment})
}

// RecordReimbursementPaymentRequest names the payment.
type RecordReimbursementPaymentRequest struct {
	Envelope
	PaymentRef string `json:"payment_ref"`
}

func (s *Server) recordReimbursementPayment(ctx context.Context, m commands.Meta, id string, req RecordReimbursementPaymentRequest) (commands.Result, error) {
	return s.Commands.Expenses.RecordReimbursementPayment(ctx, m, commands.RecordReimbursementPayment{ClaimID: id, PaymentRef: req.PaymentRef})
}

// ReturnExpenseClaimRequest sends the claim back; the envelope's reason
// says why.
type ReturnExpenseClaimRequest struct {
	Envelope
}

func (s *Server) returnExpenseClaim(ctx context.Context, m commands.Meta, id string, req ReturnExpenseClaimRequest) (commands.Result, error) {
	return s.Commands.Expenses.ReturnExpenseClaim(ctx, m, commands.ReturnExpenseClaim{ClaimID: id, Reason: req.Reason})
}

// RejectExpenseClaimRequest refuses the claim; the envelope's reason says
// why.
type RejectExpenseClaimRequest struct {
	Envelope
}

func (s *Server) rejectExpenseClaim(ctx context.Context, m commands.Meta, id string, req RejectExpenseClaimRequest) (commands.Result, error) {
	return s.Commands.Expenses.RejectExpenseClaim(ctx, m, commands.RejectExpenseClaim{ClaimID: id, Reason: req.Reason})
}
