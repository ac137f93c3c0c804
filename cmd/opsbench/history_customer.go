package main

import (
	"fmt"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/quotation"
)

// account is one customer's story: who owns it and its file.
type account struct {
	c       *agg[customer.Customer]
	rep     person
	unit    *salesUnit
	name    string
	address string
	contact string
	// quoted is the line of the account's last final quotation: its
	// orders buy that product at that unit price (K6).
	quoted quotation.Line
}

var (
	sources  = []customer.Source{customer.SourceOnSite, customer.SourceInformationSearch, customer.SourceReferral}
	channels = []string{"PHONE", "VISIT", "WECHAT", "EMAIL"}
	topics   = []string{"设备需求与采购计划", "报价说明", "交付进度", "付款安排", "售后服务", "技术方案澄清"}
	products = []string{"数控立式加工中心", "精密平面磨床", "变频螺杆空压机", "AGV 搬运机器人", "搪玻璃反应釜", "SMT 贴片机", "电动叉车", "直读光谱仪"}
)

// customerStory is a customer's life: registration, visits until the
// rep negotiates, parks or abandons, then one or two deals (quotation,
// contract, orders, payments, complaints) with service contacts between.
func (g *histGen) customerStory() story {
	return func(yield func(struct{}) bool) {
		step := func() bool { return yield(struct{}{}) }
		a := g.register()
		if !step() || !g.visits(a, step) {
			return
		}
		if a.c.state.Stage != customer.StageNegotiating {
			return
		}
		deals := 1 + g.rng.IntN(2)
		for range deals {
			if !g.deal(a, step) {
				return
			}
			g.service(a)
			if !step() {
				return
			}
		}
		g.survey(a)
	}
}

// register claims a number and opens the file with a key contact.
func (g *histGen) register() *account {
	su := pick(g, g.org.units)
	rep := pick(g, su.reps)
	id := g.id("cust")
	a := &account{c: newAgg(customer.Stream(id), customer.Customer.Evolve), rep: rep, unit: su,
		name:    fmt.Sprintf("%s%s机械有限公司 %s", su.region, pick(g, []string{"华茂", "恒信", "天禾", "金陵", "港联", "华光"}), id),
		address: fmt.Sprintf("%s市工业园区 %d 号", su.region, 1+g.rng.IntN(999)), contact: "联系人 " + id}
	number := fmt.Sprintf("KH-%s-%s", su.id, id[5:])
	claim := newAgg(customer.NumberStream(number), customer.NumberClaim.Evolve)
	act(g, claim, rep, "", "number-claim", func(n customer.NumberClaim) ([]domain.Event, error) { return n.Claim(number, id, rep.id, g.now) })
	reg := customer.Registration{CustomerID: id, Number: number, Name: a.name, Address: a.address, PrimaryContact: a.contact,
		Phone: fmt.Sprintf("021-%08d", g.rng.IntN(1e8)), Source: pick(g, sources), OwnerRepID: rep.id, OrgUnitID: su.id, Region: su.region}
	act(g, a.c, rep, "", "register", func(c customer.Customer) ([]domain.Event, error) { return c.Register(reg, rep.id, g.now) })
	if g.chance(0.7) {
		k := customer.KeyContact{ContactID: "kc-1", RoleInOrg: customer.ContactHead,
			Personal: customer.PersonalData{Name: "决策人 " + id, ContactDetails: reg.Phone}}
		act(g, a.c, rep, "", "key-contact", func(c customer.Customer) ([]domain.Event, error) {
			return c.AddKeyContact(k, rep.id, rep.role, g.now)
		})
	}
	return a
}

// visits records visits on registered outings until the rep negotiates
// (70%), parks (15%) or abandons (15%) the customer.
func (g *histGen) visits(a *account, step func() bool) bool {
	n := 1 + g.rng.IntN(4)
	for i := range n {
		outcome := pick(g, []customer.VisitOutcome{customer.OutcomeContinueVisiting, customer.OutcomeKeepFollowingUp})
		note := ""
		if i == n-1 {
			switch r := g.rng.Float64(); {
			case r < 0.7:
				outcome = customer.OutcomeNegotiate
			case r < 0.85:
				outcome, note = customer.OutcomePark, "客户今年无扩产计划，明年再跟进"
			default:
				outcome, note = customer.OutcomeAbandon, "客户已与竞争对手签订框架协议"
			}
		}
		outing := g.outing(a.rep, a.c.state.ID, a.address)
		v := customer.Visit{OutingRegistrationID: outing, OutingOnDay: true, Purpose: "了解设备需求与采购计划", Outcome: outcome, Note: note}
		act(g, a.c, a.rep, "", "visit", func(c customer.Customer) ([]domain.Event, error) {
			return c.RecordVisit(v, a.rep.id, a.rep.role, g.now)
		})
		g.logContact(a, a.rep)
		if !step() {
			return false
		}
	}
	return true
}

// logContact records a contact with the customer's primary contact.
func (g *histGen) logContact(a *account, by person) {
	e := customer.ContactEntry{ContactID: customer.PrimaryContactID, Channel: pick(g, channels), Topic: pick(g, topics), Outcome: "已沟通，约定下次跟进"}
	act(g, a.c, by, "", "log-contact", func(c customer.Customer) ([]domain.Event, error) { return c.LogContact(e, by.id, g.now) })
}

// service is the customer care between business steps: contacts,
// inquiries, feedback, the monthly file review, and the rep's workday.
func (g *histGen) service(a *account) {
	cs := pick(g, g.org.cs)
	if g.chance(0.6) {
		g.logContact(a, a.rep)
	}
	if g.chance(0.2) {
		id := g.id("inq")
		act(g, a.c, cs, "", "inquiry", func(c customer.Customer) ([]domain.Event, error) {
			return c.RecordInquiry(id, "PHONE", "询问设备保养周期", cs.id, g.now)
		})
		act(g, a.c, cs, "", "answer", func(c customer.Customer) ([]domain.Event, error) {
			return c.AnswerInquiry(id, "每 2000 小时保养一次，已发送保养手册", cs.id, g.now)
		})
	}
	if g.chance(0.1) {
		f := customer.Feedback{FeedbackID: g.id("fb"), Content: "希望缩短备件供货周期", ForwardedToDept: "HQ-LOG"}
		act(g, a.c, cs, "", "feedback", func(c customer.Customer) ([]domain.Event, error) { return c.RecordFeedback(f, cs.id, g.now) })
	}
	if a.c.state.Stale(g.now) {
		act(g, a.c, a.rep, "", "file-review", func(c customer.Customer) ([]domain.Event, error) { return c.ReviewFile(a.rep.id, a.rep.role, g.now) })
	}
	if g.chance(0.3) {
		g.workday(a.rep)
	}
}

// survey records the customer's satisfaction after the deals.
func (g *histGen) survey(a *account) {
	cs := pick(g, g.org.cs)
	s := customer.SurveyResult{SurveyID: g.id("survey"), Overall: 3 + g.rng.IntN(3),
		Scores: map[string]int{"quality": 3 + g.rng.IntN(3), "delivery": 2 + g.rng.IntN(4), "service": 3 + g.rng.IntN(3)}}
	act(g, a.c, cs, "", "satisfaction", func(c customer.Customer) ([]domain.Event, error) { return c.RecordSatisfaction(s, cs.id, g.now) })
}
