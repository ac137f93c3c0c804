package kpi

import (
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// The people KPIs credit an employee's figures to them, their supervisor
// (team) and their org unit; employees have no region.

// conduct is the rewards, penalties and fines decided in the period.
func conduct(q *Queries, in func(string) string) source {
	return source{from: "FROM " + q.Table("employee_conduct") + " ec WHERE " + in("ec.decided_at"),
		person: "ec.employee_id", department: "ec.org_unit_id",
		vals: map[string]string{"rewards": flag("ec.kind = 'REWARD'"), "penalties": flag("ec.kind = 'PENALTY'"),
			"fines": flag("ec.kind = 'FINE'"), "fines_minor": "CASE WHEN ec.kind = 'FINE' THEN coalesce(ec.amount_minor, 0) ELSE 0 END"}}
}

// R11: the staff now (those not departed), on probation, whose probation
// ends by the end of the period (the GM's decision is due), on an
// improvement plan and due for dismissal; appraisals rated in the period
// and the failed ones; rewards, penalties and fines decided in it.
func employeePerformance(q *Queries, w *tables.Where, r queries.KPIRequest) spec {
	in, end := bounds(w, r.Period), tables.Bind(w, r.Period.End)
	staff := "e.status IN ('ONBOARDING', 'ON_PROBATION', 'REGULAR', 'LEAVING')"
	probation := "e.status = 'ON_PROBATION'"
	return spec{
		indicators: ints("headcount", "probation", "probation_ending", "plans", "dismissal", "appraisals", "failed",
			"rewards", "penalties", "fines", "fines_minor"),
		sources: []source{
			{from: "FROM " + q.Table("employees") + " e WHERE " + staff, person: "e.employee_id", department: "e.org_unit_id",
				vals: map[string]string{"headcount": "1", "probation": flag(probation),
					"probation_ending": flag(probation + " AND e.probation_ends_on < " + end + "::timestamptz"),
					"plans":            flag("e.improvement_plan"), "dismissal": flag("e.dismissal_due_at IS NOT NULL")}},
			{from: "FROM " + q.Table("employee_appraisals") + " a WHERE " + in("a.rated_at"), person: "a.employee_id", department: "a.org_unit_id",
				vals: map[string]string{"appraisals": "1", "failed": flag("a.grade = 'FAIL'")}},
			conduct(q, in),
		},
		aggs: map[string]string{"headcount": sum("headcount"), "on_probation": sum("probation"), "probation_ending": sum("probation_ending"),
			"improvement_plans": sum("plans"), "dismissal_due": sum("dismissal"), "appraisals": sum("appraisals"),
			"failed_appraisals": sum("failed"), "rewards": sum("rewards"), "penalties": sum("penalties"), "fines": sum("fines"),
			"fines_total": sum("fines_minor")},
	}
}

// R12: the work reports submitted and rejected in the period (and the
// rejections that count as a missing report), the days the system flagged
// without a daily report and the files it flagged unreviewed for a month,
// check-ins, outings registered, visits logged, leave and trips approved,
// and fines.
func activityDiscipline(q *Queries, w *tables.Where, r queries.KPIRequest) spec {
	in := bounds(w, r.Period)
	return spec{
		indicators: ints("reports", "rejected", "missing", "days_flagged", "reviews_flagged", "check_ins", "outings", "visits", "leave", "trips",
			"rewards", "penalties", "fines", "fines_minor"),
		sources: []source{
			{from: "FROM (" + monthlyBy(q, w, r.Period, "m.fact, m.employee_id, m.flag", factReport, factReportReject, factCheckIn, factOuting, factVisit, factLeave, factTrip,
				factReportMissed, factReviewMissed) + ") m LEFT JOIN " + q.Table("employees") + " e ON e.employee_id = m.employee_id",
				person: "m.employee_id", department: "e.org_unit_id",
				vals: map[string]string{"reports": ofFact(factReport), "rejected": ofFact(factReportReject),
					"missing": counted("m.fact = 'report_rejected' AND m.flag"), "days_flagged": ofFact(factReportMissed),
					"reviews_flagged": ofFact(factReviewMissed), "check_ins": ofFact(factCheckIn),
					"outings": ofFact(factOuting), "visits": ofFact(factVisit), "leave": ofFact(factLeave), "trips": ofFact(factTrip)}},
			conduct(q, in),
		},
		aggs: map[string]string{"reports_submitted": sum("reports"), "reports_rejected": sum("rejected"), "reports_missing": sum("missing"),
			"daily_reports_flagged_missing": sum("days_flagged"), "file_reviews_flagged_missed": sum("reviews_flagged"),
			"check_ins": sum("check_ins"), "outings": sum("outings"), "visits": sum("visits"), "leave_approved": sum("leave"),
			"trips_approved": sum("trips"), "fines": sum("fines"), "fines_total": sum("fines_minor")},
	}
}
