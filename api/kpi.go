package api

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

const kpiTag = "KPIs"

// KPIQueries computes the managers' KPIs (R1–R12).
type KPIQueries interface {
	KPI(ctx context.Context, name string, r queries.KPIRequest) (queries.KPIReport, error)
}

// kpiReadModels are the read models the KPIs read, for read-your-writes.
var kpiReadModels = []string{"kpi", "customers", "quotations", "contracts", "orders", "receivables", "complaints", "employees", "targets"}

func kpiRoutes(s *Server, rt *routes) {
	rt.get("/kpi", kpiTag, "The KPIs (R1–R12) the caller's roles may read", queries.KPIList{},
		handleQuery(s, nil, s.listKPIs))
	rt.get("/kpi/{name}", kpiTag, "One KPI over a period, grouped by person, team, department or region, within the caller's scope",
		queries.KPIReport{}, handleQuery(s, kpiReadModels, s.getKPI),
		text("period", `a month "2026-11", a quarter "2026-Q4" or a year "2026" (default: this month)`),
		oneOf("group_by", append([]string{queries.GroupingBucket}, queries.KPIGroupings...),
			"rows per person, team, department or region (bucket: receivables only); default the KPI's first grouping"),
		text("org_unit", "only this org unit (a department head may name only their own)"), afterParam)
}

func (s *Server) listKPIs(_ context.Context, _ *http.Request, actor domain.Actor) (any, int64, error) {
	out := queries.KPIList{Items: []queries.KPIListItem{}}
	for _, k := range queries.KPICatalogue {
		if queries.MayReadKPI(actor, k) {
			out.Items = append(out.Items, queries.KPIListItem{Code: k.Code, Name: k.Name, Title: k.Title, Path: "/kpi/" + k.Name})
		}
	}
	if len(out.Items) == 0 {
		_, err := queries.KPIScopeFor(actor, queries.KPICatalogue[0], "")
		return nil, 0, err
	}
	return out, 0, nil
}

func (s *Server) getKPI(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	def, err := queries.KPIByName(chi.URLParam(r, "name"))
	if err != nil {
		return nil, 0, err
	}
	q := r.URL.Query()
	scope, err := queries.KPIScopeFor(actor, def, q.Get("org_unit"))
	if err != nil {
		return nil, 0, err
	}
	req := queries.KPIRequest{Period: queries.KPIMonthOf(s.Now()), GroupBy: q.Get("group_by"), Scope: scope, Now: s.Now()}
	if p := q.Get("period"); p != "" {
		if req.Period, err = queries.ParseKPIPeriod(p); err != nil {
			return nil, 0, err
		}
	}
	rep, err := s.Queries.KPI(ctx, def.Name, req)
	return rep, 0, err
}
