package api

import (
	"cmp"
	"context"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/workplan"
	"github.com/opsledger/opsledger/queries"
)

const workPlanTag = "Work plans and reports"

// workReportReadModels are the read models the work plan and report
// routes read.
var workReportReadModels = []string{"workreports"}

// workPlanRoutes registers the work plan commands and the plan and report
// queries (§3.2): who has and who has not filed, by period.
func workPlanRoutes(s *Server, rt *routes) {
	command(rt, "/employees/{id}/work-plans", workPlanTag, "Submit (or, after a return, resubmit) the employee's monthly or weekly work plan at the start of its period (the employee themself, WP1)", s.submitWorkPlan)
	command(rt, "/work-plans/{id}/approval", workPlanTag, "Approve a submitted work plan (the head of the plan's org unit, WP2)", s.approveWorkPlan)
	command(rt, "/work-plans/{id}/return", workPlanTag, "Return a submitted work plan for rework, saying why (the head of the plan's org unit, WP2)", s.returnWorkPlan)
	rt.get("/work-plans", workPlanTag, "Work plans and where they stand; a department head sees their org unit's, an employee their own",
		queries.Page[queries.WorkPlanView]{}, handleQuery(s, workReportReadModels, s.listWorkPlans),
		listParams(text("org_unit_id", "the plan's org unit"), text("employee_id", "the planner"),
			oneOf("period", queries.WorkPlanPeriods, "the plan's cadence"), oneOf("status", queries.WorkPlanStatuses, "the plan's state"),
			sortBy(queries.WorkReportSorts))...)
	rt.get("/work-plans/{id}", workPlanTag, "One work plan", queries.WorkPlanView{}, s.withAsOf(handleQuery(s, workReportReadModels, s.getWorkPlan)), asOfParams[0], asOfParams[1], afterParam)
	rt.get("/work-reports", workPlanTag, "Employees' report periods: filed (on time or late), rejected as sloppy, or flagged missing",
		queries.Page[queries.WorkReportView]{}, handleQuery(s, workReportReadModels, s.listWorkReports),
		listParams(text("org_unit_id", "the employee's org unit"), text("employee_id", "the employee"),
			oneOf("period", queries.WorkReportPeriods, "the report's cadence"), oneOf("status", queries.WorkReportStatuses, "the period's state"),
			day("from", "periods starting on or after"), day("to", "periods starting on or before"), sortBy(queries.WorkReportSorts))...)
	rt.get("/work-reports/filing", workPlanTag, "Who has and who has not filed one period's report: every employee at work in a reporting role, of one org unit for a department head",
		queries.Page[queries.ReportFilingView]{}, handleQuery(s, workReportReadModels, s.reportFiling),
		oneOf("period", queries.WorkReportPeriods, "the report's cadence (default DAILY)"), day("period_start", "the period's first day (default: the period running now, company time)"),
		text("org_unit_id", "one org unit"), text("employee_id", "one employee"), afterParam)
}

// SubmitWorkPlanRequest is a MONTHLY plan from the 1st or a WEEKLY plan
// from a Monday.
type SubmitWorkPlanRequest struct {
	Envelope
	Period      string `json:"period"`
	PeriodStart Date   `json:"period_start"`
	Content     string `json:"content"`
}

func (s *Server) submitWorkPlan(ctx context.Context, m commands.Meta, id string, req SubmitWorkPlanRequest) (commands.Result, error) {
	return s.Commands.WorkPlans.SubmitWorkPlan(ctx, m, commands.SubmitWorkPlan{EmployeeID: id, Period: workplan.Period(req.Period),
		PeriodStart: req.PeriodStart.Time, Content: req.Content})
}

// ApproveWorkPlanRequest approves a plan, with an optional comment.
type ApproveWorkPlanRequest struct {
	Envelope
	Comment string `json:"comment,omitempty"`
}

func (s *Server) approveWorkPlan(ctx context.Context, m commands.Meta, id string, req ApproveWorkPlanRequest) (commands.Result, error) {
	return s.Commands.WorkPlans.ApproveWorkPlan(ctx, m, commands.ApproveWorkPlan{PlanID: id, Comment: req.Comment})
}

// ReturnWorkPlanRequest returns a plan; the envelope's reason says why.
type ReturnWorkPlanRequest struct {
	Envelope
}

func (s *Server) returnWorkPlan(ctx context.Context, m commands.Meta, id string, req ReturnWorkPlanRequest) (commands.Result, error) {
	return s.Commands.WorkPlans.ReturnWorkPlan(ctx, m, commands.ReturnWorkPlan{PlanID: id, Reason: req.Reason})
}

func (s *Server) listWorkPlans(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	q := r.URL.Query()
	unit, employeeID, err := queries.ScopeWorkReports(actor, q.Get("org_unit_id"), q.Get("employee_id"))
	if err != nil {
		return nil, 0, err
	}
	res, err := s.Queries.WorkPlans(ctx, queries.WorkPlanFilter{OrgUnitID: unit, EmployeeID: employeeID, Period: q.Get("period"),
		Status: q.Get("status"), Sort: q.Get("sort")}, page)
	return res, 0, err
}

func (s *Server) getWorkPlan(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	v, err := s.workPlanAt(ctx, chi.URLParam(r, "id"))
	if err != nil {
		if _, _, serr := queries.ScopeWorkReports(actor, "", ""); serr != nil {
			return nil, 0, serr
		}
		return nil, 0, err
	}
	if !queries.MayReadWorkPlan(actor, v.EmployeeID, v.OrgUnitID) {
		return nil, 0, domain.Forbidden("a work plan is visible to its planner, the head of their org unit, HR, the admin office, leadership and the auditors")
	}
	return v, v.Version, nil
}

func (s *Server) listWorkReports(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	q := r.URL.Query()
	unit, employeeID, err := queries.ScopeWorkReports(actor, q.Get("org_unit_id"), q.Get("employee_id"))
	if err != nil {
		return nil, 0, err
	}
	f := queries.WorkReportFilter{OrgUnitID: unit, EmployeeID: employeeID, Period: q.Get("period"), Status: q.Get("status"), Sort: q.Get("sort")}
	if f.From, err = dayString(r, "from"); err != nil {
		return nil, 0, err
	}
	if f.To, err = dayString(r, "to"); err != nil {
		return nil, 0, err
	}
	res, err := s.Queries.WorkReports(ctx, f, page)
	return res, 0, err
}

func (s *Server) reportFiling(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	q := r.URL.Query()
	period := cmp.Or(q.Get("period"), "DAILY")
	start, err := dayString(r, "period_start")
	if err != nil {
		return nil, 0, err
	}
	if start == "" {
		start = s.currentPeriodStart(period)
	}
	unit, employeeID, err := queries.ScopeWorkReports(actor, q.Get("org_unit_id"), q.Get("employee_id"))
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.Queries.ReportFiling(ctx, queries.ReportFilingFilter{Period: period, PeriodStart: start, OrgUnitID: unit, EmployeeID: employeeID})
	return onePage(rows), 0, err
}

// currentPeriodStart is the first day of the period of cadence period
// that is running now in the company's calendar: today, this week's
// Monday or this month's 1st.
func (s *Server) currentPeriodStart(period string) string {
	now := s.Now()
	today := now.In(s.Commands.Reactions.CompanyLocation(now))
	switch period {
	case "WEEKLY":
		today = today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	case "MONTHLY":
		today = today.AddDate(0, 0, 1-today.Day())
	}
	return today.Format(time.DateOnly)
}

// dayString is the date parameter name as YYYY-MM-DD, empty when absent.
func dayString(r *http.Request, name string) (string, error) {
	t, err := dayParam(r, name)
	if err != nil || t.IsZero() {
		return "", err
	}
	return t.Format(time.DateOnly), nil
}
