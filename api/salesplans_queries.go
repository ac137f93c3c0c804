package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

func salesPlanQueryRoutes(s *Server, rt *routes) {
	rt.get("/sales-plans", salesPlanTag, "Sales plans with their status and annual target; a rep sees their own org unit's",
		queries.Page[queries.SalesPlanView]{}, handleQuery(s, []string{"targets"}, s.listSalesPlans),
		listParams(integer("year", "the plan's year"), text("org_unit_id", "the plan's org unit"), text("region", "the plan's region"),
			oneOf("status", queries.SalesPlanStatuses, "the plan's status"), sortBy(queries.SalesPlanSorts))...)
	rt.get("/sales-plans/{id}", salesPlanTag, "One sales plan with its review and approval steps and its targets by quarter, month, team and person",
		queries.SalesPlanView{}, s.withAsOf(handleQuery(s, []string{"targets"}, s.getSalesPlan)), asOfParams[0], asOfParams[1], afterParam)
}

func (s *Server) listSalesPlans(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	repOnly, err := queries.SalesPlanRepOnly(actor)
	if err != nil {
		return nil, 0, err
	}
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	q := r.URL.Query()
	f := queries.SalesPlanFilter{OrgUnitID: q.Get("org_unit_id"), Region: q.Get("region"),
		Status: q.Get("status"), Sort: q.Get("sort")}
	if y := q.Get("year"); y != "" {
		if f.Year, err = strconv.Atoi(y); err != nil || f.Year < 1 || f.Year > 9999 {
			return nil, 0, domain.InvalidField("year", "must be a four-digit year")
		}
	}
	if repOnly {
		if f.OrgUnitID != "" && f.OrgUnitID != actor.OrgUnitID {
			return nil, 0, domain.Forbidden("a sales rep lists only the plans of their own org unit")
		}
		f.OrgUnitID = actor.OrgUnitID
	}
	res, err := s.Queries.SalesPlans(ctx, f, page)
	return res, 0, err
}

func (s *Server) getSalesPlan(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	repOnly, err := queries.SalesPlanRepOnly(actor)
	if err != nil {
		return nil, 0, err
	}
	v, err := s.salesPlanAt(ctx, chi.URLParam(r, "id"))
	if err != nil {
		return nil, 0, err
	}
	if repOnly {
		if v.OrgUnitID != actor.OrgUnitID {
			return nil, 0, domain.Forbidden("a sales rep reads only the plans of their own org unit")
		}
		v.Targets = queries.OwnTargets(v.Targets, actor.EmployeeID)
	}
	return v, v.Version, nil
}
