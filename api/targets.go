package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// salesTargetManagers see every row of sales vs target. A SALES_REP who
// holds none of these roles sees only their own person rows: the query
// defaults to dimension=person and the rep's id, and asking for another
// dimension or another person is refused (403).
var salesTargetManagers = []domain.Role{domain.RoleDeptHead, domain.RoleGM, domain.RoleLeadership, domain.RoleSalesMgmt}

func salesTargetQueryRoutes(s *Server, rt *routes) {
	rt.get("/sales-vs-target", salesPlanTag, "Targets with signed sales and completion rate by person, team, department or region",
		queries.Page[queries.SalesTargetView]{}, handleQuery(s, []string{"targets"}, s.salesVsTarget),
		"dimension", "period", "period_kind", "year", "id", "team_id", "org_unit_id", "region", "plan_id", "plan_status",
		"cursor", "limit", "after")
}

func (s *Server) salesVsTarget(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	q := r.URL.Query()
	f := queries.SalesTargetFilter{Dimension: q.Get("dimension"), Period: q.Get("period"), PeriodKind: q.Get("period_kind"),
		ID: q.Get("id"), TeamID: q.Get("team_id"), OrgUnitID: q.Get("org_unit_id"), Region: q.Get("region"),
		PlanID: q.Get("plan_id"), PlanStatus: q.Get("plan_status")}
	if y := q.Get("year"); y != "" {
		if f.Year, err = strconv.Atoi(y); err != nil {
			return nil, 0, domain.InvalidField("year", "must be a four-digit year")
		}
	}
	if f, err = salesTargetScope(actor, f); err != nil {
		return nil, 0, err
	}
	res, err := s.Queries.SalesVsTarget(ctx, f, page)
	return res, 0, err
}

// salesTargetScope applies the read rule above to a filter.
func salesTargetScope(actor domain.Actor, f queries.SalesTargetFilter) (queries.SalesTargetFilter, error) {
	if _, ok := actor.ActingAs(salesTargetManagers...); ok {
		return f, nil
	}
	if !actor.Has(domain.RoleSalesRep) {
		return f, domain.Forbidden("sales vs target is visible to managers and to each rep for their own targets")
	}
	if f.Dimension == "" {
		f.Dimension = queries.DimensionPerson
	}
	if f.Dimension != queries.DimensionPerson || (f.ID != "" && f.ID != actor.EmployeeID) {
		return f, domain.Forbidden("a sales rep sees only their own targets: ask for dimension=person")
	}
	f.ID = actor.EmployeeID
	return f, nil
}
