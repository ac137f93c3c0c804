package kpi

import (
	"strings"
	"time"

	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// openOrder is an order not yet delivered, nor cancelled.
const openOrder = "o.status NOT IN ('DELIVERED', 'ACCEPTED', 'SETTLED', 'CLOSED', 'CANCELLED')"

// R6: orders delivered in the period, on time when delivered by their due
// time (an order without one cannot be late), and those without a
// delivery note; open orders now, the late ones and those with a
// recorded delay. Credited to the rep who created the order (only a rep
// does, §2.3.3) and their org unit, so GET /orders?created_by= lists a
// row's orders.
func ordersDelivery(q *Queries, w *tables.Where, r queries.KPIRequest) spec {
	in, now := bounds(w, r.Period), tables.Bind(w, r.Now)
	delivered := in("o.delivered_at")
	return spec{
		indicators: ints("delivered", "on_time", "without_note", "open", "late_open", "delayed"),
		sources: []source{{
			from: "FROM " + q.Table("orders") + " o LEFT JOIN " + q.Table("employees") + " e ON e.employee_id = o.created_by" +
				" LEFT JOIN " + q.Table("customers") + " cu ON cu.customer_id = o.customer_id WHERE " + delivered + " OR " + openOrder,
			person: "o.created_by", department: "e.org_unit_id", region: "cu.region",
			vals: map[string]string{"delivered": flag(delivered),
				"on_time":      flag(delivered + " AND (o.due_at IS NULL OR o.delivered_at <= o.due_at)"),
				"without_note": flag(delivered + " AND o.delivery_note_no = ''"),
				"open":         flag(openOrder), "late_open": flag(openOrder + " AND o.due_at < " + now + "::timestamptz"),
				"delayed": flag(openOrder + " AND o.delays > 0")},
		}},
		aggs: map[string]string{"delivered": sum("delivered"), "on_time": sum("on_time"), "on_time_rate": pct("on_time", "delivered"),
			"without_note": sum("without_note"), "open_orders": sum("open"), "late_open": sum("late_open"), "delayed": sum("delayed")},
	}
}

// R7: every instalment's outstanding amount today in its aging bucket (as
// GET /receivables computes them), how far dunning went on those still
// owed, what fell due in the period, what was collected in it and the
// dunning steps the system flagged due in it (K10-ladder).
// Credited to the contract's owner (its drafter) and the drafter's org
// unit. Grouped by bucket, collections (which belong to no bucket) are
// left out.
//
// The instalments and the collections are keyed by contract and joined
// to the contract, its owner and its customer once, together
// (decision 40): a join per source read every contract and customer
// twice.
func receivables(q *Queries, w *tables.Where, r queries.KPIRequest) spec {
	today := tables.Bind(w, r.Now.Format(time.DateOnly)) // the day GET /receivables counts to
	start, end := tables.Bind(w, r.Period.Start.Format("2006-01-02")), tables.Bind(w, r.Period.End.Format("2006-01-02"))
	overdue := "CASE WHEN r.paid_minor < r.amount_minor AND r.due_date::date < " + today + "::date THEN " + today + "::date - r.due_date::date ELSE 0 END"
	bucket := "CASE WHEN r.amount_minor <= r.paid_minor THEN 'paid' WHEN (" + overdue + ") = 0 THEN 'not_due' WHEN (" + overdue + ") <= 30 THEN '0-30'" +
		" WHEN (" + overdue + ") <= 60 THEN '31-60' WHEN (" + overdue + ") <= 90 THEN '61-90' ELSE '90+' END"
	owed := "r.amount_minor > r.paid_minor"
	stage := func(s string) string { return flag(owed + " AND r.dunning_stage = '" + s + "'") }
	inds := ints("instalments", "outstanding", "overdue", "letter", "visit", "legal", "due", "collected", "steps_due")
	instalments := source{from: "FROM " + q.Table("receivables") + " r", bucket: bucket,
		vals: map[string]string{"instalments": flag(owed), "outstanding": "greatest(r.amount_minor - r.paid_minor, 0)",
			"overdue": "CASE WHEN (" + overdue + ") > 0 THEN r.amount_minor - r.paid_minor ELSE 0 END",
			"letter":  stage("DUNNING_LETTER"), "visit": stage("ON_SITE_VISIT"), "legal": stage("LEGAL_ACTION"),
			"due": "CASE WHEN r.due_date >= " + start + " AND r.due_date < " + end + " THEN r.amount_minor ELSE 0 END"}}
	byContract := keyedBy("r.contract_id", instalments, inds)
	s := spec{
		indicators: inds,
		aggs: map[string]string{"instalments": sum("instalments"), "outstanding": sum("outstanding"), "overdue": sum("overdue"),
			"dunning_letter": sum("letter"), "on_site_visit": sum("visit"), "legal_action": sum("legal"),
			"due_in_period": sum("due"), "collected": sum("collected"), "dunning_steps_flagged_due": sum("steps_due")},
	}
	if r.GroupBy == queries.GroupingBucket {
		s.drop = map[string]bool{"collected": true, "dunning_steps_flagged_due": true}
	} else {
		collections := source{from: "FROM (" + monthlyBySubject(q, w, r.Period, factPayment, factStepDue) + ") m",
			vals: map[string]string{"collected": "CASE WHEN m.fact = '" + factPayment + "' THEN m.amount_minor ELSE 0 END", "steps_due": ofFact(factStepDue)}}
		byContract += " UNION ALL " + keyedBy("m.subject_id", collections, inds)
	}
	vals := map[string]string{}
	for _, in := range inds {
		vals[in.name] = "x." + in.name
	}
	s.sources = []source{{
		from: "FROM (" + byContract + ") x JOIN " + q.Table("receivable_contracts") + " rc ON rc.contract_id = x.contract_id" +
			" JOIN " + q.Table("contracts") + " c ON c.contract_id = rc.contract_id LEFT JOIN " + q.Table("customers") + " cu ON cu.customer_id = rc.customer_id",
		person: "rc.owner_id", department: "c.drafter_org_unit_id", region: "cu.region", bucket: "x.bucket", vals: vals}}
	return s
}

// keyedBy is the SELECT of src's bucket and indicators with key as
// contract_id, for a source of rows that a KPI then joins to their
// contract in one place.
func keyedBy(key string, src source, inds []indicator) string {
	return strings.Replace(src.selectSQL(inds), "SELECT ", "SELECT "+key+" AS contract_id, ", 1)
}
