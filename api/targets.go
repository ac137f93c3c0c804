package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

func salesTargetQueryRoutes(s *Server, rt *routes) {
	rt.get("/sales-vs-target", salesPlanTag, "Targets with signed sales and completion rate by person, team, department or region",
		queries.Page[queries.SalesTargetView]{}, handleQuery(s, []string{"targets"}, s.salesVsTarget),
		listParams(oneOf("dimension", queries.Dimensions, "rows per person, team, department (default) or region"),
			text("period", `one exact period: "2026", "2026-Q1" or "2026-03"`),
			oneOf("period_kind", queries.TargetPeriods, "rows of one granularity"), integer("year", "periods of one year"),
			QueryParam{Name: "id", Requires: "dimension", Description: "the person, team or department id, or the region's name, of the dimension given"},
			text("team_id", "the person's team"), text("org_unit_id", "the plan's org unit"), text("region", "the plan's region"),
			text("plan_id", "one plan"), oneOf("plan_status", queries.SalesPlanStatuses, "plans of one status"))...)
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
	if f, err = queries.ScopeSalesTargets(actor, f); err != nil {
		return nil, 0, err
	}
	res, err := s.Queries.SalesVsTarget(ctx, f, page)
	return res, 0, err
}
