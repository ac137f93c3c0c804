package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/quotation"
)

// contractStop is the last stage a demo contract reaches, in chain order.
type contractStop int

const (
	stopDraft contractStop = iota
	stopRegistered
	stopDeptApproved
	stopLegalCleared
	stopApproved
	stopSigned
	stopExecuting
	stopCompleted
	stopClosed
)

// contractTwist is what happens to a contract at its stop.
type contractTwist int

const (
	twistNone         contractTwist = iota
	twistDeptReturned               // the department head returns it for revision; the rep revises
	twistLegalFailed                // legal returns it with findings
	twistTerminated                 // the GM terminates it after signing, on legal's opinion
)

// demoContract is a contract with the approved final quotation it comes
// from (one line; unit prices in yuan). DepositPct is the deposit required,
// in percent of the price; Paid is how many instalments of its collection
// plan are paid, and Overdue escalates the next one.
type demoContract struct {
	ID, Customer, Rep string
	Product           string
	Qty, Price, Cost  int64
	DepositPct        int64
	Stop              contractStop
	Twist             contractTwist
	At                time.Time
	Paid              int
	Overdue           bool
}

var demoContracts = []demoContract{
	{"ctr-2026-001", "cust-0001", "emp-rep-01", "数控立式加工中心 VMC-850", 4, 380_000, 250_000, 20, stopClosed, twistNone, day(2026, 3, 2), 3, false},
	{"ctr-2026-002", "cust-0002", "emp-rep-02", "精密平面磨床 MG-420", 6, 150_000, 112_000, 30, stopExecuting, twistNone, day(2026, 3, 4), 1, true},
	{"ctr-2026-003", "cust-0003", "emp-rep-03", "RTO 蓄热式废气焚烧系统", 1, 1_800_000, 1_500_000, 30, stopExecuting, twistNone, day(2026, 3, 9), 0, false},
	{"ctr-2026-004", "cust-0004", "emp-rep-04", "搪玻璃反应釜 FY-5000", 3, 260_000, 120_000, 0, stopCompleted, twistNone, day(2026, 3, 11), 3, false},
	{"ctr-2026-014", "cust-0017", "emp-rep-11", "变频螺杆空压机 SA-75", 6, 120_000, 80_000, 20, stopExecuting, twistNone, day(2026, 3, 16), 1, false},
	{"ctr-2026-013", "cust-0013", "emp-rep-01", "不锈钢离心泵 IS-150", 200, 3_200, 2_000, 0, stopSigned, twistTerminated, day(2026, 4, 6), 0, false},
	{"ctr-2026-015", "cust-0018", "emp-rep-12", "AGV 搬运机器人 AGV-500", 10, 85_000, 50_000, 20, stopSigned, twistNone, day(2026, 5, 18), 0, false},
	{"ctr-2026-005", "cust-0005", "emp-rep-05", "电动平衡重叉车 CPD-30", 10, 98_000, 64_000, 20, stopSigned, twistNone, day(2026, 6, 1), 0, false},
	{"ctr-2026-006", "cust-0006", "emp-rep-06", "SMT 贴片机 NXT-III", 2, 520_000, 400_000, 20, stopApproved, twistNone, day(2026, 6, 8), 0, false},
	{"ctr-2026-007", "cust-0007", "emp-rep-01", "直读光谱仪 OES-8000", 5, 210_000, 140_000, 20, stopLegalCleared, twistNone, day(2026, 6, 15), 0, false},
	{"ctr-2026-008", "cust-0008", "emp-rep-02", "塔吊标准节 TC-6012", 20, 45_000, 30_000, 10, stopDeptApproved, twistNone, day(2026, 6, 22), 0, false},
	{"ctr-2026-009", "cust-0009", "emp-rep-03", "喷气织机 JAT-810", 8, 160_000, 100_000, 20, stopRegistered, twistNone, day(2026, 6, 29), 0, false},
	{"ctr-2026-010", "cust-0010", "emp-rep-04", "级进冲压模具 PD-12", 12, 68_000, 40_000, 0, stopDraft, twistNone, day(2026, 7, 6), 0, false},
	{"ctr-2026-011", "cust-0011", "emp-rep-05", "脉动真空灭菌器 MAST-1.2", 3, 330_000, 220_000, 20, stopRegistered, twistDeptReturned, day(2026, 7, 13), 0, false},
	{"ctr-2026-012", "cust-0012", "emp-rep-06", "拉幅定型机 LK-2800", 2, 450_000, 300_000, 20, stopDeptApproved, twistLegalFailed, day(2026, 7, 20), 0, false},
}

// contracts runs every demo contract's story.
func (s *seeder) contracts() {
	for _, c := range demoContracts {
		s.contract(c)
	}
}

// contract quotes, drafts and reviews c up to its stop, then signs and
// executes it when its stop is that far.
func (s *seeder) contract(c demoContract) {
	s.quote(c.quote())
	k := "contract:" + c.ID + ":"
	at := func(days int) time.Time { return c.At.AddDate(0, 0, days) }
	step(s, k+"draft", c.Rep, at(2), s.h.Contracts.DraftContract, commands.DraftContract{
		ContractID: c.ID, CustomerID: c.Customer, QuotationID: c.quote().ID, Terms: c.terms(), DepositRequired: c.deposit()})
	s.count("contracts", 1)
	if !s.review(c, at) {
		return
	}
	if c.Twist == twistTerminated {
		step(s, k+"terminate", "emp-gm", at(20), s.h.Contracts.TerminateContract, commands.TerminateContract{
			ContractID: c.ID, Reason: "客户项目取消，双方协商一致解除合同", LegalOpinionRef: "法律意见书 LO-" + strings.TrimPrefix(c.ID, "ctr-")})
		return
	}
	if c.Stop >= stopExecuting {
		s.execute(c)
	}
}

// review takes c's draft through registration, the department head, legal
// and the GM to signing, stopping at c's stop (or returning it for
// revision there). It reports whether c was signed.
func (s *seeder) review(c demoContract, at func(days int) time.Time) bool {
	k := "contract:" + c.ID + ":"
	steps := []struct {
		stop contractStop
		do   func()
	}{
		{stopRegistered, func() {
			step(s, k+"register", c.Rep, at(3), s.h.Contracts.SubmitContract, commands.SubmitContract{
				ContractID: c.ID, RegistrationNo: "HT-" + strings.TrimPrefix(c.ID, "ctr-"), DocumentHash: c.hash(),
				Documents: []string{"合同文本", "最终报价单 " + c.quote().ID, "客户营业执照复印件"}})
		}},
		{stopDeptApproved, func() {
			step(s, k+"dept-approve", c.head(), at(4), s.h.Contracts.ApproveContractByDeptHead, commands.ApproveContractByDeptHead{ContractID: c.ID, Comment: "价格与最终报价一致，同意"})
		}},
		{stopLegalCleared, func() {
			step(s, k+"legal-pass", "emp-legal-1", at(6), s.h.Contracts.PassContractLegalReview, commands.PassContractLegalReview{ContractID: c.ID, Comment: "条款合法合规，必备条款齐全"})
		}},
		{stopApproved, func() {
			step(s, k+"gm-approve", "emp-gm", at(7), s.h.Contracts.ApproveContractByGM, commands.ApproveContractByGM{ContractID: c.ID, Comment: "同意签订"})
		}},
		{stopSigned, func() { s.sign(c, at(9)) }},
	}
	for _, st := range steps {
		if c.returnedBefore(st.stop) {
			s.returnContract(c, at(5))
			return false
		}
		if c.Stop < st.stop {
			return false
		}
		st.do()
	}
	return true
}

// returnedBefore reports whether c is sent back for revision by the
// reviewer of stage st (the twist happens at the stage after c's stop).
func (c demoContract) returnedBefore(st contractStop) bool {
	return st == c.Stop+1 && (c.Twist == twistDeptReturned || c.Twist == twistLegalFailed)
}

// returnContract sends c back to its drafter from the department head or
// legal; a contract the department head returned is revised at once.
func (s *seeder) returnContract(c demoContract, at time.Time) {
	k := "contract:" + c.ID + ":"
	if c.Twist == twistLegalFailed {
		step(s, k+"legal-fail", "emp-legal-1", at, s.h.Contracts.FailContractLegalReview, commands.FailContractLegalReview{
			ContractID: c.ID, Comment: "违约责任条款与质量验收标准约定不明确，请补充后重新报审"})
		return
	}
	step(s, k+"dept-return", c.head(), at, s.h.Contracts.RejectContractByDeptHead, commands.RejectContractByDeptHead{
		ContractID: c.ID, Comment: "付款条件对我方不利，请与客户重新协商预付款比例"})
	terms := c.terms()
	terms.PaymentTerms = "合同签订后 7 日内预付 30%，到货验收后付 60%，质保金 10% 一年后支付"
	step(s, k+"revise", c.Rep, at.Add(24*time.Hour), s.h.Contracts.ReviseContractDraft, commands.ReviseContractDraft{ContractID: c.ID, Terms: terms})
}

// sign has the branch manager sign c at the company, and the system mark
// the customer cooperating as it does on every signature (C9).
func (s *seeder) sign(c demoContract, at time.Time) {
	k := "contract:" + c.ID + ":"
	step(s, k+"sign", branchManagerOf(c.Rep), at, s.h.Contracts.SignContract, commands.SignContract{
		ContractID: c.ID, Place: contract.PlaceCompany, CustomerSignatory: customerByID(c.Customer).Contact, DocumentHash: c.hash()})
	step(s, k+"customer-cooperating", systemActor, at.Add(time.Minute), s.h.Customers.MarkCustomerCooperating, commands.MarkCustomerCooperating{
		CustomerID: c.Customer, ContractID: c.ID, SignedAt: at})
}

func (c demoContract) quote() demoQuote {
	return demoQuote{ID: "quote-" + strings.TrimPrefix(c.ID, "ctr-"), Customer: c.Customer, Rep: c.Rep, Type: quotation.TypeWrittenFinal,
		Product: c.Product, Qty: c.Qty, Price: c.Price, Cost: c.Cost, Flow: quoteAccepted, At: c.At}
}

func (c demoContract) value() domain.Money { return domain.Yuan(c.Price * c.Qty) }

func (c demoContract) deposit() domain.Money {
	return domain.Yuan(c.Price * c.Qty * c.DepositPct / 100)
}

func (c demoContract) hash() string { return "sha256:" + c.ID + "-v1" }

func (c demoContract) head() string { return headOf(personOf(c.Rep).Unit) }

func (c demoContract) terms() contract.Terms {
	return contract.Terms{
		RightsObligations: "甲方按约定付款并提供安装现场条件；乙方按约定质量、期限交付设备并负责安装调试与操作培训",
		Scope:             fmt.Sprintf("%s，数量 %d", c.Product, c.Qty),
		Price:             c.value(), DeliveryDate: c.At.AddDate(0, 2, 0),
		PaymentTerms:        fmt.Sprintf("合同签订后预付 %d%%，余款按收款计划分期支付", c.DepositPct),
		ReturnsClause:       "到货 7 日内发现质量问题可退换",
		CompensationClause:  "因乙方原因造成损失的，赔偿额以合同总价为限",
		LateDeliveryClause:  "每逾期一日按合同总价的 0.1% 支付违约金",
		QualityRequirements: "符合国家标准及技术协议", QualityInspection: "到货后 15 日内双方联合验收",
		ServiceTerms: "质保期 12 个月，4 小时响应、24 小时到场",
	}
}
