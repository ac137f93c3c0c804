package kpi

import (
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// R1: a sale is a signed contract, counted at its value when signed in the
// month it was signed, credited to the rep who drafted it and their org
// unit (as sales vs target counts it); delivered value is the total of
// the orders delivered in the period and collected cash the payments
// received in it, both credited to the contract's drafter. Region is the
// customer's.
//
// Each table is read once (decision 40): the sales of the period and of
// the one before, the deliveries joined to their contract, and the
// payments, together. The sales are the targets read
// model's monthly counters per rep and unit (sales_months) and the
// payments the receivables read model's per owner and unit, as R7's
// (decision 52). By region, the sales and the payments are the
// receivables read model's counters per region, which follow a
// customer's region (decision 56), and the orders delivered take
// their customer's region from the same read model.
func salesPerformance(q *Queries, w *tables.Where, r queries.KPIRequest) spec {
	indicators := ints("signed", "signed_minor", "signed_prev_minor", "delivered_minor", "collected_minor")
	aggs := map[string]string{"signed_contracts": sum("signed"), "signed_value": sum("signed_minor"),
		"delivered_value": sum("delivered_minor"), "collected": sum("collected_minor"), "signed_value_previous": sum("signed_prev_minor")}
	if r.GroupBy == queries.DimensionRegion {
		return spec{indicators: indicators, sources: salesByRegion(q, w, r), aggs: aggs}
	}
	in := bounds(w, r.Period)
	// the orders delivered in the period, by contract, credited through it
	byContract := "SELECT o.contract_id, o.total_minor AS delivered_minor, NULL::bigint AS collected_minor FROM " + q.Table("orders") + " o" +
		" WHERE " + in("o.delivered_at")
	contracts := "SELECT c.owner_id, c.drafter_org_unit_id, c.customer_id, NULL, NULL, NULL, x.delivered_minor, x.collected_minor" +
		" FROM (" + byContract + ") x JOIN " + drafters(q) + " c ON c.contract_id = x.contract_id UNION ALL " + paymentsByOwner(q, w, r)
	return spec{
		indicators: indicators,
		sources: []source{{
			from:   "FROM (" + salesByMonth(q, w, r) + " UNION ALL " + contracts + ") s LEFT JOIN " + q.Table("customers") + " cu ON cu.customer_id = s.customer_id",
			person: "s.person", department: "s.department", region: "cu.region",
			vals: map[string]string{"signed": "s.signed", "signed_minor": "s.signed_minor", "signed_prev_minor": "s.signed_prev_minor",
				"delivered_minor": "s.delivered_minor", "collected_minor": "s.collected_minor"},
		}},
		aggs: aggs,
	}
}

// salesByRegion is R1's sources by region: the sales and the payments
// from the receivables read model's counters per region, which follow a
// customer's region, and the orders delivered in the period credited
// through their contract to its customer's region as that read model
// knows it.
func salesByRegion(q *Queries, w *tables.Where, r queries.KPIRequest) []source {
	in, prev := monthBounds(w, r.Period)("pm.month"), monthBounds(w, r.Period.Previous())("pm.month")
	when := func(cond, v string) string { return "CASE WHEN " + cond + " THEN " + v + " END" }
	counters := source{from: "FROM " + q.Table("receivable_region_months") + " pm" +
		" WHERE ((" + in + " OR " + prev + ") AND pm.sales > 0) OR (" + in + " AND pm.payments > 0)",
		person: "pm.owner_id", department: "pm.org_unit_id", region: "pm.region",
		vals: map[string]string{"signed": when(in, "pm.sales"), "signed_minor": when(in, "pm.signed_minor"),
			"signed_prev_minor": when(prev, "pm.signed_minor"), "collected_minor": when(in, "pm.collected_minor")}}
	delivered := source{from: "FROM " + q.Table("orders") + " o JOIN " + drafters(q) + " c ON c.contract_id = o.contract_id" +
		withRegion(q, "c.customer_id") + " WHERE " + bounds(w, r.Period)("o.delivered_at"),
		person: "c.owner_id", department: "c.drafter_org_unit_id", region: "rcu.region", vals: map[string]string{"delivered_minor": "o.total_minor"}}
	return []source{counters, delivered}
}

// R4: quotations drafted in the period by margin tier (K7), their average
// margin and how many the customer accepted, credited to the drafter and
// the drafter's org unit now; quotes awaiting retro approval now; and the
// unauthorised quotations detected in the period, credited to the
// contract's drafter.
func quotationMargins(q *Queries, w *tables.Where, r queries.KPIRequest) spec {
	in := bounds(w, r.Period)
	quotes := "FROM " + q.Table("quotations") + " qu LEFT JOIN " + q.Table("employees") + " e ON e.employee_id = qu.drafted_by" +
		withRegion(q, "qu.customer_id")
	tier := func(t string) string { return flag(in("qu.drafted_at") + " AND qu.tier = '" + t + "'") }
	return spec{
		indicators: append(ints("quotes", "tier_rep", "tier_dept_head", "tier_gm_office", "tier_gm", "accepted", "retro", "unauthorised"),
			floats("margin")...),
		sources: []source{
			{from: quotes + " WHERE " + in("qu.drafted_at") + " OR qu.retro_approval_pending",
				person: "qu.drafted_by", department: "e.org_unit_id", region: "rcu.region",
				vals: map[string]string{"quotes": flag(in("qu.drafted_at")), "tier_rep": tier("REP"), "tier_dept_head": tier("DEPT_HEAD"),
					"tier_gm_office": tier("GM_OFFICE"), "tier_gm": tier("GM"),
					"accepted": flag(in("qu.drafted_at") + " AND qu.status = 'ACCEPTED'"), "retro": flag("qu.retro_approval_pending"),
					"margin": "CASE WHEN " + in("qu.drafted_at") + " AND qu.tier <> '' THEN qu.margin / 100.0 END"}},
			{from: "FROM (" + monthlyBySubject(q, w, r.Period, factUnauthorised) + ") m JOIN " + drafters(q) + " c ON c.contract_id = m.subject_id" +
				withRegion(q, "c.customer_id"),
				person: "c.owner_id", department: "c.drafter_org_unit_id", region: "rcu.region",
				vals: map[string]string{"unauthorised": "m.n"}},
		},
		aggs: map[string]string{"quotes": sum("quotes"), "tier_rep": sum("tier_rep"), "tier_dept_head": sum("tier_dept_head"),
			"tier_gm_office": sum("tier_gm_office"), "tier_gm": sum("tier_gm"), "avg_margin": avg("margin"),
			"accepted": sum("accepted"), "retro_pending": sum("retro"), "unauthorised": sum("unauthorised")},
	}
}

// pendingStatuses are the contract states that wait for an approval step
// (or, once approved, for the signature).
const pendingStatuses = "('REGISTERED', 'DEPT_APPROVED', 'LEGAL_CLEARED', 'APPROVED')"

// R5: the contracts board now, by state, credited to the drafter: counts
// of each state before signature, the value waiting and the age of the
// oldest wait (days since the contract's last approval step, or since it
// was drafted), the contracts signed or in execution with their value and
// open issues; plus the contracts drafted and returned in the period.
//
// One scan of the contracts, joined once to their customer's region, gives
// every figure: the returns of the period are counted per contract first
// (through contract_steps_returned) and joined to it, and the wait is
// looked up for a pending contract alone (CASE runs the lookup only for
// the rows it holds for). A source per figure scanned the contracts and
// the customer files three times, and every approval step once.
func contractBoard(q *Queries, w *tables.Where, r queries.KPIRequest) spec {
	in, now := bounds(w, r.Period), tables.Bind(w, r.Now)
	status := func(s string) string { return flag("c.status = '" + s + "'") }
	waitingSince := "coalesce((SELECT max(s.at) FROM " + q.Table("contract_steps") + " s WHERE s.contract_id = c.contract_id), c.drafted_at)"
	pending := "c.status IN " + pendingStatuses
	returned := "SELECT s.contract_id, count(*) AS n FROM " + q.Table("contract_steps") + " s WHERE s.decision = 'RETURNED' AND " + in("s.at") +
		" GROUP BY s.contract_id"
	contracts := "FROM " + q.Table("contracts") + " c LEFT JOIN (" + returned + ") rt ON rt.contract_id = c.contract_id" +
		withRegion(q, "c.customer_id")
	executing := "c.status IN ('SIGNED', 'IN_EXECUTION')"
	return spec{
		indicators: append(ints("drafted", "draft", "registered", "dept_approved", "legal_cleared", "approved", "pending_minor",
			"executing", "executing_minor", "open_issues", "returned"), floats("waiting_days")...),
		sources: []source{
			{from: contracts, person: "c.drafter_id", department: "c.drafter_org_unit_id", region: "rcu.region",
				vals: map[string]string{"drafted": flag(in("c.drafted_at")), "draft": status("DRAFT"), "registered": status("REGISTERED"),
					"dept_approved": status("DEPT_APPROVED"), "legal_cleared": status("LEGAL_CLEARED"), "approved": status("APPROVED"),
					"pending_minor": "CASE WHEN " + pending + " THEN c.value_minor ELSE 0 END",
					"executing":     flag(executing), "executing_minor": "CASE WHEN " + executing + " THEN c.value_minor ELSE 0 END",
					"open_issues": "CASE WHEN " + executing + " THEN c.open_issues ELSE 0 END", "returned": "rt.n",
					"waiting_days": "CASE WHEN " + pending + " THEN " + days(waitingSince, now+"::timestamptz") + " END"}},
		},
		aggs: map[string]string{"drafted": sum("drafted"), "draft": sum("draft"), "registered": sum("registered"),
			"dept_approved": sum("dept_approved"), "legal_cleared": sum("legal_cleared"), "approved": sum("approved"),
			"pending_value": sum("pending_minor"), "oldest_pending_days": "round(max(b.waiting_days)::numeric, 2)::float8",
			"executing": sum("executing"), "executing_value": sum("executing_minor"), "open_issues": sum("open_issues"),
			"returned": sum("returned")},
	}
}

// drafters is the contracts' drafter (owner_id), the drafter's org unit
// and the customer, which a contract never changes, as the receivables
// read model keeps them: R1 and R4 credit a delivery or an unauthorised
// quotation through its contract and need no more of it, and
// receivable_contracts is about half the pages of the contract board
// (567 against 1,001 at 1,000,000 events; decision 60).
func drafters(q *Queries) string { return q.Table("receivable_contracts") }

// paymentsByOwner is the payments received in the period per contract
// owner (its drafter) and the drafter's org unit, from the receivables
// read model's monthly counters, as a row of R1's sales union.
func paymentsByOwner(q *Queries, w *tables.Where, r queries.KPIRequest) string {
	return "SELECT pm.owner_id, pm.org_unit_id, NULL, NULL, NULL, NULL, NULL, pm.collected_minor FROM " + q.Table("receivable_months") + " pm" +
		" WHERE " + monthBounds(w, r.Period)("pm.month") + " AND pm.payments > 0"
}

// salesByMonth is the sales signed in the period and in the one before
// per rep and unit, from the targets read model's monthly counters, as
// the rows of R1's sales union.
func salesByMonth(q *Queries, w *tables.Where, r queries.KPIRequest) string {
	in, prev := monthBounds(w, r.Period)("sm.month"), monthBounds(w, r.Period.Previous())("sm.month")
	return "SELECT sm.rep_id AS person, sm.org_unit_id AS department, NULL::text AS customer_id," +
		" CASE WHEN " + in + " THEN sm.sales END AS signed," +
		" CASE WHEN " + in + " THEN sm.amount_minor END AS signed_minor," +
		" CASE WHEN " + prev + " THEN sm.amount_minor END AS signed_prev_minor," +
		" NULL::bigint AS delivered_minor, NULL::bigint AS collected_minor" +
		" FROM " + q.Table("sales_months") + " sm WHERE " + in + " OR " + prev
}
