package main

import (
	"strconv"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/expense"
)

// demoExpenseStep is one command on a demo expense claim: who issues it,
// how many days after the claim's first day, and what it does.
type demoExpenseStep struct {
	actor  string
	after  int
	action string // prior, submit, sign, finance, pay, return, reject, redraft
	reason string
}

// demoExpenseClaim is one claim of the demo (§5.12): a rep's customer
// expenses and the steps it went through.
type demoExpenseClaim struct {
	ID, Claimant string
	Start        time.Time
	Purpose      string
	Items        []expense.Item
	// FirstLines, when set, is how many of Items the first draft listed
	// (the claimant adds the others when the claim comes back).
	FirstLines int
	Steps      []demoExpenseStep
}

func demoItem(kind expense.Kind, yuan int64, fen int64, on string, voucher string) expense.Item {
	return expense.Item{Kind: kind, Amount: domain.Fen(yuan*100 + fen), IncurredOn: on, VoucherRef: voucher}
}

// demoExpenseClaims: paid claims of EAST and SOUTH (one returned by
// finance for a missing voucher and submitted again, one of business
// cards approved in advance by the branch manager), a claim of 620 元
// approved in advance and waiting for its second signature, and one the
// branch manager refused.
var demoExpenseClaims = []demoExpenseClaim{
	{ID: "exp-2026-001", Claimant: "emp-rep-01", Start: day(2026, 6, 5), Purpose: "预约并拜访宁波客户 (calls and visits to Ningbo customers)",
		Items: []expense.Item{demoItem(expense.KindPhone, 35, 0, "2026-06-02", "TEL-0602"), demoItem(expense.KindTransport, 128, 50, "2026-06-04", "TAXI-0604")},
		Steps: []demoExpenseStep{{"emp-rep-01", 0, "submit", ""}, {"emp-east-head", 1, "sign", ""}, {"emp-east-bm", 2, "sign", ""},
			{"emp-fin-1", 3, "finance", ""}, {"emp-fin-1", 4, "pay", ""}}},
	{ID: "exp-2026-002", Claimant: "emp-rep-02", Start: day(2026, 7, 1), Purpose: "名片制作 (business cards for the summer fair)",
		Items: []expense.Item{demoItem(expense.KindBusinessCards, 180, 0, "2026-07-03", "PRINT-0703")},
		Steps: []demoExpenseStep{{"emp-east-bm", 0, "prior", ""}, {"emp-rep-02", 3, "submit", ""}, {"emp-east-head", 4, "sign", ""},
			{"emp-east-deputy", 4, "sign", ""}, {"emp-fin-2", 6, "finance", ""}, {"emp-fin-2", 7, "pay", ""}}},
	{ID: "exp-2026-003", Claimant: "emp-rep-11", Start: day(2026, 8, 10), Purpose: "拜访广州客户交通费 (transport to Guangzhou customers)",
		Items:      []expense.Item{demoItem(expense.KindTransport, 260, 0, "2026-08-07", "TRAIN-0807"), demoItem(expense.KindTransport, 42, 0, "2026-08-08", "TAXI-0808")},
		FirstLines: 1,
		Steps: []demoExpenseStep{{"emp-rep-11", 0, "submit", ""}, {"emp-south-head", 1, "sign", ""},
			{"emp-fin-1", 2, "return", "清单漏列一笔交通费 (a transport expense is missing from the list)"}, {"emp-rep-11", 3, "redraft", ""},
			{"emp-rep-11", 3, "submit", ""}, {"emp-south-head", 4, "sign", ""}, {"emp-south-bm", 5, "sign", ""},
			{"emp-fin-1", 6, "finance", ""}, {"emp-fin-1", 7, "pay", ""}}},
	{ID: "exp-2026-004", Claimant: "emp-rep-05", Start: day(2026, 9, 14), Purpose: "杭州客户项目交通费 (transport for the Hangzhou project)",
		Items: []expense.Item{demoItem(expense.KindTransport, 620, 0, "2026-09-16", "TRAIN-0916")},
		Steps: []demoExpenseStep{{"emp-gm", 0, "prior", ""}, {"emp-rep-05", 4, "submit", ""}, {"emp-east-head", 5, "sign", ""}}},
	{ID: "exp-2026-005", Claimant: "emp-rep-12", Start: day(2026, 10, 12), Purpose: "预约客户电话费 (calls to arrange visits)",
		Items: []expense.Item{demoItem(expense.KindPhone, 45, 0, "2026-10-09", "TEL-1009")},
		Steps: []demoExpenseStep{{"emp-rep-12", 0, "submit", ""}, {"emp-south-head", 1, "sign", ""},
			{"emp-south-bm", 2, "reject", "私人通话,不属业务费用 (private calls, not a business expense)"}}},
}

// expenseClaims drafts the demo's claims and walks each through its steps.
func (s *seeder) expenseClaims() {
	for _, c := range demoExpenseClaims {
		items := c.Items
		if c.FirstLines > 0 {
			items = items[:c.FirstLines]
		}
		step(s, c.ID+":draft", c.Claimant, c.Start, s.h.Expenses.DraftExpenseClaim, commands.DraftExpenseClaim{ClaimID: c.ID, Purpose: c.Purpose, Items: items})
		for i, st := range c.Steps {
			s.expenseStep(c, i, st)
		}
		s.count("expense claims", 1)
	}
}

func (s *seeder) expenseStep(c demoExpenseClaim, i int, st demoExpenseStep) {
	key, at := c.ID+":"+st.action+":"+strconv.Itoa(i), c.Start.AddDate(0, 0, st.after).Add(time.Duration(i)*time.Minute)
	h := s.h.Expenses
	switch st.action {
	case "redraft":
		step(s, key, st.actor, at, h.DraftExpenseClaim, commands.DraftExpenseClaim{ClaimID: c.ID, Purpose: c.Purpose, Items: c.Items})
	case "prior":
		step(s, key, st.actor, at, h.ApprovePriorExpense, commands.ApprovePriorExpense{ClaimID: c.ID, Comment: "同意 (approved)"})
	case "submit":
		step(s, key, st.actor, at, h.SubmitExpenseClaim, commands.SubmitExpenseClaim{ClaimID: c.ID})
	case "sign":
		step(s, key, st.actor, at, h.SignExpenseClaim, commands.SignExpenseClaim{ClaimID: c.ID})
	case "finance":
		step(s, key, st.actor, at, h.ApproveReimbursement, commands.ApproveReimbursement{ClaimID: c.ID})
	case "pay":
		step(s, key, st.actor, at, h.RecordReimbursementPayment, commands.RecordReimbursementPayment{ClaimID: c.ID, PaymentRef: "REIMB-" + c.ID})
	case "return":
		because(s, st.reason, key, st.actor, at, h.ReturnExpenseClaim, commands.ReturnExpenseClaim{ClaimID: c.ID, Reason: st.reason})
	case "reject":
		because(s, st.reason, key, st.actor, at, h.RejectExpenseClaim, commands.RejectExpenseClaim{ClaimID: c.ID, Reason: st.reason})
	}
}
