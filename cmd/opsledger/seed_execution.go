package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

// executionIssues are execution issues raised by hand (and left open) on
// contracts in execution (K9). Delivery delays need none: the regulation
// raises one when an order records its delay (ord-2026-0004 does).
var executionIssues = map[string]struct {
	Type        contract.IssueType
	Description string
}{
	"ctr-2026-003": {contract.IssueRequirementChange, "客户要求将焚烧室耐火材料升级为高铝砖，技术部评估后需补充协议并调整交付计划"},
}

// execute takes a signed contract through its deposit, execution, orders
// and collection plan, and to completion and closing when its stop says.
func (s *seeder) execute(c demoContract) {
	k := "contract:" + c.ID + ":"
	at := func(days int) time.Time { return c.At.AddDate(0, 0, days) }
	fin := financeOf(c.Rep)
	if c.DepositPct > 0 {
		step(s, k+"deposit", fin, at(12), s.h.Contracts.RecordDepositReceived, commands.RecordDepositReceived{
			ContractID: c.ID, Amount: c.deposit(), Reference: "银行回单 DEP-" + strings.TrimPrefix(c.ID, "ctr-")})
	}
	step(s, k+"start-execution", c.Rep, at(13), s.h.Contracts.StartContractExecution, commands.StartContractExecution{ContractID: c.ID})
	plan := c.instalments()
	step(s, k+"collection-plan", c.Rep, at(13).Add(2*time.Hour), s.h.Contracts.SetCollectionPlan, commands.SetCollectionPlan{ContractID: c.ID, Instalments: plan})
	if issue, ok := executionIssues[c.ID]; ok {
		step(s, k+"issue-1", c.Rep, at(30), s.h.Contracts.RaiseExecutionIssue, commands.RaiseExecutionIssue{
			ContractID: c.ID, IssueID: "issue-1", Type: issue.Type, Description: issue.Description})
	}
	s.orders(c)
	for i := 0; i < c.Paid && i < len(plan); i++ {
		in := plan[i]
		step(s, fmt.Sprintf("%spay-%s", k, in.ID), fin, in.DueDate.Add(-2*time.Hour), s.h.Contracts.RecordContractPayment, commands.RecordContractPayment{
			ContractID: c.ID, InstalmentID: in.ID, Amount: in.Amount, Reference: fmt.Sprintf("银行回单 %s-%s", strings.TrimPrefix(c.ID, "ctr-"), in.ID)})
	}
	if c.Overdue && c.Paid < len(plan) {
		s.dun(c, plan[c.Paid])
	}
	if c.Stop >= stopCompleted {
		s.complete(c, plan[len(plan)-1].DueDate.AddDate(0, 0, 1))
	}
}

// dun escalates an unpaid instalment after its due date: a dunning
// letter, then an on-site visit (K10).
func (s *seeder) dun(c demoContract, in contract.Instalment) {
	k := "contract:" + c.ID + ":dun-" + in.ID + ":"
	step(s, k+"letter", c.Rep, in.DueDate.AddDate(0, 0, 15), s.h.Contracts.EscalateCollection, commands.EscalateCollection{
		ContractID: c.ID, InstalmentID: in.ID, Step: contract.DunningLetter, Note: "已寄送催款函（挂号信），要求 10 日内付款"})
	step(s, k+"visit", c.Rep, in.DueDate.AddDate(0, 0, 31), s.h.Contracts.EscalateCollection, commands.EscalateCollection{
		ContractID: c.ID, InstalmentID: in.ID, Step: contract.DunningVisit, Note: "上门催收，客户财务承诺月底前支付一半"})
}

// complete completes c and, for a closed contract, records the
// customer's feedback and closes it.
func (s *seeder) complete(c demoContract, at time.Time) {
	k := "contract:" + c.ID + ":"
	step(s, k+"complete", c.Rep, at, s.h.Contracts.CompleteContract, commands.CompleteContract{ContractID: c.ID})
	if c.Stop < stopClosed {
		return
	}
	step(s, k+"feedback", c.Rep, at.AddDate(0, 0, 3), s.h.Contracts.RecordCompletionFeedback, commands.RecordCompletionFeedback{
		ContractID: c.ID, Feedback: "设备运行稳定，安装调试及时，对服务满意", Satisfied: true})
	step(s, k+"close", c.head(), at.AddDate(0, 0, 5), s.h.Contracts.CloseContract, commands.CloseContract{ContractID: c.ID})
}

// instalments splits what the plan must collect (the price less the
// deposit) 40/40/20 over five months.
func (c demoContract) instalments() []contract.Instalment {
	rest := c.Price*c.Qty - c.Price*c.Qty*c.DepositPct/100
	first := rest * 40 / 100
	amounts := []int64{first, first, rest - 2*first}
	days := []int{45, 90, 150}
	out := make([]contract.Instalment, len(amounts))
	for i, a := range amounts {
		out[i] = contract.Instalment{ID: fmt.Sprintf("inst-%d", i+1), DueDate: c.At.AddDate(0, 0, days[i]), Amount: domain.Yuan(a)}
	}
	return out
}

// financeOf is the finance employee who books the payments of rep's
// customers: the branch's own finance department where there is one.
func financeOf(rep string) string {
	if strings.HasPrefix(personOf(rep).Unit, "EAST") {
		return "emp-east-fin-1"
	}
	return "emp-fin-1"
}
