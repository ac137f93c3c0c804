package api

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

func employeeQueryRoutes(s *Server, rt *routes) {
	rt.get("/employees/{id}", employeeTag, "One employee: the full record for HR, the GM, their DEPT_HEAD and themself, the directory entry for others",
		queries.EmployeeView{}, s.withAsOf(handleQuery(s, []string{"employees"}, s.getEmployee)), asOfParams[0], asOfParams[1], afterParam)
	rt.get("/employees", employeeTag, "Employees; rows the caller may not see in full are directory entries", queries.Page[queries.EmployeeView]{},
		handleQuery(s, []string{"employees"}, s.listEmployees),
		listParams(oneOf("status", queries.EmployeeStatuses, "the employee's status"), text("org_unit_id", "the employee's org unit"),
			text("supervisor_id", "their supervisor"), oneOf("role", queries.Roles, "a role they hold"), sortBy(queries.EmployeeSorts),
			asOfListParams[0], asOfListParams[1])...)
	rt.get("/employees/{id}/appraisals", employeeTag, "An employee's appraisal history (HR, GM, their DEPT_HEAD, themself)",
		queries.Page[queries.AppraisalView]{}, handleQuery(s, []string{"employees"}, s.employeeAppraisals),
		listParams(oneOf("cycle", queries.AppraisalCycles, "the appraisal cycle"), oneOf("grade", queries.AppraisalGrades, "the grade given"),
			dateTime("rated_from", "rated at or after"), dateTime("rated_to", "rated before"))...)
	rt.get("/employees/{id}/conduct", employeeTag, "An employee's rewards, penalties and fines (HR, GM, their DEPT_HEAD, themself)",
		queries.Page[queries.ConductView]{}, handleQuery(s, []string{"employees"}, s.employeeConduct),
		listParams(oneOf("kind", queries.ConductKinds, "reward, penalty or fine"),
			dateTime("from", "decided at or after"), dateTime("to", "decided before"))...)
}

func (s *Server) getEmployee(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	v, err := s.employeeAt(ctx, chi.URLParam(r, "id"))
	if err != nil {
		return nil, 0, err
	}
	if !queries.MayReadEmployeeRecord(actor, v) && !queries.MayReadEmployeeDirectory(actor) {
		return nil, 0, errNoDirectory
	}
	if err := s.noteEmployeeReads(ctx, actor, queries.CategoryEmployeeRecord, v); err != nil {
		return nil, 0, err
	}
	return queries.EmployeeAsSeenBy(actor, v), v.Version, nil
}

// errNoDirectory refuses a token without a role the directory.
var errNoDirectory = domain.Forbidden("the employee directory is visible to staff who hold a role")

func (s *Server) listEmployees(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if !queries.MayReadEmployeeDirectory(actor) {
		return nil, 0, errNoDirectory
	}
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	q := r.URL.Query()
	f := queries.EmployeeFilter{Status: q.Get("status"), OrgUnitID: q.Get("org_unit_id"),
		SupervisorID: q.Get("supervisor_id"), Role: q.Get("role"), Sort: q.Get("sort")}
	if f.At, err = s.listAt(r); err != nil {
		return nil, 0, err
	}
	res, err := s.Queries.Employees(ctx, f, page)
	if err != nil {
		return nil, 0, err
	}
	out := queries.Page[any]{Items: make([]any, len(res.Items)), NextCursor: res.NextCursor}
	for i, v := range res.Items {
		out.Items[i] = queries.EmployeeAsSeenBy(actor, v)
	}
	if err := s.noteEmployeeReads(ctx, actor, queries.CategoryEmployeeRecord, res.Items...); err != nil {
		return nil, 0, err
	}
	return out, 0, nil
}

// employeeRecordFor loads the employee in the path and refuses (403) a
// caller who may not read their record.
func (s *Server) employeeRecordFor(ctx context.Context, r *http.Request, actor domain.Actor) (queries.EmployeeView, error) {
	v, err := s.Queries.Employee(ctx, chi.URLParam(r, "id"))
	if err != nil {
		return v, err
	}
	if !queries.MayReadEmployeeRecord(actor, v) {
		return v, domain.Forbidden("this employee's record is visible to HR, the GM, their department head and themself")
	}
	return v, nil
}

func (s *Server) employeeAppraisals(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	v, err := s.employeeRecordFor(ctx, r, actor)
	if err != nil {
		return nil, 0, err
	}
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	q := r.URL.Query()
	f := queries.AppraisalFilter{EmployeeID: v.EmployeeID, Cycle: q.Get("cycle"), Grade: q.Get("grade")}
	if f.RatedFrom, err = timeParam(r, "rated_from"); err != nil {
		return nil, 0, err
	}
	if f.RatedTo, err = timeParam(r, "rated_to"); err != nil {
		return nil, 0, err
	}
	res, err := s.Queries.Appraisals(ctx, f, page)
	if err == nil {
		err = s.noteEmployeeReads(ctx, actor, queries.CategoryAppraisals, v)
	}
	return res, 0, err
}

func (s *Server) employeeConduct(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	v, err := s.employeeRecordFor(ctx, r, actor)
	if err != nil {
		return nil, 0, err
	}
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	f := queries.ConductFilter{EmployeeID: v.EmployeeID, Kind: r.URL.Query().Get("kind")}
	if f.From, err = timeParam(r, "from"); err != nil {
		return nil, 0, err
	}
	if f.To, err = timeParam(r, "to"); err != nil {
		return nil, 0, err
	}
	res, err := s.Queries.Conduct(ctx, f, page)
	if err == nil {
		err = s.noteEmployeeReads(ctx, actor, queries.CategoryConduct, v)
	}
	return res, 0, err
}
