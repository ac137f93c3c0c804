package targets

import (
	"context"
	"strconv"

	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// salesPlanFields is the SELECT list of a plan: the JSON text column
// read back as a list.
const salesPlanFields = `plan_id, year, org_unit_id, region, status, target_minor, currency, strategy,
	customer_groups::jsonb AS customer_groups, version, updated_at`

var salesPlanSorts = map[string]tables.SortKey[queries.SalesPlanView]{
	"-updated_at": {Col: "updated_at", Cast: "timestamptz", Desc: true, Val: func(v queries.SalesPlanView) string { return tables.TimeKey(v.UpdatedAt) }},
	"updated_at":  {Col: "updated_at", Cast: "timestamptz", Val: func(v queries.SalesPlanView) string { return tables.TimeKey(v.UpdatedAt) }},
	"-year":       {Col: "year", Cast: "int", Desc: true, Val: func(v queries.SalesPlanView) string { return strconv.Itoa(v.Year) }},
	"year":        {Col: "year", Cast: "int", Val: func(v queries.SalesPlanView) string { return strconv.Itoa(v.Year) }},
}

// SalesPlans lists sales plans matching f, without steps and targets.
func (q *Queries) SalesPlans(ctx context.Context, f queries.SalesPlanFilter, page queries.PageRequest) (queries.Page[queries.SalesPlanView], error) {
	var w tables.Where
	tables.AddIf(&w, "year = ?", f.Year)
	tables.AddIf(&w, "org_unit_id = ?", f.OrgUnitID)
	tables.AddIf(&w, "region = ?", f.Region)
	tables.AddIf(&w, "status = ?", f.Status)
	return tables.List(ctx, q.DB, tables.ListSpec[queries.SalesPlanView]{View: "sales_plans", Fields: salesPlanFields,
		ID:    tables.ID("plan_id", func(v queries.SalesPlanView) string { return v.PlanID }),
		Sorts: salesPlanSorts, Default: "-updated_at"}, f.Sort, &w, page)
}

// SalesPlan returns one plan with its workflow steps and its targets,
// years before quarters before months, then org unit, teams and people.
func (q *Queries) SalesPlan(ctx context.Context, id string) (queries.SalesPlanView, error) {
	v, err := tables.One[queries.SalesPlanView](ctx, q.DB, queries.ErrSalesPlanNotFound,
		"SELECT "+salesPlanFields+" FROM "+q.Table("sales_plans")+" WHERE plan_id = $1", id)
	if err != nil {
		return v, err
	}
	v.Steps, err = tables.All[queries.SalesPlanStep](ctx, q.DB, "sales plan steps",
		"SELECT seq, step, actor_id, role, decision, comment, at FROM "+
			q.Table("sales_plan_steps")+" WHERE plan_id = $1 ORDER BY seq", id)
	if err != nil {
		return v, err
	}
	v.Targets, err = tables.All[queries.SalesPlanTarget](ctx, q.DB, "sales plan targets", `SELECT period, period_kind, period_start, period_end, level, assignee_id, team_id,
			target_minor, currency, indicators::jsonb AS indicators
		FROM `+q.Table("sales_targets")+` WHERE plan_id = $1
		ORDER BY array_position(ARRAY['YEAR', 'QUARTER', 'MONTH'], period_kind), period_start,
			array_position(ARRAY['ORG_UNIT', 'TEAM', 'PERSON'], level), team_id, assignee_id`, id)
	return v, err
}
