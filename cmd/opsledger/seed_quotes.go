package main

import (
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/quotation"
)

// quoteFlow is how far a quotation goes.
type quoteFlow int

const (
	quoteAccepted         quoteFlow = iota // approved as its margin needs, issued, accepted
	quotePending                           // submitted, awaiting its approver
	quoteRevised                           // refused by the approver, revised, approved and issued
	quoteCustomerRejected                  // approved and issued, then turned down by the customer
	quoteIssued                            // oral or initial quote, issued without approval
	quoteRetroPending                      // issued under rep authority, approval after the fact pending
)

// demoQuote is one quotation with a single line; prices are unit prices
// in yuan. RevisedPrice is the unit price after an approver's refusal.
type demoQuote struct {
	ID, Customer, Rep string
	Type              quotation.Type
	Product           string
	Qty               int64
	Price, Cost       int64
	Flow              quoteFlow
	At                time.Time
	RevisedPrice      int64
}

var standaloneQuotes = []demoQuote{
	{"quote-0101", "cust-0014", "emp-rep-02", quotation.TypeWrittenFinal, "船用液压锚绞车 YMJ-40", 2, 420_000, 350_000, quotePending, day(2026, 3, 16), 0},
	{"quote-0102", "cust-0015", "emp-rep-03", quotation.TypeWrittenSecond, "食品级不锈钢输送线 SS-304", 1, 680_000, 540_000, quoteRevised, day(2026, 3, 17), 800_000},
	{"quote-0103", "cust-0019", "emp-rep-13", quotation.TypeWrittenFinal, "铝型材挤压模具 LM-220", 10, 36_000, 24_500, quoteCustomerRejected, day(2026, 3, 18), 0},
	{"quote-0104", "cust-0021", "emp-rep-12", quotation.TypeOral, "港口门座起重机年度维保", 1, 120_000, 70_000, quoteIssued, day(2026, 3, 19), 0},
	{"quote-0105", "cust-0022", "emp-rep-06", quotation.TypeWrittenInitial, "高低压开关柜 KYN28", 12, 58_000, 40_000, quoteIssued, day(2026, 3, 20), 0},
	{"quote-0106", "cust-0018", "emp-rep-12", quotation.TypeWrittenFinal, "AGV 自动充电桩 CP-48", 20, 12_000, 5_500, quoteRetroPending, day(2026, 3, 23), 0},
}

// standaloneQuotations prepares the quotations that did not (yet) lead to
// a contract: one per margin tier and outcome.
func (s *seeder) standaloneQuotations() {
	for _, q := range standaloneQuotes {
		s.quote(q)
	}
}

// quote drafts q and takes it as far as its flow says, with the approver
// its margin needs under the margin-authority regulation in force (K7).
func (s *seeder) quote(q demoQuote) {
	k := "quote:" + q.ID + ":"
	at := q.At
	next := func() time.Time { at = at.Add(3 * time.Hour); return at }
	step(s, k+"draft", q.Rep, at, s.h.Quotations.DraftQuotation, commands.DraftQuotation{
		QuotationID: q.ID, CustomerID: q.Customer, Type: q.Type, Lines: q.lines(q.Price),
		CostBasisRef: "成本核算单 CB-" + q.ID, DemandAssessment: "客户扩产计划明确，年度设备预算已获批",
		ValidUntil: q.At.AddDate(0, 0, 30)})
	s.count("quotations", 1)
	s.costQuote(q, q.Price, k, next)
	switch q.Flow {
	case quoteIssued, quoteRetroPending:
		step(s, k+"issue", q.Rep, next(), s.h.Quotations.IssueQuotation, commands.IssueQuotation{QuotationID: q.ID})
		return
	}
	if q.Flow == quoteAccepted && q.tier(q.Price) == quotation.TierRep {
		// at or above the rep's authority: issued on the spot, approved after
		step(s, k+"issue", q.Rep, next(), s.h.Quotations.IssueQuotation, commands.IssueQuotation{QuotationID: q.ID})
		step(s, k+"approve", q.approver(q.Price), next(), s.h.Quotations.ApproveQuotation, commands.ApproveQuotation{QuotationID: q.ID, Comment: "事后审批：同意"})
		step(s, k+"accept", q.Rep, next(), s.h.Quotations.RecordQuotationAccepted, commands.RecordQuotationAccepted{QuotationID: q.ID})
		return
	}
	step(s, k+"submit", q.Rep, next(), s.h.Quotations.SubmitQuotation, commands.SubmitQuotation{QuotationID: q.ID})
	price := q.Price
	switch q.Flow {
	case quotePending:
		return
	case quoteRevised:
		because(s, "毛利率偏低，请重新核算成本并调整报价", k+"reject", q.approver(price), next(), s.h.Quotations.RejectQuotation, commands.RejectQuotation{QuotationID: q.ID})
		price = q.RevisedPrice
		because(s, "按审批意见调整单价", k+"revise", q.Rep, next(), s.h.Quotations.ReviseQuotation, commands.ReviseQuotation{
			QuotationID: q.ID, Lines: q.lines(price), CostBasisRef: "成本核算单 CB-" + q.ID + "-R1"})
		s.costQuote(q, price, k+"revised-", next)
		step(s, k+"resubmit", q.Rep, next(), s.h.Quotations.SubmitQuotation, commands.SubmitQuotation{QuotationID: q.ID})
	}
	step(s, k+"approve", q.approver(price), next(), s.h.Quotations.ApproveQuotation, commands.ApproveQuotation{QuotationID: q.ID, Comment: "同意报价"})
	step(s, k+"issue", q.Rep, next(), s.h.Quotations.IssueQuotation, commands.IssueQuotation{QuotationID: q.ID})
	switch q.Flow {
	case quoteAccepted:
		step(s, k+"accept", q.Rep, next(), s.h.Quotations.RecordQuotationAccepted, commands.RecordQuotationAccepted{QuotationID: q.ID})
	case quoteCustomerRejected:
		because(s, "客户反馈价格高于竞争对手报价约 8%", k+"customer-reject", q.Rep, next(), s.h.Quotations.RecordQuotationRejectedByCustomer, commands.RecordQuotationRejectedByCustomer{QuotationID: q.ID})
	}
}

func (q demoQuote) lines(unitPrice int64) []quotation.Line {
	if parts, ok := quoteParts[q.ID]; ok {
		return parts
	}
	return []quotation.Line{{Product: q.Product, Quantity: q.Qty, UnitPrice: domain.Yuan(unitPrice), UnitCost: domain.Yuan(q.Cost)}}
}

// quoteParts break the final quotation of a contract whose orders buy its
// parts separately into those parts: an order's unit price must be one
// the quotation gives (K6). Each adds up to the contract's price and cost,
// so the margin, its approver and the contract value stay those of the
// single line.
var quoteParts = map[string][]quotation.Line{
	"quote-2026-003": {
		{Product: "RTO 主体设备", Quantity: 1, UnitPrice: domain.Yuan(1_200_000), UnitCost: domain.Yuan(1_000_000)},
		{Product: "配套管道及阀门", Quantity: 1, UnitPrice: domain.Yuan(300_000), UnitCost: domain.Yuan(250_000)},
		{Product: "RTO 安装调试", Quantity: 1, UnitPrice: domain.Yuan(300_000), UnitCost: domain.Yuan(250_000)},
	},
	"quote-2026-014": {
		{Product: "变频螺杆空压机 SA-75", Quantity: 6, UnitPrice: domain.Yuan(112_000), UnitCost: domain.Yuan(75_000)},
		{Product: "空压机备件包", Quantity: 6, UnitPrice: domain.Yuan(8_000), UnitCost: domain.Yuan(5_000)},
	},
}

// total is the quotation's price at unitPrice.
func (q demoQuote) total(unitPrice int64) domain.Money { return domain.Yuan(unitPrice * q.Qty) }

// tier is the quotation's margin tier under the regulation in force when
// it is drafted (see marginRegulationAt).
func (q demoQuote) tier(unitPrice int64) quotation.Tier {
	return marginRegulationAt(q.At).Tier(domain.NewRatio(unitPrice-q.Cost, unitPrice))
}

// approver is who approves the quotation at unitPrice: the rep's
// department head up to the GM, by margin tier (K7).
func (q demoQuote) approver(unitPrice int64) string {
	switch q.tier(unitPrice) {
	case quotation.TierGM:
		return "emp-gm"
	case quotation.TierGMOffice:
		return "emp-gmo-1"
	}
	return headOf(personOf(q.Rep).Unit)
}

// quoteEngineer is the business engineer who costs the demo's quotes.
const quoteEngineer = "emp-eng-1"

// costQuote has the business engineer cost a concrete quote at its lines'
// unit costs and, for a final quote, the GM approve its price as company
// leadership, before its margin authority decides (K7-costing, K7-price).
func (s *seeder) costQuote(q demoQuote, unitPrice int64, k string, next func() time.Time) {
	if !q.Type.Concrete() {
		return
	}
	lines := q.lines(unitPrice)
	costs := make([]quotation.UnitCost, len(lines))
	for i, l := range lines {
		costs[i] = quotation.UnitCost{Product: l.Product, UnitCost: l.UnitCost}
	}
	step(s, k+"costing", quoteEngineer, next(), s.h.Quotations.RecordQuotationCosting, commands.RecordQuotationCosting{
		QuotationID: q.ID, Costing: quotation.Costing{CostingRef: "成本核算单 CB-" + q.ID, UnitCosts: costs}})
	if q.Type == quotation.TypeWrittenFinal {
		step(s, k+"price-approval", "emp-gm", next(), s.h.Quotations.ApproveQuotationPrice, commands.ApproveQuotationPrice{
			QuotationID: q.ID, Comment: "按成本核算准价"})
	}
}
