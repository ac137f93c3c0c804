package main

import (
	"fmt"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/quotation"
)

// deal is one sale: a final quotation approved at its margin tier, and,
// when the customer accepts, a contract through its review chain,
// signature, execution, orders and collection. It reports false when the
// story was stopped.
func (g *histGen) deal(a *account, step func() bool) bool {
	q, ok := g.quote(a, step)
	if !ok || q == nil {
		return ok
	}
	ct, ok := g.contract(a, q, step)
	if !ok || ct == nil {
		return ok
	}
	return g.execute(a, ct, step)
}

// quote drafts, approves and issues a final quotation; nil when the
// customer turned it down.
func (g *histGen) quote(a *account, step func() bool) (*agg[quotation.Quotation], bool) {
	reg, pv := quotation.DefaultRegulation(), "quotation/default"
	id := g.id("quote")
	q := newAgg(quotation.Stream(id), quotation.Quotation.Evolve)
	qty := int64(1 + g.rng.IntN(10))
	cost := int64(20_000 + 1000*g.rng.IntN(400))
	price := cost * int64(115+g.rng.IntN(110)) / 100
	d := quotation.Draft{QuotationID: id, CustomerID: a.c.state.ID, Type: quotation.TypeWrittenFinal,
		Lines:        []quotation.Line{{Product: pick(g, products), Quantity: qty, UnitPrice: domain.Yuan(price), UnitCost: domain.Yuan(cost)}},
		CostBasisRef: "成本核算单 CB-" + id, DemandAssessment: "客户年度设备预算已获批", ValidUntil: g.now.AddDate(0, 0, 30)}
	a.quoted = d.Lines[0]
	facts := quotation.CustomerFacts{Exists: true, Abandoned: a.c.state.Stage == customer.StageAbandoned}
	rep := a.rep
	act(g, q, rep, pv, "quote-draft", func(s quotation.Quotation) ([]domain.Event, error) { return s.Draft(d, facts, reg, pv, rep.id, g.now) })
	g.costQuote(q, d.Lines, reg, pv)
	tier := reg.Tier(q.state.MarginRatio())
	approver := g.approver(a, tier)
	approve := func() {
		act(g, q, approver, pv, "quote-approve", func(s quotation.Quotation) ([]domain.Event, error) {
			return s.Approve(approver.id, approver.role, "同意报价", reg, pv, g.now)
		})
	}
	issue := func() {
		act(g, q, rep, pv, "quote-issue", func(s quotation.Quotation) ([]domain.Event, error) { return s.Issue(rep.id, rep.role, reg, pv, g.now) })
	}
	if tier == quotation.TierRep {
		issue()
		approve()
	} else {
		act(g, q, rep, pv, "quote-submit", func(s quotation.Quotation) ([]domain.Event, error) { return s.Submit(rep.id, reg, pv, g.now) })
		if !step() {
			return nil, false
		}
		approve()
		issue()
	}
	if !step() {
		return nil, false
	}
	if g.chance(0.2) {
		act(g, q, rep, "", "quote-customer-reject", func(s quotation.Quotation) ([]domain.Event, error) {
			return s.RejectByCustomer("客户反馈价格高于竞争对手", rep.id, g.now)
		})
		return nil, true
	}
	act(g, q, rep, "", "quote-accept", func(s quotation.Quotation) ([]domain.Event, error) { return s.Accept(rep.id, g.now) })
	return q, true
}

// approver is who approves a quotation at tier (K7).
func (g *histGen) approver(a *account, tier quotation.Tier) person {
	switch tier {
	case quotation.TierGM:
		return g.org.gm
	case quotation.TierGMOffice:
		return g.org.gmo
	}
	return a.unit.head
}

func cactor(p person) contract.Actor {
	return contract.Actor{EmployeeID: p.id, Role: p.role, OrgUnitID: p.unit}
}

// contract drafts the contract from q and takes it through registration,
// the department head (who returns one in ten for revision), legal and
// the GM to the signature; nil when the story ends unsigned.
func (g *histGen) contract(a *account, q *agg[quotation.Quotation], step func() bool) (*agg[contract.Contract], bool) {
	id := g.id("ctr")
	ct := newAgg(contract.Stream(id), contract.Contract.Evolve)
	qs := q.state
	facts := contract.QuoteFacts{QuotationID: qs.ID, Found: true, ApprovedFinal: qs.IsApprovedFinal(), Price: qs.Price, CustomerID: qs.CustomerID}
	terms := g.terms(qs.Price)
	deposit := domain.Money{Minor: qs.Price.Minor / 100 * int64(g.rng.IntN(4)*10), Currency: qs.Price.Currency}
	in := contract.DraftInput{ContractID: id, CustomerID: a.c.state.ID, Terms: terms, DepositRequired: deposit}
	rep, head, gm := cactor(a.rep), cactor(a.unit.head), cactor(g.org.gm)
	act(g, ct, a.rep, "", "contract-draft", func(s contract.Contract) ([]domain.Event, error) {
		return s.Draft(in, facts, contract.CustomerFacts{Exists: true}, rep, g.now)
	})
	hash := "sha256:" + id + "-v1"
	submit := func() {
		sub := contract.Submission{RegistrationNo: "HT-" + id, DocumentHash: hash, Documents: []string{"合同文本", "最终报价单 " + qs.ID}}
		act(g, ct, a.rep, "", "contract-submit", func(s contract.Contract) ([]domain.Event, error) { return s.Submit(sub, rep, g.now) })
	}
	submit()
	if !step() {
		return nil, false
	}
	if g.chance(0.1) {
		act(g, ct, a.unit.head, "", "contract-dept-reject", func(s contract.Contract) ([]domain.Event, error) {
			return s.RejectByDeptHead(head, "付款条件对我方不利，请重新协商", g.now)
		})
		terms.PaymentTerms = "合同签订后 7 日内预付 30%，到货验收后付 60%，质保金 10%"
		act(g, ct, a.rep, "", "contract-revise", func(s contract.Contract) ([]domain.Event, error) { return s.ReviseDraft(terms, facts, rep, g.now) })
		submit()
		if !step() {
			return nil, false
		}
	}
	act(g, ct, a.unit.head, "", "contract-dept-approve", func(s contract.Contract) ([]domain.Event, error) {
		return s.ApproveByDeptHead(head, "价格与最终报价一致，同意", g.now)
	})
	legal := pick(g, g.org.legal)
	act(g, ct, legal, "", "contract-legal", func(s contract.Contract) ([]domain.Event, error) {
		return s.PassLegalReview(cactor(legal), "条款合法合规", g.now)
	})
	if !step() {
		return nil, false
	}
	act(g, ct, g.org.gm, "", "contract-gm", func(s contract.Contract) ([]domain.Event, error) { return s.ApproveByGM(gm, "同意签订", g.now) })
	sig := contract.Signature{Place: contract.PlaceCompany, CustomerSignatory: a.contact, DocumentHash: hash}
	act(g, ct, a.unit.head, "contract/default", "contract-sign", func(s contract.Contract) ([]domain.Event, error) {
		return s.Sign(sig, head, contract.DefaultRegulation(), g.now)
	})
	system := person{"system", domain.RoleSystem, ""}
	signed := customer.SignedContract{ContractID: id, CustomerID: a.c.state.ID, Signed: ct.state.IsSigned(), SignedAt: g.now}
	act(g, a.c, system, "", "cooperating", func(c customer.Customer) ([]domain.Event, error) { return c.MarkCooperating(signed, g.now) })
	return ct, step()
}

func (g *histGen) terms(price domain.Money) contract.Terms {
	return contract.Terms{
		RightsObligations: "甲方按约定付款；乙方按约定质量、期限交付设备并负责安装调试",
		Scope:             "设备供货及安装调试", Price: price, DeliveryDate: g.now.AddDate(0, 2, 0),
		PaymentTerms:        "合同签订后预付定金，余款按收款计划分期支付",
		ReturnsClause:       "到货 7 日内发现质量问题可退换",
		CompensationClause:  "赔偿额以合同总价为限",
		LateDeliveryClause:  fmt.Sprintf("每逾期一日按合同总价的 0.%d%% 支付违约金", 1+g.rng.IntN(3)),
		QualityRequirements: "符合国家标准及技术协议", QualityInspection: "到货后 15 日内双方联合验收",
		ServiceTerms: "质保期 12 个月",
	}
}

// quoteEngineer is the business engineer who costs the history's quotes.
var quoteEngineer = person{id: "hist-eng-1", role: domain.RoleBusinessEngineer, unit: "HQ-SALES"}

// costQuote has the business engineer cost a final quote at its lines'
// unit costs and the GM approve its price as leadership (K7-costing,
// K7-price), as every final quote needs before its margin authority
// decides.
func (g *histGen) costQuote(q *agg[quotation.Quotation], lines []quotation.Line, reg quotation.Regulation, pv string) {
	costs := make([]quotation.UnitCost, len(lines))
	for i, l := range lines {
		costs[i] = quotation.UnitCost{Product: l.Product, UnitCost: l.UnitCost}
	}
	act(g, q, quoteEngineer, pv, "quote-costing", func(s quotation.Quotation) ([]domain.Event, error) {
		return s.RecordCosting(quotation.Costing{CostingRef: "成本核算单 CB-" + s.ID, UnitCosts: costs}, quoteEngineer.id, reg, pv, g.now)
	})
	leader := person{id: g.org.gm.id, role: domain.RoleLeadership, unit: g.org.gm.unit}
	act(g, q, leader, pv, "quote-price", func(s quotation.Quotation) ([]domain.Event, error) {
		return s.ApprovePrice(leader.id, leader.role, "按成本核算准价", g.now)
	})
}
