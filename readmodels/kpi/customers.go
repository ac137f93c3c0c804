package kpi

import (
	"time"

	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// The customer KPIs credit a file's figures to its owner rep, its org
// unit and its region. Where a KPI needs no more of the file than those,
// it joins the KPI read model's narrow copy of them (kpi_customers,
// ordering.go: 195 pages at 1,000,000 events against the files' 1,009).

// R3: files by stage now and the conversion (cooperating ÷ files); files
// registered, visits made (credited to the rep who visited, and to the
// file's unit and region) and appointments falling in the period.
func pipeline(q *Queries, w *tables.Where, r queries.KPIRequest) spec {
	in := bounds(w, r.Period)
	stage := func(s string) string { return flag("cu.stage = '" + s + "'") }
	return spec{
		indicators: ints("files", "target", "visiting", "negotiating", "cooperating", "parked", "abandoned", "dormant",
			"registered", "visits", "appointments"),
		sources: []source{
			{from: "FROM " + q.Table("customers") + " cu", person: "cu.owner_rep_id", department: "cu.org_unit_id", region: "cu.region",
				vals: map[string]string{"files": "1", "target": stage("TARGET"), "visiting": stage("VISITING"),
					"negotiating": stage("NEGOTIATING"), "cooperating": stage("COOPERATING"), "parked": stage("PARKED"),
					"abandoned": stage("ABANDONED"), "dormant": stage("DORMANT"), "registered": flag(in("cu.registered_at")),
					"appointments": flag(in("cu.next_appointment_at"))}},
			{from: "FROM (" + monthlyBy(q, w, r.Period, "m.employee_id, m.subject_id", factVisit) + ") m JOIN " + q.Table("kpi_customers") + " cu ON cu.customer_id = m.subject_id",
				person: "m.employee_id", department: "cu.org_unit_id", region: "cu.region", vals: map[string]string{"visits": "m.n"}},
		},
		aggs: map[string]string{"target_stage": sum("target"), "visiting": sum("visiting"), "negotiating": sum("negotiating"),
			"cooperating": sum("cooperating"), "parked": sum("parked"), "abandoned": sum("abandoned"), "dormant": sum("dormant"),
			"conversion": pct("cooperating", "files"), "registered": sum("registered"), "visits": sum("visits"),
			"appointments_due": sum("appointments")},
	}
}

// R8: complaints received in the period, how many are closed and open
// now, the mean days to route, to the first update and to close, the
// share reopened, and the complaint rate (complaints ÷ the cooperating
// customers now); inquiries received and answered in the period.
func customerService(q *Queries, w *tables.Where, r queries.KPIRequest) spec {
	in := bounds(w, r.Period)
	closed := "cp.status = 'CLOSED_SATISFIED'"
	inds := append(ints("received", "closed", "open", "reopened", "active", "inquiries", "answered"),
		floats("route_days", "update_days", "close_days")...)
	complaints := source{from: "FROM " + q.Table("complaints") + " cp WHERE " + in("cp.received_at"),
		vals: map[string]string{"received": "1", "closed": flag(closed), "open": flag("NOT " + closed),
			"reopened": flag("cp.reopen_count > 0"), "route_days": days("cp.received_at", "cp.routed_at"),
			"update_days": days("cp.received_at", "cp.first_update_at"), "close_days": "CASE WHEN " + closed + " THEN " + days("cp.received_at", "cp.closed_at") + " END"}}
	inquiries := source{from: "FROM (" + monthlyBySubject(q, w, r.Period, factInquiry, factInquiryDone) + ") m",
		vals: map[string]string{"inquiries": ofFact(factInquiry), "answered": ofFact(factInquiryDone)}}
	// The complaints and the inquiries are keyed by customer and joined to
	// the customer file once, together (decision 40); an inquiry counts
	// only with its file, as its own join did.
	byCustomer := keyedBy("cp.customer_id", complaints, inds) + " UNION ALL " + keyedBy("m.subject_id", inquiries, inds)
	filed := source{from: "FROM (" + byCustomer + ") x LEFT JOIN " + q.Table("kpi_customers") + " cu ON cu.customer_id = x.customer_id" +
		" WHERE x.inquiries IS NULL OR cu.customer_id IS NOT NULL",
		person: "cu.owner_rep_id", department: "cu.org_unit_id", region: "cu.region", vals: passed("x", inds)}
	// The cooperating customers, most of the files, are counted per
	// owner, unit and region before the union: a row each carried every
	// indicator through the union and both grouping sets.
	active := source{from: "FROM (SELECT cu.owner_rep_id, cu.org_unit_id, cu.region, count(*) AS n FROM " + q.Table("customers") + " cu" +
		" WHERE cu.stage = 'COOPERATING' GROUP BY 1, 2, 3) cu", person: "cu.owner_rep_id", department: "cu.org_unit_id", region: "cu.region",
		vals: map[string]string{"active": "cu.n"}}
	return spec{
		indicators: inds,
		sources:    []source{filed, active},
		aggs: map[string]string{"received": sum("received"), "closed": sum("closed"), "open": sum("open"),
			"avg_days_to_route": avg("route_days"), "avg_days_to_first_update": avg("update_days"), "avg_days_to_close": avg("close_days"),
			"reopen_rate": pct("reopened", "received"), "complaint_rate": pct("received", "active"),
			"inquiries": sum("inquiries"), "inquiries_answered": sum("answered")},
	}
}

// R9: satisfaction surveys and follow-up visits in the period with their
// mean scores; the customers who ordered in the period, those of them who
// also ordered in the previous one (retained, over the previous period's
// ordering customers: the retention rate) and those who ordered twice or
// more (repeat). Cancelled orders do not count.
//
// The scores are counted per customer and joined to the file's owner,
// unit and region as the KPI read model keeps them (kpi_customers, a few
// narrow rows a customer); the ordering customers are its counters per
// owner, unit, region and period (kpi_ordering), which it moves when a
// file's owner or region changes (decision 60).
func satisfactionRetention(q *Queries, w *tables.Where, r queries.KPIRequest) spec {
	inds := ints("surveys", "follow_ups", "ordering", "retained", "prev_ordering", "repeat",
		"survey_score_sum", "survey_scores", "follow_up_score_sum", "follow_up_scores")
	scores := source{from: "FROM (" + monthlyBySubject(q, w, r.Period, factSurvey, factFollowUp) + ") m JOIN " + q.Table("kpi_customers") +
		" cu ON cu.customer_id = m.subject_id",
		person: "cu.owner_rep_id", department: "cu.org_unit_id", region: "cu.region",
		vals: map[string]string{"surveys": ofFact(factSurvey), "survey_score_sum": "CASE WHEN m.fact = 'survey' THEN m.score_sum ELSE 0 END",
			"survey_scores": "CASE WHEN m.fact = 'survey' THEN m.scores ELSE 0 END",
			"follow_ups":    ofFact(factFollowUp), "follow_up_score_sum": "CASE WHEN m.fact = 'follow_up' THEN m.score_sum ELSE 0 END",
			"follow_up_scores": "CASE WHEN m.fact = 'follow_up' THEN m.scores ELSE 0 END"}}
	return spec{
		indicators: inds,
		sources:    []source{scores, orderingSource(q, w, r.Period)},
		aggs: map[string]string{"surveys": sum("surveys"), "avg_survey_score": meanScore("survey_score_sum", "survey_scores"), "follow_ups": sum("follow_ups"),
			"avg_follow_up_score": meanScore("follow_up_score_sum", "follow_up_scores"), "ordering_customers": sum("ordering"), "retained": sum("retained"),
			"retention_rate": pct("retained", "prev_ordering"), "repeat_customers": sum("repeat")},
	}
}

// noContactDays is how long without a logged contact flags a file (D).
const noContactDays = 90

// R10: customer files now: incomplete (address, primary contact or phone
// empty, or not yet classified by industry and scale), not updated nor
// reviewed this month (C4, as GET /customers?stale=true), no contact
// logged in 90 days (abandoned files aside), and without an owner.
func customerFileHealth(q *Queries, w *tables.Where, r queries.KPIRequest) spec {
	month := tables.Bind(w, customer.MonthOf(r.Now))
	since := tables.Bind(w, r.Now.Add(-noContactDays*24*time.Hour))
	return spec{
		indicators: ints("files", "incomplete", "stale", "no_contact", "unassigned"),
		sources: []source{{from: "FROM " + q.Table("customers") + " cu", person: "cu.owner_rep_id", department: "cu.org_unit_id", region: "cu.region",
			vals: map[string]string{"files": "1",
				"incomplete": flag("cu.address = '' OR cu.primary_contact = '' OR cu.phone = '' OR cu.industry = '' OR cu.scale = ''"),
				"stale":      flag("cu.stage <> 'ABANDONED' AND cu.last_reviewed_month <> " + month + " AND cu.last_updated_month <> " + month),
				"no_contact": flag("cu.stage <> 'ABANDONED' AND (cu.last_contact_at IS NULL OR cu.last_contact_at < " + since + "::timestamptz)"),
				"unassigned": flag("cu.owner_rep_id = ''")}}},
		aggs: map[string]string{"files": sum("files"), "incomplete": sum("incomplete"), "stale": sum("stale"),
			"no_contact_90_days": sum("no_contact"), "unassigned": sum("unassigned")},
	}
}
