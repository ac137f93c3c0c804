package main

import (
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/stock"
)

// orderStop is how far a demo order gets.
type orderStop int

const (
	orderConfirmed  orderStop = iota // confirmed by the customer, waiting
	orderProduction                  // sent to production
	orderDelayed                     // in production past its delivery time (O5)
	orderInTransit                   // dispatched, customer told where it is (O4)
	orderDelivered                   // delivered with the customer's sign-off (O2), unpaid
	orderClosed                      // delivered, paid, settled and closed
)

// demoOrder is an order under a demo contract. Day is when it is created,
// in days after the contract's start; Due is the delivery time, in days
// after creation. Produce sends it to production (and inspection, O3)
// rather than shipping from stock.
type demoOrder struct {
	ID, Contract   string
	Product, Model string
	Qty, UnitPrice int64
	Day, Due       int
	Produce        bool
	Stop           orderStop
}

var demoOrders = []demoOrder{
	{"ord-2026-0001", "ctr-2026-001", "数控立式加工中心", "VMC-850 / FANUC 0i-MF", 4, 380_000, 14, 30, true, orderClosed},
	{"ord-2026-0002", "ctr-2026-002", "精密平面磨床", "MG-420 第一批", 3, 150_000, 14, 20, false, orderDelivered},
	{"ord-2026-0003", "ctr-2026-002", "精密平面磨床", "MG-420 第二批", 3, 150_000, 40, 20, false, orderInTransit},
	{"ord-2026-0004", "ctr-2026-003", "RTO 主体设备", "RTO-20 三室蓄热式", 1, 1_200_000, 14, 30, true, orderDelayed},
	{"ord-2026-0005", "ctr-2026-003", "配套管道及阀门", "DN800 不锈钢风管", 1, 300_000, 20, 60, true, orderProduction},
	{"ord-2026-0006", "ctr-2026-004", "搪玻璃反应釜", "FY-5000 / 5000L", 3, 260_000, 14, 25, true, orderClosed},
	{"ord-2026-0007", "ctr-2026-014", "变频螺杆空压机", "SA-75 / 75kW", 6, 112_000, 14, 15, false, orderInTransit},
	{"ord-2026-0008", "ctr-2026-014", "空压机备件包", "SA-75 保养套件", 6, 8_000, 16, 15, false, orderConfirmed},
}

// orders runs the orders of contract c, in execution.
func (s *seeder) orders(c demoContract) {
	for _, o := range demoOrders {
		if o.Contract == c.ID {
			s.order(c, o)
		}
	}
}

// order creates o and takes it as far as its stop.
func (s *seeder) order(c demoContract, o demoOrder) {
	k := "order:" + o.ID + ":"
	t := c.At.AddDate(0, 0, o.Day)
	at := func(days int, hours time.Duration) time.Time { return t.AddDate(0, 0, days).Add(hours * time.Hour) }
	cust := customerByID(c.Customer)
	step(s, k+"create", c.Rep, t, s.h.Orders.CreateOrder, commands.CreateOrder{OrderID: o.ID, ContractID: c.ID, Kind: order.KindGoods,
		Lines: []order.Line{{ProductName: o.Product, ModelSpec: o.Model, Quantity: o.Qty, UnitPrice: domain.Yuan(o.UnitPrice),
			DeliveryTime: t.AddDate(0, 0, o.Due), DeliveryAddress: cust.Address}}})
	step(s, k+"confirm", c.Rep, at(0, 2), s.h.Orders.ConfirmOrder, commands.ConfirmOrder{OrderID: o.ID, CustomerConfirmationRef: "客户确认函 PO-" + o.ID[4:]})
	s.count("orders", 1)
	if o.Stop == orderConfirmed {
		return
	}
	if o.Produce {
		step(s, k+"production", c.Rep, at(1, 0), s.h.Orders.RequestProduction, commands.RequestProduction{OrderID: o.ID})
		switch o.Stop {
		case orderProduction:
			return
		case orderDelayed:
			because(s, "主体设备耐火材料延期到货", k+"delay", c.Rep, at(o.Due+2, 0), s.h.Orders.RecordDeliveryDelay, commands.RecordDeliveryDelay{
				OrderID: o.ID, Reason: "主体设备耐火材料延期到货，生产推迟约两周"})
			return
		}
		step(s, k+"inspection", "emp-qa-1", at(o.Due-4, 0), s.h.Orders.RecordQualityInspection, commands.RecordQualityInspection{
			OrderID: o.ID, Passed: true, ReportRef: "质检报告 QC-" + o.ID[4:]})
	}
	s.ship(o, c.Rep, cust, at(o.Due-3, 0))
}

// ship requests, schedules, dispatches and (by the order's stop) delivers,
// collects and closes o, from its shipment request at t.
func (s *seeder) ship(o demoOrder, rep string, cust demoCustomer, t time.Time) {
	k := "order:" + o.ID + ":"
	// the goods come into the logistics warehouse first: scheduling
	// reserves them from its stock (§3.10-shipment)
	step(s, k+"stock-in", "emp-wh-1", t.Add(-time.Hour), s.h.Stock.ReceiveStock, commands.ReceiveStock{
		BranchID: "HQ-LOG", Product: stock.Product{Name: o.Product, ModelSpec: o.Model}, Quantity: o.Qty, SourceRef: "入库单 RK-" + o.ID[4:]})
	step(s, k+"ship-request", rep, t, s.h.Orders.RequestShipment, commands.RequestShipment{OrderID: o.ID})
	step(s, k+"schedule", "emp-wh-1", t.Add(2*time.Hour), s.h.Orders.ScheduleShipment, commands.ScheduleShipment{
		OrderID: o.ID, ShipOn: t.AddDate(0, 0, 1), ReplyToRep: "已排车，明日发货"})
	step(s, k+"dispatch", "emp-drv-1", t.AddDate(0, 0, 1), s.h.Orders.DispatchShipment, commands.DispatchShipment{OrderID: o.ID, TransportRef: "运单 YD-" + o.ID[4:]})
	step(s, k+"transport", "emp-drv-1", t.AddDate(0, 0, 1).Add(5*time.Hour), s.h.Orders.UpdateTransportStatus, commands.UpdateTransportStatus{
		OrderID: o.ID, Status: "在途", Location: "沪昆高速嘉兴服务区", NotifiedVia: "短信通知客户联系人"})
	if o.Stop < orderDelivered {
		return
	}
	arrived := t.AddDate(0, 0, 2)
	step(s, k+"deliver", "emp-drv-1", arrived.Add(time.Hour), s.h.Orders.RecordDelivery, commands.RecordDelivery{
		OrderID: o.ID, SignedBy: cust.Contact, SignedAt: arrived, DeliveryNoteNo: "送货单 SH-" + o.ID[4:], NoteHandedToEmployeeID: rep})
	if o.Stop < orderClosed {
		return
	}
	step(s, k+"payment", financeOf(rep), arrived.AddDate(0, 0, 10), s.h.Orders.RecordOrderPayment, commands.RecordOrderPayment{
		OrderID: o.ID, PaymentRef: "银行回单 ORD-" + o.ID[4:], Amount: domain.Yuan(o.UnitPrice * o.Qty)})
	step(s, k+"close", rep, arrived.AddDate(0, 0, 11), s.h.Orders.CloseOrder, commands.CloseOrder{OrderID: o.ID})
}

// customerByID returns demo customer id (the zero customer if none).
func customerByID(id string) demoCustomer {
	for _, c := range demoCustomers {
		if c.ID == id {
			return c
		}
	}
	return demoCustomer{}
}
