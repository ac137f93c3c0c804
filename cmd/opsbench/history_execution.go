package main

import (
	"fmt"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/order"
)

// execute runs a signed contract: deposit, execution, collection plan,
// orders through delivery and payment, instalments (some dunned before
// they are paid), a complaint now and then, completion and closing.
func (g *histGen) execute(a *account, ct *agg[contract.Contract], step func() bool) bool {
	rep, fin := cactor(a.rep), cactor(a.unit.fin)
	if dep := ct.state.DepositRequired; dep.IsPositive() {
		act(g, ct, a.unit.fin, "", "deposit", func(s contract.Contract) ([]domain.Event, error) {
			return s.RecordDepositReceived(dep, "银行回单 DEP-"+s.ID, fin, g.now)
		})
	}
	act(g, ct, a.rep, "", "start-execution", func(s contract.Contract) ([]domain.Event, error) { return s.StartExecution(rep, g.now) })
	plan := g.instalments(ct.state.Collectable())
	act(g, ct, a.rep, "", "collection-plan", func(s contract.Contract) ([]domain.Event, error) { return s.SetCollectionPlan(plan, rep, g.now) })
	if !step() {
		return false
	}
	orders := min(int64(1+g.rng.IntN(3)), a.quoted.Quantity)
	for i := range orders {
		qty := a.quoted.Quantity / orders
		if i == orders-1 {
			qty = a.quoted.Quantity - qty*(orders-1)
		}
		if !g.order(a, ct, qty, int(i), step) {
			return false
		}
		if g.chance(0.15) && !g.complaint(a, step) {
			return false
		}
	}
	for _, in := range plan {
		late := g.chance(0.2)
		due := in.DueDate.AddDate(0, 0, -3)
		if late {
			due = in.DueDate.AddDate(0, 0, 10)
		}
		if !g.waitUntil(due, step) {
			return false
		}
		if late {
			for _, st := range []contract.DunningStep{contract.DunningLetter, contract.DunningVisit} {
				act(g, ct, a.rep, "", "dunning", func(s contract.Contract) ([]domain.Event, error) {
					return s.EscalateCollection(in.ID, st, "已催收，客户承诺尽快付款", rep, g.now)
				})
				if !step() {
					return false
				}
			}
		}
		act(g, ct, a.unit.fin, "", "instalment-payment", func(s contract.Contract) ([]domain.Event, error) {
			return s.RecordPayment(in.ID, in.Amount, "银行回单 "+s.ID+"-"+in.ID, fin, g.now)
		})
		if !step() {
			return false
		}
	}
	act(g, ct, a.rep, "", "contract-complete", func(s contract.Contract) ([]domain.Event, error) { return s.Complete(rep, g.now) })
	act(g, ct, a.rep, "", "contract-feedback", func(s contract.Contract) ([]domain.Event, error) {
		return s.RecordCompletionFeedback("设备运行稳定，对服务满意", g.chance(0.85), rep, g.now)
	})
	act(g, ct, a.unit.head, "", "contract-close", func(s contract.Contract) ([]domain.Event, error) { return s.Close(cactor(a.unit.head), g.now) })
	return step()
}

// waitUntil lets the story idle until the business clock reaches t.
func (g *histGen) waitUntil(t time.Time, step func() bool) bool {
	for g.now.Before(t) {
		if !step() {
			return false
		}
	}
	return true
}

// instalments splits amount into two to four instalments a month apart.
func (g *histGen) instalments(amount domain.Money) []contract.Instalment {
	n := 2 + g.rng.IntN(3)
	out := make([]contract.Instalment, n)
	left := amount.Minor
	for i := range n {
		part := amount.Minor / int64(n)
		if i == n-1 {
			part = left
		}
		left -= part
		out[i] = contract.Instalment{ID: fmt.Sprintf("inst-%d", i+1), DueDate: g.now.AddDate(0, i+1, 0), Amount: domain.Money{Minor: part, Currency: amount.Currency}}
	}
	return out
}

// order takes one order of qty of the quoted product, at its quoted unit
// price (K6), from creation through production, inspection, shipment and
// delivery to payment and closing.
func (g *histGen) order(a *account, ct *agg[contract.Contract], qty int64, n int, step func() bool) bool {
	id := g.id("ord")
	o := newAgg(order.Stream(id), order.Order.Evolve)
	s := ct.state
	prices := order.Prices{QuotationID: s.Paper.QuotationID, Lines: []order.QuotedPrice{{Product: a.quoted.Product, UnitPrice: a.quoted.UnitPrice}}}
	facts := order.ContractFacts{ContractID: s.ID, CustomerID: s.CustomerID, Found: true, Signed: s.IsSigned(), DepositSatisfied: s.DepositSatisfied(), Value: s.Value, Prices: prices}
	line := order.Line{ProductName: a.quoted.Product, ModelSpec: fmt.Sprintf("第 %d 批", n+1), Quantity: qty, UnitPrice: a.quoted.UnitPrice,
		DeliveryTime: g.now.AddDate(0, 0, 30), DeliveryAddress: a.address}
	d := order.Draft{OrderID: id, CustomerID: s.CustomerID, Kind: order.KindGoods, Lines: []order.Line{line}, CreatedBy: a.rep.id}
	rep, qa, wh, drv := a.rep, pick(g, g.org.qa), pick(g, g.org.wh), pick(g, g.org.drv)
	act(g, o, rep, "", "order-create", func(x order.Order) ([]domain.Event, error) { return x.Create(d, facts, true, g.now) })
	act(g, o, rep, "", "order-confirm", func(x order.Order) ([]domain.Event, error) {
		return x.Confirm("客户确认函 PO-"+id, facts, rep.id, g.now)
	})
	steps := []func(){
		func() {
			act(g, o, rep, "", "production", func(x order.Order) ([]domain.Event, error) { return x.RequestProduction(rep.id, g.now) })
		},
		func() {
			in := order.Inspection{Passed: true, ReportRef: "质检报告 QC-" + id}
			act(g, o, qa, "", "inspection", func(x order.Order) ([]domain.Event, error) { return x.RecordInspection(in, qa.id, g.now) })
			act(g, o, rep, "", "ship-request", func(x order.Order) ([]domain.Event, error) { return x.RequestShipment(rep.id, g.now) })
		},
		func() {
			act(g, o, wh, "", "schedule", func(x order.Order) ([]domain.Event, error) {
				return x.ScheduleShipment("", g.now.Add(24*time.Hour), "已排车，明日发货", wh.id, g.now)
			})
		},
		func() {
			act(g, o, drv, "", "dispatch", func(x order.Order) ([]domain.Event, error) { return x.Dispatch("运单 YD-"+id, drv.id, g.now) })
			act(g, o, drv, "", "transport", func(x order.Order) ([]domain.Event, error) {
				return x.UpdateTransport("在途", "高速服务区", "短信通知客户联系人", drv.id, g.now)
			})
		},
		func() {
			so := order.SignOff{SignedBy: a.contact, SignedAt: g.now.Add(-time.Hour), DeliveryNoteNo: "送货单 SH-" + id, NoteHandedToEmployeeID: rep.id}
			act(g, o, drv, "", "deliver", func(x order.Order) ([]domain.Event, error) { return x.Deliver(so, drv.id, g.now) })
		},
		func() {
			fin, ref := a.unit.fin, "银行回单 ORD-"+id
			// the order's one payment claims its reference on a stream of
			// its own first, as RecordOrderPayment does, so that a repeat
			// sent against the generated history is found (decision 57)
			claim := newAgg(order.PaymentRefStream(id, ref), order.PaymentRefClaim.Evolve)
			act(g, claim, fin, "", "payment-ref-claim", func(c order.PaymentRefClaim) ([]domain.Event, error) {
				return c.Claim(id, ref, fin.id, g.now), nil
			})
			act(g, o, fin, "", "order-payment", func(x order.Order) ([]domain.Event, error) {
				return x.RecordPayment(order.PaymentRefClaim{}, ref, x.Total, fin.id, g.now)
			})
			act(g, o, rep, "", "order-close", func(x order.Order) ([]domain.Event, error) { return x.Close(rep.id, g.now) })
		},
	}
	for _, f := range steps {
		f()
		if !step() {
			return false
		}
	}
	return true
}

// complaint receives, routes, works and closes a customer complaint.
func (g *histGen) complaint(a *account, step func() bool) bool {
	reg := complaint.DefaultRegulation()
	id := g.id("cmp")
	c := newAgg(complaint.Stream(id), complaint.Complaint.Evolve)
	cs, handler := pick(g, g.org.cs), pick(g, g.org.qa)
	in := complaint.Intake{ComplaintID: id, CustomerID: a.c.state.ID, Channel: complaint.ChannelPhone, Content: "设备运行时有异响", Contact: a.contact}
	act(g, c, cs, "", "complaint-receive", func(x complaint.Complaint) ([]domain.Event, error) { return x.Receive(in, true, cs.id, g.now) })
	act(g, c, cs, "complaint/default", "complaint-route", func(x complaint.Complaint) ([]domain.Event, error) { return x.Route("HQ-QA", cs.id, reg, g.now) })
	for range 1 + g.rng.IntN(3) {
		if !step() {
			return false
		}
		act(g, c, handler, "", "complaint-progress", func(x complaint.Complaint) ([]domain.Event, error) {
			return x.RecordProgress("已联系客户核实情况，安排工程师上门", handler.id, g.now)
		})
		act(g, c, cs, "complaint/default", "complaint-update", func(x complaint.Complaint) ([]domain.Event, error) {
			return x.UpdateCustomer("您的投诉正在处理中", cs.id, reg, g.now)
		})
	}
	act(g, c, handler, "", "complaint-propose", func(x complaint.Complaint) ([]domain.Event, error) {
		return x.ProposeResolution("更换主轴轴承并延长质保 6 个月", handler.id, g.now)
	})
	act(g, c, cs, "", "complaint-confirm", func(x complaint.Complaint) ([]domain.Event, error) { return x.RequestConfirmation(cs.id, g.now) })
	if !step() {
		return false
	}
	conf := complaint.Confirmation{Satisfied: true, CustomerConfirmationRef: "回访记录 HF-" + id}
	act(g, c, cs, "complaint/default", "complaint-close", func(x complaint.Complaint) ([]domain.Event, error) { return x.Close(conf, cs.id, reg, g.now) })
	act(g, c, handler, "", "complaint-root-cause", func(x complaint.Complaint) ([]domain.Event, error) {
		return x.RecordRootCause(complaint.RootCause{Category: "质量", PreventiveAction: "加强来料检验"}, handler.id, g.now)
	})
	return step()
}
