package order_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/texttest"
)

// decided drops a decision's events: the text tests look at its error.
func decided(_ []domain.Event, err error) error { return err }

// withLine is valve with one of its texts set to s.
func withLine(set func(*order.Line, string)) func(string) []order.Line {
	return func(s string) []order.Line {
		l := valve
		set(&l, s)
		return []order.Line{l}
	}
}

// Given an order at the stage each decision needs, when one text input
// of the decision holds the longest value its kind allows, then the
// decision takes it; one character more, or a control character its kind
// does not allow, is refused naming the field as the API names it, for
// every caller (§2.5-text).
func TestOrder_textLimits(t *testing.T) {
	overdue := due.Add(48 * time.Hour)
	create := func(d order.Draft) error { return decided(order.Order{}.Create(d, signedContract, true, t0)) }
	draftOf := order.Draft{OrderID: "o-1", CustomerID: "c-1", Lines: []order.Line{valve}, CreatedBy: "rep-1"}
	lines := map[string]func(*order.Line, string){
		"product_name":     func(l *order.Line, s string) { l.ProductName = s },
		"model_spec":       func(l *order.Line, s string) { l.ModelSpec = s },
		"delivery_address": func(l *order.Line, s string) { l.DeliveryAddress = s },
	}
	inputs := []texttest.Input{
		{Field: "order_id", Call: func(s string) error { d := draftOf; d.OrderID = s; return create(d) }},
		{Field: "customer_id", Call: func(s string) error {
			d, c := draftOf, signedContract
			d.CustomerID, c.CustomerID = s, s
			return decided(order.Order{}.Create(d, c, true, t0))
		}},
		{Field: "contract_id", Call: func(s string) error {
			c := signedContract
			c.ContractID = s
			return decided(order.Order{}.Create(draftOf, c, true, t0))
		}},
		{Field: "customer_confirmation_ref", Call: func(s string) error {
			return decided(given(draft).Confirm(s, signedContract, "rep-1", t1))
		}},
		{Field: "change_id", Call: func(s string) error {
			return decided(given(draft).RequestChange(order.ChangeRequest{ChangeID: s, Lines: []order.Line{pump}, RequestedBy: "rep-1"}, signedContract, t1))
		}},
		{Field: "reason", Call: func(s string) error {
			return decided(given(confirmedH).RequestChange(order.ChangeRequest{ChangeID: "ch-1", Lines: []order.Line{pump}, Reason: s, RequestedBy: "rep-1"}, signedContract, t1))
		}},
		{Field: "change_id", Call: func(s string) error {
			req := changeReq
			req.ChangeID = s
			return decided(given(then(confirmedH, req)).ApproveChange(s, "head-1", domain.RoleDeptHead, signedContract, t1))
		}},
		{Field: "change_id", Call: func(s string) error {
			req := changeReq
			req.ChangeID = s
			return decided(given(then(confirmedH, req)).RejectChange(s, "head-1", domain.RoleDeptHead, "too late", t1))
		}},
		{Field: "reason", Call: func(s string) error {
			return decided(given(then(confirmedH, changeReq)).RejectChange("ch-1", "head-1", domain.RoleDeptHead, s, t1))
		}},
		{Field: "report_ref", Call: func(s string) error {
			return decided(given(inProduction).RecordInspection(order.Inspection{Passed: true, ReportRef: s}, "qa-1", t1))
		}},
		{Field: "findings", Call: func(s string) error {
			return decided(given(inProduction).RecordInspection(order.Inspection{ReportRef: "QC-2", Findings: s}, "qa-1", t1))
		}},
		{Field: "reply_to_rep", Call: func(s string) error { return decided(given(requested).ScheduleShipment("", t1, s, "wh-1", t1)) }},
		{Field: "transport_ref", Call: func(s string) error { return decided(given(scheduledH).Dispatch(s, "drv-1", t1)) }},
		{Field: "status", Call: func(s string) error {
			return decided(given(inTransit).UpdateTransport(s, "Ningbo", "SMS", "drv-1", t1))
		}},
		{Field: "location", Call: func(s string) error {
			return decided(given(inTransit).UpdateTransport("on the road", s, "SMS", "drv-1", t1))
		}},
		{Field: "notified_via", Call: func(s string) error {
			return decided(given(inTransit).UpdateTransport("on the road", "Ningbo", s, "drv-1", t1))
		}},
		{Field: "signed_by", Call: func(s string) error { return deliver(func(o *order.SignOff) { o.SignedBy = s }) }},
		{Field: "delivery_note_no", Call: func(s string) error { return deliver(func(o *order.SignOff) { o.DeliveryNoteNo = s }) }},
		{Field: "note_handed_to_employee_id", Call: func(s string) error {
			return deliver(func(o *order.SignOff) { o.NoteHandedToEmployeeID = s })
		}},
		{Field: "customer_acceptor", Call: func(s string) error { return decided(given(project(deliveredH)).Accept(s, "sup-1", t1)) }},
		{Field: "reason", Call: func(s string) error { return decided(given(inTransit).RecordDelay(s, "drv-1", overdue)) }},
		{Field: "return_id", Call: func(s string) error {
			return decided(given(deliveredH).RequestReturn(s, order.KindReturn, "damaged", "cs-1", t1))
		}},
		{Field: "reason", Call: func(s string) error {
			return decided(given(deliveredH).RequestReturn("r-1", order.KindReturn, s, "cs-1", t1))
		}},
		{Field: "return_id", Call: func(s string) error {
			asked := returnAsked
			asked.ReturnID = s
			return decided(given(then(deliveredH, asked)).ApproveReturn(s, "head-1", domain.RoleDeptHead, t1))
		}},
		{Field: "return_id", Call: func(s string) error {
			asked, approved := returnAsked, order.ReturnApproved{OrderID: "o-1", ReturnID: s, ApproverID: "head-1", ApproverRole: domain.RoleDeptHead, ApprovedAt: t0}
			asked.ReturnID = s
			return decided(given(then(deliveredH, asked, approved)).RecordReturn(s, "wh-1", t1))
		}},
		{Field: "repair_id", Call: func(s string) error { return decided(given(deliveredH).RequestRepair(s, "seal leaks", "cs-1", t1)) }},
		{Field: "description", Call: func(s string) error { return decided(given(deliveredH).RequestRepair("rp-1", s, "cs-1", t1)) }},
		{Field: "repair_id", Call: func(s string) error {
			asked := repairAsked
			asked.RepairID = s
			return decided(given(then(deliveredH, asked)).CompleteRepair(s, "fixed", "svc-1", t1))
		}},
		{Field: "outcome", Call: func(s string) error {
			return decided(given(then(deliveredH, repairAsked)).CompleteRepair("rp-1", s, "svc-1", t1))
		}},
		{Field: "reason", Call: func(s string) error {
			return decided(given(deliveredH).AgreeCompensation(domain.Yuan(50), s, "head-1", domain.RoleDeptHead, t1))
		}},
		{Field: "payment_ref", Call: func(s string) error {
			return decided(given(deliveredH).RecordPayment(order.PaymentRefClaim{}, s, domain.Yuan(100), "fin-1", t1))
		}},
		{Field: "reason", Call: func(s string) error { return decided(given(draft).Cancel(s, "rep-1", domain.RoleSalesRep, t1)) }},
	}
	for name, set := range lines {
		inputs = append(inputs,
			texttest.Input{Field: "lines[0]." + name, Call: func(s string) error {
				d := draftOf
				d.Lines = withLine(set)(s)
				return create(d)
			}},
			texttest.Input{Field: "lines[0]." + name, Call: func(s string) error {
				return decided(given(draft).RequestChange(order.ChangeRequest{ChangeID: "ch-1", Lines: withLine(set)(s), RequestedBy: "rep-1"}, signedContract, t1))
			}},
		)
	}
	texttest.Check(t, inputs)
}

// deliver records the delivery of an order in transit with one text of
// the sign-off changed.
func deliver(change func(*order.SignOff)) error {
	s := order.SignOff{SignedBy: "Mr Wang", SignedAt: t0, DeliveryNoteNo: "DN-100", NoteHandedToEmployeeID: "clerk-1"}
	change(&s)
	return decided(given(inTransit).Deliver(s, "drv-1", t1))
}
