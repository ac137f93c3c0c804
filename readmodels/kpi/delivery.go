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
				withRegion(q, "o.customer_id") + " WHERE " + delivered + " OR " + openOrder,
			person: "o.created_by", department: "e.org_unit_id", region: "rcu.region",
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
// An instalment row carries its contract's owner, org unit and customer,
// so the instalments are grouped without a join (decision 43). A paid
// instalment counts only towards what fell due, so but by region R7 reads
// the owed instalments (an index of their own) and the receivables read
// model's monthly counters of the paid instalments and the payments
// (receivable_months), not every instalment ever paid nor every payment
// of the period (decision 52).
func receivables(q *Queries, w *tables.Where, r queries.KPIRequest) spec {
	s := spec{
		indicators: receivableIndicators,
		aggs: map[string]string{"instalments": sum("instalments"), "outstanding": sum("outstanding"), "overdue": sum("overdue"),
			"dunning_letter": sum("letter"), "on_site_visit": sum("visit"), "legal_action": sum("legal"),
			"due_in_period": sum("due"), "collected": sum("collected"), "dunning_steps_flagged_due": sum("steps_due")},
	}
	switch r.GroupBy {
	case queries.GroupingBucket:
		s.drop = map[string]bool{"collected": true, "dunning_steps_flagged_due": true}
		s.sources = []source{owedInstalments(q, w, r), receivableMonths(q, w, r, "receivable_months", false)}
	case queries.DimensionRegion:
		s.sources = receivablesByRegion(q, w, r)
	default:
		s.sources = []source{owedInstalments(q, w, r), receivableMonths(q, w, r, "receivable_months", true), stepsDue(q, w, r)}
	}
	return s
}

var receivableIndicators = ints("instalments", "outstanding", "overdue", "letter", "visit", "legal", "due", "collected", "steps_due")

// receivablesByRegion is R7's sources by region: as by person, with the
// region of each instalment's and each contract's customer as the
// receivables read model knows it (receivable_customers), and its
// counters per region (receivable_region_months), which it moves when a
// customer's region changes.
func receivablesByRegion(q *Queries, w *tables.Where, r queries.KPIRequest) []source {
	owed := owedInstalments(q, w, r)
	owed.from = strings.Replace(owed.from, " WHERE ", withRegion(q, "r.contract_customer_id")+" WHERE ", 1)
	counted := receivableMonths(q, w, r, "receivable_region_months", true)
	counted.region = "pm.region"
	steps := stepsDue(q, w, r)
	steps.from += withRegion(q, "rc.customer_id")
	for _, s := range []*source{&owed, &steps} {
		s.region = "rcu.region"
	}
	return []source{owed, counted, steps}
}

// withRegion joins the region the receivables read model keeps for the
// customer key names (alias rcu): it follows the customer's region as the
// customer files do, and a KPI that wants only the region (R1, R4-R7)
// hashes its narrow rows (17,083 customers in 126 pages at 1,000,000
// events) instead of every customer file (1,021 pages).
func withRegion(q *Queries, key string) string {
	return " LEFT JOIN " + q.Table("receivable_customers") + " rcu ON rcu.customer_id = " + key
}

// owedInstalments is the instalments still owed, of which R7 counts every
// figure.
func owedInstalments(q *Queries, w *tables.Where, r queries.KPIRequest) source {
	src := instalments(q, w, r)
	src.from += " WHERE r.amount_minor > r.paid_minor"
	return src
}

// receivableMonths is the monthly counters of the paid instalments and,
// with payments, of the payments: a row for every owner and unit with a
// paid instalment, in the paid bucket, with the amount of those that fell
// due in the period, and for those paid in it, what they paid.
func receivableMonths(q *Queries, w *tables.Where, r queries.KPIRequest, table string, payments bool) source {
	in := monthBounds(w, r.Period)("pm.month")
	src := source{from: "FROM " + q.Table(table) + " pm WHERE pm.paid_instalments > 0",
		person: "pm.owner_id", department: "pm.org_unit_id", bucket: "'" + queries.BucketPaid + "'",
		vals: map[string]string{"due": "CASE WHEN " + in + " THEN pm.paid_due_minor ELSE 0 END"}}
	if payments {
		src.from += " OR (" + in + " AND pm.payments > 0)"
		src.vals["collected"] = "CASE WHEN " + in + " THEN pm.collected_minor ELSE 0 END"
	}
	return src
}

// stepsDue is the dunning steps flagged due in the period (and the other
// facts named), a row per contract, credited through it.
func stepsDue(q *Queries, w *tables.Where, r queries.KPIRequest, facts ...string) source {
	return source{from: "FROM (" + monthlyBySubject(q, w, r.Period, append(facts, factStepDue)...) + ") m JOIN " +
		q.Table("receivable_contracts") + " rc ON rc.contract_id = m.subject_id",
		person: "rc.owner_id", department: "rc.drafter_org_unit_id",
		vals: map[string]string{"steps_due": ofFact(factStepDue)}}
}

// instalments is R7's source of instalment rows. The day an instalment
// falls in each aging bucket from is worked out once here, so a row
// compares its due date (text, YYYY-MM-DD, ordered as the dates) to
// those days instead of parsing it for each figure: days overdue are
// today − due date when still owed and due before today, and a bucket
// holds 1-30, 31-60, 61-90 or more days.
func instalments(q *Queries, w *tables.Where, r queries.KPIRequest) source {
	today := r.Now.Format(time.DateOnly) // the day GET /receivables counts to
	day, _ := time.Parse(time.DateOnly, today)
	daysBefore := func(n int) string { return tables.Bind(w, day.AddDate(0, 0, -n).Format(time.DateOnly)) }
	start, end := tables.Bind(w, r.Period.Start.Format(time.DateOnly)), tables.Bind(w, r.Period.End.Format(time.DateOnly))
	owed, notDue := "r.amount_minor > r.paid_minor", daysBefore(0)
	overdue := owed + " AND r.due_date < " + notDue
	bucket := "CASE WHEN NOT " + owed + " THEN 'paid' WHEN r.due_date >= " + notDue + " THEN 'not_due' WHEN r.due_date >= " + daysBefore(30) +
		" THEN '0-30' WHEN r.due_date >= " + daysBefore(60) + " THEN '31-60' WHEN r.due_date >= " + daysBefore(90) + " THEN '61-90' ELSE '90+' END"
	stage := func(s string) string { return flag(owed + " AND r.dunning_stage = '" + s + "'") }
	return source{from: "FROM " + q.Table("receivables") + " r",
		person: "r.contract_owner_id", department: "r.contract_org_unit_id", bucket: bucket,
		vals: map[string]string{"instalments": flag(owed), "outstanding": "greatest(r.amount_minor - r.paid_minor, 0)",
			"overdue": "CASE WHEN " + overdue + " THEN r.amount_minor - r.paid_minor ELSE 0 END",
			"letter":  stage("DUNNING_LETTER"), "visit": stage("ON_SITE_VISIT"), "legal": stage("LEGAL_ACTION"),
			"due": "CASE WHEN r.due_date >= " + start + " AND r.due_date < " + end + " THEN r.amount_minor ELSE 0 END"}}
}

// passed is the indicators as the subquery alias gives them.
func passed(alias string, inds []indicator) map[string]string {
	vals := make(map[string]string, len(inds))
	for _, in := range inds {
		vals[in.name] = alias + "." + in.name
	}
	return vals
}

// keyedBy is the SELECT of src's dimensions and indicators with key as
// customer_id, for a source of rows that a KPI then joins to their
// customer file in one place.
func keyedBy(key string, src source, inds []indicator) string {
	return strings.Replace(src.selectSQL(inds), "SELECT ", "SELECT "+key+" AS customer_id, ", 1)
}
