package workreports

import (
	"context"

	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Queries reads the work reports read model through its views.
type Queries struct{ tables.DB }

// NewQueries returns the queries of the work reports read model over db.
func NewQueries(db tables.DB) *Queries { return &Queries{db} }

var reportSorts = map[string]tables.SortKey[queries.WorkReportView]{
	"-period_start": {Col: "period_start", Desc: true, Val: func(v queries.WorkReportView) string { return v.PeriodStart }},
	"period_start":  {Col: "period_start", Val: func(v queries.WorkReportView) string { return v.PeriodStart }},
}

// WorkReports lists employees' periods matching f: filed, rejected or
// flagged missing.
func (q *Queries) WorkReports(ctx context.Context, f queries.WorkReportFilter, page queries.PageRequest) (queries.Page[queries.WorkReportView], error) {
	var w tables.Where
	tables.AddIf(&w, "org_unit_id = ?", f.OrgUnitID)
	tables.AddIf(&w, "employee_id = ?", f.EmployeeID)
	tables.AddIf(&w, "period = ?", f.Period)
	tables.AddIf(&w, "status = ?", f.Status)
	tables.AddIf(&w, "period_start >= ?", f.From)
	tables.AddIf(&w, "period_start <= ?", f.To)
	return tables.List(ctx, q.DB, tables.ListSpec[queries.WorkReportView]{View: "workreport_periods",
		ID:    tables.ID("row_id", func(v queries.WorkReportView) string { return v.RowID }),
		Sorts: reportSorts, Default: "-period_start"}, f.Sort, &w, page)
}

// ReportFiling lists, for one period, every employee at work in a role
// that files reports (the default regulation's sales roles) and in the
// filter's unit, with the state of their report: NOT_FILED when there is
// neither a report nor a flag.
func (q *Queries) ReportFiling(ctx context.Context, f queries.ReportFilingFilter) ([]queries.ReportFilingView, error) {
	roles := []string{}
	for _, r := range employee.DefaultRegulation().SalesRoles {
		roles = append(roles, string(r))
	}
	w := &tables.Where{}
	w.Add("p.at_work AND p.role = ANY(?)", roles)
	tables.AddIf(w, "p.org_unit_id = ?", f.OrgUnitID)
	tables.AddIf(w, "p.employee_id = ?", f.EmployeeID)
	period, start := tables.Bind(w, f.Period), tables.Bind(w, f.PeriodStart)
	return tables.All[queries.ReportFilingView](ctx, q.DB, "report filing",
		`SELECT p.employee_id, p.org_unit_id, p.role, coalesce(r.status, 'NOT_FILED') AS status, coalesce(r.report_id, '') AS report_id,
			coalesce(r.late, false) AS late, coalesce(r.flagged, false) AS flagged
		FROM `+q.Table("workreport_people")+` p LEFT JOIN `+q.Table("workreport_periods")+` r
			ON r.employee_id = p.employee_id AND r.period = `+period+` AND r.period_start = `+start+
			w.SQL()+` ORDER BY p.org_unit_id, p.employee_id`, w.Args...)
}

var planSorts = map[string]tables.SortKey[queries.WorkPlanView]{
	"-period_start": {Col: "period_start", Desc: true, Val: func(v queries.WorkPlanView) string { return v.PeriodStart }},
	"period_start":  {Col: "period_start", Val: func(v queries.WorkPlanView) string { return v.PeriodStart }},
}

// WorkPlans lists the work plans matching f.
func (q *Queries) WorkPlans(ctx context.Context, f queries.WorkPlanFilter, page queries.PageRequest) (queries.Page[queries.WorkPlanView], error) {
	var w tables.Where
	tables.AddIf(&w, "org_unit_id = ?", f.OrgUnitID)
	tables.AddIf(&w, "employee_id = ?", f.EmployeeID)
	tables.AddIf(&w, "period = ?", f.Period)
	tables.AddIf(&w, "status = ?", f.Status)
	return tables.List(ctx, q.DB, tables.ListSpec[queries.WorkPlanView]{View: "work_plans",
		ID:    tables.ID("plan_id", func(v queries.WorkPlanView) string { return v.PlanID }),
		Sorts: planSorts, Default: "-period_start"}, f.Sort, &w, page)
}

// WorkPlan returns one plan.
func (q *Queries) WorkPlan(ctx context.Context, id string) (queries.WorkPlanView, error) {
	return tables.One[queries.WorkPlanView](ctx, q.DB, queries.ErrWorkPlanNotFound,
		`SELECT * FROM `+q.Table("work_plans")+` WHERE plan_id = $1`, id)
}
