package api_test

import (
	"context"
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
)

// worldBuilder builds one fixture world on top of w.
type worldBuilder func(t *testing.T, mx *matrix, w *world)

// worldBuilders name the worlds of the issuer table's fixture column.
// Each builds on the one before it in its aggregate's lifecycle.
var worldBuilders map[string]worldBuilder

func init() {
	worldBuilders = map[string]worldBuilder{
		"deadletter": func(_ *testing.T, _ *matrix, w *world) { w.id = "1" },
		"regulation": func(*testing.T, *matrix, *world) {}, // the catalogue is always there
	}
	for _, area := range []func() map[string]worldBuilder{
		customerWorlds,
		contractWorlds,
		orderWorlds,
		employeeWorlds,
		otherWorlds,
		trainingWorlds,
		meetingWorlds,
		stockWorlds,
		expenseWorlds,
		workPlanWorlds,
		supervisionWorlds,
	} {
		maps.Copy(worldBuilders, area())
	}
}

// then builds base and runs more on top.
func then(base string, more worldBuilder) worldBuilder {
	return func(t *testing.T, mx *matrix, w *world) {
		worldBuilders[base](t, mx, w)
		more(t, mx, w)
	}
}

// stepOn returns a builder that runs one command on w's aggregate.
func stepOn(base string, a fxActor, suffix, body string) worldBuilder {
	return then(base, func(t *testing.T, mx *matrix, w *world) {
		mx.step(t, a, w.path(w.prefix()+suffix), w.body(t, body))
	})
}

// prefix is the path of w's aggregate.
func (w world) prefix() string { return w.vars["collection"] + "/" + w.id }

// at makes the aggregate id of collection the one the route's path names.
func (w *world) at(collection, id string) {
	w.vars["collection"], w.id = collection, id
}

func customerWorlds() map[string]worldBuilder {
	return map[string]worldBuilder{
		"customer.new": func(*testing.T, *matrix, *world) {},
		"customer": func(t *testing.T, mx *matrix, w *world) {
			c := mx.step(t, fxRep, "/customers", w.body(t, `{"number": "C-MX-$n", "name": "Ningbo Pumps $n",
				"address": "1 Harbour Rd, Ningbo", "primary_contact": "Mr Li", "phone": "+86 574 5555 0101", "source": "REFERRAL"}`))
			w.vars["customer"] = c.ID
			w.at("/customers", c.ID)
		},
		"customer.contact": stepOn("customer", fxService, "/key-contacts", `{"contact_id": "kc-1", "role_in_org": "TECHNICAL_EVALUATOR", "personal": {"name": "Mr Zhou"}}`),
		"customer.outing": func(t *testing.T, mx *matrix, w *world) { // the owner's outing for today (§2.1.4-outing)
			worldBuilders["customer"](t, mx, w)
			w.vars["outing"] = "mx-out-" + w.vars["n"]
			registered := employee.OutingRegistered{EmployeeID: fxOwner, OutingID: w.vars["outing"], Destination: "Ningbo", Purpose: "customer visits", LeavesAt: time.Now(), RegisteredAt: time.Now()}
			data, err := commands.Codec().Encode(w.vars["outing"], registered, eventstore.Metadata{ActorID: fxOwner})
			if err == nil {
				_, err = mx.env.Store.Append(context.Background(), employee.Stream(fxOwner), eventstore.Any, data)
			}
			if err != nil {
				t.Fatalf("registering the owner's outing: %v", err)
			}
		},
		"customer.parked": stepOn("customer", fxRep, "/park", `{"reason": "budget frozen"}`),
		"customer.cooperating": then("contract.signed", func(t *testing.T, mx *matrix, w *world) {
			customerID, contractID := w.vars["customer"], w.vars["contract"]
			mx.system(t, "MarkCustomerCooperating", func(ctx context.Context, m commands.Meta) (commands.Result, error) {
				return mx.cmds.Customers.MarkCustomerCooperating(ctx, m, commands.MarkCustomerCooperating{CustomerID: customerID, ContractID: contractID})
			})
			w.at("/customers", customerID)
		}),
		"customer.classified": stepOn("customer", fxService, "/classification",
			`{"industry": "pumps", "scale": "MEDIUM", "value_tier": "HIGH", "purchase_frequency_band": "REGULAR"}`),
		"customer.care": stepOn("customer.classified", fxService, "/care-plans",
			`{"plan_id": "cp-1", "care_type": "HOLIDAY_GREETING", "method": "card", "schedule": "spring festival"}`),
		"customer.followup": stepOn("customer", fxService, "/follow-up-visits", `{"visit_id": "fv-1", "due_at": "$soon", "assignee_id": "fx-cs"}`),
		"customer.inquiry":  stepOn("customer", fxService, "/inquiries", `{"inquiry_id": "iq-1", "channel": "PHONE", "content": "price of P-7?"}`),
		"quotation.new":     func(t *testing.T, mx *matrix, w *world) { worldBuilders["customer"](t, mx, w) },
		"quotation.drafted": then("customer", func(t *testing.T, mx *matrix, w *world) {
			q := mx.step(t, fxRep, "/quotations", w.body(t, `{"customer_id": "$customer", "type": "WRITTEN_FINAL",
				"demand_assessment": "40 pumps a year", "lines": [{"product": "Pump P-7", "quantity": 1, "unit_price": "1000.00", "unit_cost": "650.00"}]}`))
			w.vars["quotation"] = q.ID
			w.at("/quotations", q.ID)
		}),
		"quotation.costed": stepOn("quotation.drafted", fxEngineer, "/costing", `{"costing_ref": "COST-$n", "unit_costs": [{"product": "Pump P-7", "unit_cost": "650.00"}]}`),
		// a draft the margin authority can decide on (K7-costing, K7-price)
		"quotation":          stepOn("quotation.costed", fxLeader, "/price-approval", `{"comment": "approved price"}`),
		"quotation.pending":  stepOn("quotation", fxRep, "/submit", `{}`),
		"quotation.approved": stepOn("quotation.pending", fxHead, "/approve", `{"comment": "fine"}`),
		"quotation.issued":   stepOn("quotation.approved", fxRep, "/issue", `{}`),
	}
}

// contractTermsJSON are complete terms at the approved quote's price.
const contractTermsJSON = `{"rights_obligations": "both parties' duties", "scope": "pumps P-7", "price": "1000.00",
	"delivery_date": "$later", "payment_terms": "on delivery", "returns_clause": "30 days",
	"compensation_clause": "per law", "late_delivery_clause": "0.1% a day"}`

const contractHashJSON = `"sha256:mx-contract"`

func contractWorlds() map[string]worldBuilder {
	draft := func(deposit string) worldBuilder {
		return then("quotation.approved", func(t *testing.T, mx *matrix, w *world) {
			c := mx.step(t, fxRep, "/contracts", w.body(t, `{"customer_id": "$customer", "quotation_id": "$quotation",
				"terms": `+contractTermsJSON+deposit+`}`))
			w.vars["contract"] = c.ID
			w.at("/contracts", c.ID)
		})
	}
	return map[string]worldBuilder{
		"contract.new": func(t *testing.T, mx *matrix, w *world) { worldBuilders["quotation.approved"](t, mx, w) },
		"contract.draft": then("quotation.approved", func(t *testing.T, mx *matrix, w *world) {
			c := mx.step(t, fxRep, "/contracts", w.body(t, `{"customer_id": "$customer", "terms": `+contractTermsJSON+`}`))
			w.vars["contract"] = c.ID
			w.at("/contracts", c.ID)
		}),
		"contract.linked":        draft(""),
		"contract.linkeddeposit": draft(`, "deposit_required": "300.00"`),
		"contract.registered": stepOn("contract.linked", fxRep, "/register",
			`{"registration_no": "REG-$n", "document_hash": `+contractHashJSON+`}`),
		"contract.deptapproved": stepOn("contract.registered", fxHead, "/dept-head-approval", `{}`),
		"contract.legalcleared": stepOn("contract.deptapproved", fxLegal, "/legal-review", `{"comment": "lawful"}`),
		"contract.approved":     stepOn("contract.legalcleared", fxGM, "/gm-approval", `{}`),
		"contract.signed": stepOn("contract.approved", fxHead, "/sign",
			`{"place": "COMPANY", "customer_signatory": "Mr Li", "document_hash": `+contractHashJSON+`}`),
		"contract.depositdue": then("contract.linkeddeposit", func(t *testing.T, mx *matrix, w *world) {
			for _, s := range []struct {
				a          fxActor
				path, body string
			}{
				{fxRep, "/register", `{"registration_no": "REG-$n", "document_hash": ` + contractHashJSON + `}`},
				{fxHead, "/dept-head-approval", `{}`},
				{fxLegal, "/legal-review", `{}`},
				{fxGM, "/gm-approval", `{}`},
				{fxHead, "/sign", `{"place": "COMPANY", "customer_signatory": "Mr Li", "document_hash": ` + contractHashJSON + `}`},
			} {
				mx.step(t, s.a, w.prefix()+s.path, w.body(t, s.body))
			}
		}),
		"contract.deposited": stepOn("contract.depositdue", fxFinance, "/deposits", `{"amount": "300.00", "reference": "BANK-$n"}`),
		"contract.executing": stepOn("contract.signed", fxRep, "/execution", `{}`),
		"contract.issue": stepOn("contract.executing", fxRep, "/issues",
			`{"issue_id": "is-1", "type": "DELIVERY_DELAY", "description": "supplier late"}`),
		"contract.amending": stepOn("contract.signed", fxRep, "/amendments",
			`{"amendment_id": "am-1", "reason": "more pumps", "terms": `+contractTermsJSON+`}`),
		"contract.amendapproved": then("contract.amending", func(t *testing.T, mx *matrix, w *world) {
			mx.step(t, fxRep, w.prefix()+"/register", w.body(t, `{"document_hash": "sha256:mx-amendment"}`))
			mx.step(t, fxHead, w.prefix()+"/dept-head-approval", w.body(t, `{}`))
			mx.step(t, fxLegal, w.prefix()+"/legal-review", w.body(t, `{}`))
			mx.step(t, fxGM, w.prefix()+"/gm-approval", w.body(t, `{}`))
		}),
		"contract.planned": stepOn("contract.signed", fxRep, "/collection-plan",
			`{"instalments": [{"id": "in-1", "due_date": "$later", "amount": "1000.00"}]}`),
		"contract.overdue": stepOn("contract.signed", fxRep, "/collection-plan",
			`{"instalments": [{"id": "in-1", "due_date": "$past", "amount": "1000.00"}]}`),
		"contract.paid": then("contract.executing", func(t *testing.T, mx *matrix, w *world) {
			mx.step(t, fxRep, w.prefix()+"/collection-plan", w.body(t, `{"instalments": [{"id": "in-1", "due_date": "$later", "amount": "1000.00"}]}`))
			mx.step(t, fxFinance, w.prefix()+"/payments", w.body(t, `{"instalment_id": "in-1", "amount": "1000.00", "reference": "BANK-$n"}`))
		}),
		"contract.completed": stepOn("contract.paid", fxRep, "/complete", `{}`),
		"contract.feedback": stepOn("contract.completed", fxRep, "/completion-feedback",
			`{"feedback": "pumps run well", "satisfied": true}`),
	}
}

// orderLineJSON is one order line; delivery is the delivery time.
func orderLineJSON(delivery string) string {
	return `{"product_name": "pump", "model_spec": "P-7", "quantity": 1, "unit_price": "1000.00",
		"delivery_time": "` + delivery + `", "delivery_address": "1 Harbour Rd, Ningbo"}`
}

func orderWorlds() map[string]worldBuilder {
	create := func(kind string) worldBuilder {
		return then("contract.signed", func(t *testing.T, mx *matrix, w *world) {
			o := mx.step(t, fxRep, "/orders", w.body(t, `{"contract_id": "$contract", "kind": "`+kind+`", "lines": [`+orderLineJSON("$soon")+`]}`))
			w.vars["order"] = o.ID
			w.at("/orders", o.ID)
		})
	}
	delivered := `{"signed_by": "Mr Li", "signed_at": "$past", "delivery_note_no": "DN-$n", "note_handed_to_employee_id": "rep-own"}`
	return map[string]worldBuilder{
		"order.new":        func(t *testing.T, mx *matrix, w *world) { worldBuilders["contract.signed"](t, mx, w) },
		"order":            create("GOODS"),
		"order.project":    create("PROJECT"),
		"order.confirmed":  stepOn("order", fxRep, "/confirmation", `{"customer_confirmation_ref": "PO-$n"}`),
		"order.change":     stepOn("order.confirmed", fxRep, "/changes", `{"change_id": "ch-1", "lines": [`+orderLineJSON("$later")+`]}`),
		"order.production": stepOn("order.confirmed", fxRep, "/production", `{}`),
		"order.shiprequested": then("order.confirmed", func(t *testing.T, mx *matrix, w *world) {
			stockUp(t, mx, w) // scheduling reserves the goods from the keeper's branch (§3.10-shipment)
			mx.step(t, fxRep, w.prefix()+"/shipment-request", w.body(t, `{}`))
		}),
		"order.scheduled": stepOn("order.shiprequested", fxWarehouse, "/shipment-schedule",
			`{"ship_on": "$soon", "reply_to_rep": "ships Tuesday"}`),
		"order.intransit": stepOn("order.scheduled", fxDelivery, "/dispatch", `{"transport_ref": "TRUCK-$n"}`),
		"order.late": then("contract.signed", func(t *testing.T, mx *matrix, w *world) {
			o := mx.step(t, fxRep, "/orders", w.body(t, `{"contract_id": "$contract", "lines": [`+orderLineJSON("$daysago")+`]}`))
			w.at("/orders", o.ID)
		}),
		"order.delivered":      stepOn("order.intransit", fxDelivery, "/deliveries", delivered),
		"order.return":         stepOn("order.delivered", fxService, "/returns", `{"return_id": "rt-1", "kind": "RETURN", "reason": "damaged"}`),
		"order.returnapproved": stepOn("order.return", fxHead, "/returns/rt-1/approval", `{}`),
		"order.repair":         stepOn("order.delivered", fxService, "/repairs", `{"repair_id": "rp-1", "description": "seal leaks"}`),
		"order.settled":        stepOn("order.delivered", fxFinance, "/payments", `{"payment_ref": "PAY-$n", "amount": "1000.00"}`),
		"order.projectdelivered": then("order.project", func(t *testing.T, mx *matrix, w *world) {
			stockUp(t, mx, w)
			for _, s := range []struct {
				a          fxActor
				path, body string
			}{
				{fxRep, "/confirmation", `{"customer_confirmation_ref": "PO-$n"}`},
				{fxRep, "/shipment-request", `{}`},
				{fxWarehouse, "/shipment-schedule", `{"ship_on": "$soon", "reply_to_rep": "ships Tuesday"}`},
				{fxDelivery, "/dispatch", `{"transport_ref": "TRUCK-$n"}`},
				{fxDelivery, "/deliveries", delivered},
			} {
				mx.step(t, s.a, w.prefix()+s.path, w.body(t, s.body))
			}
		}),
	}
}

func employeeWorlds() map[string]worldBuilder {
	self := func(base, suffix, body string) worldBuilder {
		return then(base, func(t *testing.T, mx *matrix, w *world) {
			mx.step(t, fxActor{w.id, unitOne, "SALES_REP"}, w.prefix()+suffix, w.body(t, body))
		})
	}
	return map[string]worldBuilder{
		"employee.none": func(_ *testing.T, _ *matrix, w *world) {
			w.at("/employees", "emp-"+w.vars["n"])
			w.owner = w.id
		},
		"employee.checked": stepOn("employee.none", fxHR, "/qualification-checks", `{"candidate_name": "Wang Fang", "passed": true}`),
		"employee.hired": stepOn("employee.checked", fxHR, "/hiring",
			`{"name": "Wang Fang", "role": "SALES_REP", "org_unit_id": "`+unitOne+`", "supervisor_id": "fx-head"}`),
		"employee.trained": then("employee.hired", func(t *testing.T, mx *matrix, w *world) {
			mx.step(t, fxHR, w.prefix()+"/documents", w.body(t, `{"documents": ["ID card (original seen)", "diploma (original seen)", "CV"]}`))
			mx.step(t, fxHR, w.prefix()+"/pre-job-training", w.body(t, `{"passed": true, "training_ref": "TR-$n"}`))
		}),
		"employee.probation": stepOn("employee.trained", fxHead, "/start-work", `{}`),
		"employee.regular": stepOn("employee.probation", fxGM, "/regular-confirmation", `{"assessment": {"responsibility": "high",
			"ability": "learns fast", "contribution": "beat the target", "target_met": true}}`),
		"employee.leave":  self("employee.probation", "/leaves", `{"leave_id": "lv-1", "from": "$soon", "to": "$later", "reason": "family matters"}`),
		"employee.trip":   self("employee.probation", "/business-trips", `{"trip_id": "tr-1", "destination": "Ningbo", "purpose": "visit", "starts_at": "$soon", "ends_at": "$later"}`),
		"employee.report": self("employee.probation", "/work-reports", `{"report_id": "wr-1", "period": "DAILY", "period_start": "$past", "content": "visited two customers", "next_plan": "quote them"}`),
		"employee.failedappraisal": stepOn("employee.regular", fxCommittee, "/appraisals", `{"appraisal_id": "ap-1", "cycle": "MONTHLY",
			"period_start": "$lastmonth", "scores": {}, "grade": "FAIL"}`),
		"employee.leaving":   self("employee.probation", "/departures", `{"type": "RESIGN", "reason": "moving away"}`),
		"employee.dismissed": stepOn("employee.probation", fxHR, "/summary-dismissal", `{"violation": "PART_TIME_JOB", "reason": "second job"}`),
		"employee.settled": then("employee.leaving", func(t *testing.T, mx *matrix, w *world) {
			mx.step(t, fxAdmin, w.prefix()+"/file-archive", w.body(t, `{"items": ["customer files", "price lists"]}`))
			mx.step(t, fxHR, w.prefix()+"/final-pay", w.body(t, `{"amount": "5000.00"}`))
		}),
	}
}

// salesPlanTargetsJSON decomposes a 1,200,000.00 plan of unitOne for the
// current year into quarters and months of the unit.
func salesPlanTargetsJSON() string {
	year := time.Now().Year()
	s := ""
	for q := 1; q <= 4; q++ {
		s += fmt.Sprintf(`{"period": "%d-Q%d", "level": "ORG_UNIT", "assignee_id": "%s", "amount": "300000.00"},`, year, q, unitOne)
	}
	for m := 1; m <= 12; m++ {
		p := fmt.Sprintf("%d-%02d", year, m)
		s += fmt.Sprintf(`{"period": "%s", "level": "ORG_UNIT", "assignee_id": "%s", "amount": "100000.00"},`, p, unitOne)
		s += fmt.Sprintf(`{"period": "%s", "level": "TEAM", "assignee_id": "team-a", "amount": "100000.00"},`, p)
		s += fmt.Sprintf(`{"period": "%s", "level": "PERSON", "assignee_id": "%s", "team_id": "team-a", "amount": "100000.00"},`, p, fxOwner)
	}
	return "[" + s[:len(s)-1] + "]"
}

func otherWorlds() map[string]worldBuilder {
	return map[string]worldBuilder{
		"complaint.new": func(t *testing.T, mx *matrix, w *world) { worldBuilders["customer"](t, mx, w) },
		"complaint.received": then("customer", func(t *testing.T, mx *matrix, w *world) {
			c := mx.step(t, fxService, "/complaints", w.body(t, `{"customer_id": "$customer", "channel": "PHONE",
				"content": "the P-7 pump leaks", "contact": "Mr Li"}`))
			w.at("/complaints", c.ID)
		}),
		"complaint.routed":   stepOn("complaint.received", fxService, "/routing", `{"department_id": "`+unitOne+`"}`),
		"complaint.proposed": stepOn("complaint.routed", fxQuality, "/resolution", `{"resolution": "replace the seal"}`),
		"complaint.awaiting": stepOn("complaint.proposed", fxService, "/confirmation-request", `{}`),
		"complaint.closed": stepOn("complaint.awaiting", fxService, "/closure",
			`{"satisfied": true, "customer_confirmation_ref": "call with Mr Li"}`),
		"salesplan.new": func(*testing.T, *matrix, *world) {},
		"salesplan": func(t *testing.T, mx *matrix, w *world) {
			p := mx.step(t, fxMgmt, "/sales-plans", w.body(t, salesPlanDraftJSON))
			w.at("/sales-plans", p.ID)
		},
		"salesplan.reviewed":   stepOn("salesplan", fxHead, "/review", `{"passed": true, "comment": "realistic"}`),
		"salesplan.approved":   stepOn("salesplan.reviewed", fxLeader, "/approval", `{"comment": "approved"}`),
		"salesplan.decomposed": stepOn("salesplan.approved", fxHead, "/decomposition", `{"targets": `+salesPlanTargetsJSON()+`}`),
		"salesplan.active":     stepOn("salesplan.decomposed", fxMgmt, "/activation", `{}`),
	}
}

const salesPlanDraftJSON = `{"year": $year, "org_unit_id": "` + unitOne + `", "region": "East", "target": "1200000.00",
	"strategy": "grow pump sales", "customer_groups": ["water utilities"]}`
