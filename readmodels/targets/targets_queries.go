package targets

import (
	"context"
	"fmt"
	"strings"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// dimensionLevels maps a dimension to the allocation level its targets
// have; a region adds up its departments.
var dimensionLevels = map[string]string{
	queries.DimensionPerson: "PERSON", queries.DimensionTeam: "TEAM", queries.DimensionDepartment: "ORG_UNIT", queries.DimensionRegion: "ORG_UNIT",
}

// SalesVsTarget lists targets with their actuals and completion rates,
// ordered by period and assignee.
func (q *Queries) SalesVsTarget(ctx context.Context, f queries.SalesTargetFilter, page queries.PageRequest) (queries.Page[queries.SalesTargetView], error) {
	if f.Dimension == "" {
		f.Dimension = queries.DimensionDepartment
	}
	level, ok := dimensionLevels[f.Dimension]
	if !ok {
		return queries.Page[queries.SalesTargetView]{}, domain.InvalidField("dimension", "must be person, team, department or region")
	}
	kind := strings.ToUpper(f.PeriodKind)
	if kind != "" && kind != "YEAR" && kind != "QUARTER" && kind != "MONTH" {
		return queries.Page[queries.SalesTargetView]{}, domain.InvalidField("period_kind", "must be year, quarter or month")
	}
	c, err := tables.DecodeCursor(page.Cursor, 3)
	if err != nil {
		return queries.Page[queries.SalesTargetView]{}, err
	}
	region := f.Dimension == queries.DimensionRegion
	w := salesTargetWhere(f, level, kind, c)
	limit := page.Size()
	sql := q.salesTargetRows(level, w.SQL())
	if region {
		sql = q.salesRegionRows(sql)
	}
	sql += fmt.Sprintf(" ORDER BY period, id, plan_id, currency LIMIT %d", limit+1)
	rows, err := q.Query(ctx, sql, w.Args...)
	if err != nil {
		return queries.Page[queries.SalesTargetView]{}, fmt.Errorf("sales vs target: %w", err)
	}
	p, err := tables.ListPage(rows, limit, func(v queries.SalesTargetView) tables.Cursor {
		if region {
			return tables.Cursor{v.Period, v.ID, v.Currency}
		}
		return tables.Cursor{v.Period, v.ID, v.PlanID}
	})
	for i := range p.Items {
		p.Items[i].Derive(f.Dimension)
	}
	return p, err
}

// salesTargetWhere builds the conditions of a sales-vs-target list, with
// the keyset position after cursor c: (period, assignee, plan) for a
// target, (period, region, currency) for a region.
func salesTargetWhere(f queries.SalesTargetFilter, level, kind string, c tables.Cursor) *tables.Where {
	var w tables.Where
	w.Add("t.level = ?", level)
	tables.AddIf(&w, "t.period = ?", f.Period)
	tables.AddIf(&w, "t.period_kind = ?", kind)
	tables.AddIf(&w, "p.year = ?", f.Year)
	tables.AddIf(&w, "t.team_id = ?", f.TeamID)
	tables.AddIf(&w, "p.org_unit_id = ?", f.OrgUnitID)
	tables.AddIf(&w, "p.region = ?", f.Region)
	tables.AddIf(&w, "t.plan_id = ?", f.PlanID)
	tables.AddIf(&w, "p.status = ?", f.PlanStatus)
	key := "(t.period, t.assignee_id, t.plan_id)"
	if f.Dimension == queries.DimensionRegion {
		tables.AddIf(&w, "p.region = ?", f.ID)
		key = "(t.period, p.region, t.currency)"
	} else {
		tables.AddIf(&w, "t.assignee_id = ?", f.ID)
	}
	if c != nil {
		w.Add(key+" > (?, ?, ?)", c[0], c[1], c[2])
	}
	return &w
}

// salesTargetMatch says which sales count toward a target of each level
// (see Projection): a for the sale, t for the target, m for the other
// targets of its plan.
var salesTargetMatch = map[string]string{
	"PERSON": `a.rep_id = t.assignee_id`,
	"TEAM": `(a.org_unit_id = t.assignee_id OR a.rep_id IN (SELECT m.assignee_id FROM {targets} m
		WHERE m.plan_id = t.plan_id AND m.level = 'PERSON' AND m.team_id = t.assignee_id))`,
	"ORG_UNIT": `(a.org_unit_id = t.assignee_id
		OR a.org_unit_id IN (SELECT m.assignee_id FROM {targets} m WHERE m.plan_id = t.plan_id AND m.level = 'TEAM')
		OR a.rep_id IN (SELECT m.assignee_id FROM {targets} m WHERE m.plan_id = t.plan_id AND m.level = 'PERSON'))`,
}

// salesTargetRows selects the targets of one level that match whereSQL
// (which names the level), each with the sum of the sales signed in its
// period that count toward it.
func (q *Queries) salesTargetRows(level, whereSQL string) string {
	targets := q.Table("sales_targets")
	match := strings.ReplaceAll(salesTargetMatch[level], "{targets}", targets)
	return `SELECT t.plan_id, p.status AS plan_status, t.assignee_id AS id, t.team_id, p.org_unit_id, p.region,
			t.period, t.period_kind, t.period_start, t.period_end, t.target_minor, t.currency, t.version, t.updated_at,
			(SELECT coalesce(sum(a.amount_minor), 0) FROM ` + q.Table("sales_actuals") + ` a
				WHERE a.currency = t.currency AND a.signed_at >= t.period_start AND a.signed_at < t.period_end
				AND ` + match + `)::bigint AS actual_minor
		FROM ` + targets + ` t JOIN ` + q.Table("sales_plans") + ` p USING (plan_id)` + whereSQL
}

// salesRegionRows adds up department rows by region and period.
func (q *Queries) salesRegionRows(departments string) string {
	return `SELECT '' AS plan_id, '' AS plan_status, d.region AS id, '' AS team_id, '' AS org_unit_id, d.region,
			d.period, d.period_kind, min(d.period_start) AS period_start, max(d.period_end) AS period_end,
			sum(d.target_minor)::bigint AS target_minor, d.currency, max(d.version) AS version,
			max(d.updated_at) AS updated_at, sum(d.actual_minor)::bigint AS actual_minor
		FROM (` + departments + `) d GROUP BY d.region, d.period, d.period_kind, d.currency`
}
