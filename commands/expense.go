package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/expense"
)

// Expenses handles expense claims and their reimbursement (SPEC §5 item
// 12, §1.6): the claimant drafts and submits, the company manager
// approves in advance, managers sign, finance approves and pays.
type Expenses struct {
	claims repository[expense.Claim]
	staff  regulation[employee.Regulation] // the company calendar days are cut by
	now    func() time.Time
}

func newExpenses(log *eventLog, r Regulations) *Expenses {
	return &Expenses{
		claims: newRepository(log, expense.Claim.Evolve, "expense claim"),
		staff:  newRegulation(employeeRegulation, r.Employee, employee.DefaultRegulation),
		now:    log.now,
	}
}

// The issuers of the expense commands (§1.6): anyone claims their own
// expenses; the company manager approves in advance; the managers sign;
// finance approves and pays; a signer or finance sends back or refuses.
var (
	expenseClaimants = domain.AllRoles()
	expenseRefusers  = append(append([]domain.Role{}, expense.Signers...), domain.RoleFinance)
	expenseFinance   = []domain.Role{domain.RoleFinance}
)

// DraftExpenseClaim drafts (or reworks) the actor's own claim.
type DraftExpenseClaim struct {
	ClaimID string
	Purpose string
	Items   []expense.Item
}

// DraftExpenseClaim records expense.Drafted in the actor's org unit.
func (h *Expenses) DraftExpenseClaim(ctx context.Context, m Meta, cmd DraftExpenseClaim) (Result, error) {
	return h.on(ctx, m, "DraftExpenseClaim", cmd.ClaimID, expenseClaimants, func(c expense.Claim, role domain.Role, _ expense.Policy, now time.Time) ([]domain.Event, error) {
		return c.Draft(cmd.ClaimID, m.Actor, cmd.Purpose, cmd.Items, now)
	})
}

// ApprovePriorExpense is the company manager's approval in advance.
type ApprovePriorExpense struct {
	ClaimID string
	Comment string
}

// ApprovePriorExpense records expense.PriorApproved.
func (h *Expenses) ApprovePriorExpense(ctx context.Context, m Meta, cmd ApprovePriorExpense) (Result, error) {
	return h.on(ctx, m, "ApprovePriorExpense", cmd.ClaimID, expense.PriorApprovers, func(c expense.Claim, role domain.Role, p expense.Policy, now time.Time) ([]domain.Event, error) {
		return c.ApprovePrior(m.Actor, role, cmd.Comment, p, now)
	})
}

// SubmitExpenseClaim puts the claimant's claim to its signers.
type SubmitExpenseClaim struct{ ClaimID string }

// SubmitExpenseClaim records expense.Submitted.
func (h *Expenses) SubmitExpenseClaim(ctx context.Context, m Meta, cmd SubmitExpenseClaim) (Result, error) {
	return h.on(ctx, m, "SubmitExpenseClaim", cmd.ClaimID, expenseClaimants, func(c expense.Claim, _ domain.Role, p expense.Policy, now time.Time) ([]domain.Event, error) {
		return c.Submit(m.Actor.EmployeeID, p, now)
	})
}

// SignExpenseClaim is one manager's signature on the claim's vouchers.
type SignExpenseClaim struct{ ClaimID string }

// SignExpenseClaim records expense.Signed.
func (h *Expenses) SignExpenseClaim(ctx context.Context, m Meta, cmd SignExpenseClaim) (Result, error) {
	return h.on(ctx, m, "SignExpenseClaim", cmd.ClaimID, expense.Signers, func(c expense.Claim, role domain.Role, _ expense.Policy, now time.Time) ([]domain.Event, error) {
		return c.Sign(m.Actor, role, now)
	})
}

// ApproveReimbursement is finance's approval of a signed claim.
type ApproveReimbursement struct {
	ClaimID string
	Comment string
}

// ApproveReimbursement records expense.FinanceApproved.
func (h *Expenses) ApproveReimbursement(ctx context.Context, m Meta, cmd ApproveReimbursement) (Result, error) {
	return h.on(ctx, m, "ApproveReimbursement", cmd.ClaimID, expenseFinance, func(c expense.Claim, role domain.Role, _ expense.Policy, now time.Time) ([]domain.Event, error) {
		return c.ApproveByFinance(m.Actor, role, cmd.Comment, now)
	})
}

// RecordReimbursementPayment records finance's payment to the claimant.
type RecordReimbursementPayment struct {
	ClaimID    string
	PaymentRef string
}

// RecordReimbursementPayment records expense.Paid.
func (h *Expenses) RecordReimbursementPayment(ctx context.Context, m Meta, cmd RecordReimbursementPayment) (Result, error) {
	return h.on(ctx, m, "RecordReimbursementPayment", cmd.ClaimID, expenseFinance, func(c expense.Claim, role domain.Role, _ expense.Policy, now time.Time) ([]domain.Event, error) {
		return c.RecordPayment(m.Actor, role, cmd.PaymentRef, now)
	})
}

// ReturnExpenseClaim sends a claim back for correction; Reason is the
// envelope's.
type ReturnExpenseClaim struct {
	ClaimID string
	Reason  string
}

// ReturnExpenseClaim records expense.Returned.
func (h *Expenses) ReturnExpenseClaim(ctx context.Context, m Meta, cmd ReturnExpenseClaim) (Result, error) {
	return h.on(ctx, m, "ReturnExpenseClaim", cmd.ClaimID, expenseRefusers, func(c expense.Claim, role domain.Role, _ expense.Policy, now time.Time) ([]domain.Event, error) {
		return c.Return(m.Actor, role, cmd.Reason, now)
	})
}

// RejectExpenseClaim refuses a claim for good; Reason is the envelope's.
type RejectExpenseClaim struct {
	ClaimID string
	Reason  string
}

// RejectExpenseClaim records expense.Rejected.
func (h *Expenses) RejectExpenseClaim(ctx context.Context, m Meta, cmd RejectExpenseClaim) (Result, error) {
	return h.on(ctx, m, "RejectExpenseClaim", cmd.ClaimID, expenseRefusers, func(c expense.Claim, role domain.Role, _ expense.Policy, now time.Time) ([]domain.Event, error) {
		return c.Reject(m.Actor, role, cmd.Reason, now)
	})
}

// Policy is the expense policy in force at t: which claims need approval
// in advance, and the company calendar of the employee regulation.
func (h *Expenses) Policy(t time.Time) expense.Policy {
	p := expense.DefaultPolicy()
	staff, _ := h.staff.at(t)
	p.UTCOffset = staff.UTCOffset
	return p
}

// on authorizes the actor for command among allowed, then runs decide on
// the claim at the command's business time.
func (h *Expenses) on(ctx context.Context, m Meta, command, id string, allowed []domain.Role,
	decide func(expense.Claim, domain.Role, expense.Policy, time.Time) ([]domain.Event, error)) (Result, error) {
	role, err := authorize(m, command, allowed...)
	if err != nil {
		return Result{}, err
	}
	now := m.businessTime(h.now)
	p := h.Policy(now)
	return h.claims.Update(ctx, m, decision[expense.Claim]{
		stream: expense.Stream(id), role: role,
		decide: func(c expense.Claim) ([]domain.Event, error) { return decide(c, role, p, now) },
	})
}
