package projections

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Dimensions of sales vs target.
const (
	DimensionPerson     = "person"
	DimensionTeam       = "team"
	DimensionDepartment = "department"
	DimensionRegion     = "region"
)

// dimensionLevels maps a dimension to the allocation level its targets
// have; a region adds up its departments.
var dimensionLevels = map[string]string{
	DimensionPerson: "PERSON", DimensionTeam: "TEAM", DimensionDepartment: "ORG_UNIT", DimensionRegion: "ORG_UNIT",
}

// SalesTargetView is the target and actual of one assignee (person, team,
// department or region) for one period. Amounts are decimal strings;
// CompletionRate is actual ÷ target as a percent with two decimals
// ("87.50"), empty for a zero target. For a region, PlanID and OrgUnitID
// are empty and Version/UpdatedAt are the latest of its plans.
type SalesTargetView struct {
	Dimension      string    `db:"-" json:"dimension"`
	ID             string    `db:"id" json:"id"`
	TeamID         string    `db:"team_id" json:"team_id,omitempty"`
	PlanID         string    `db:"plan_id" json:"plan_id,omitempty"`
	PlanStatus     string    `db:"plan_status" json:"plan_status,omitempty"`
	OrgUnitID      string    `db:"org_unit_id" json:"org_unit_id,omitempty"`
	Region         string    `db:"region" json:"region"`
	Period         string    `db:"period" json:"period"`
	PeriodKind     string    `db:"period_kind" json:"period_kind"`
	PeriodStart    time.Time `db:"period_start" json:"period_start"`
	PeriodEnd      time.Time `db:"period_end" json:"period_end"`
	TargetMinor    int64     `db:"target_minor" json:"-"`
	ActualMinor    int64     `db:"actual_minor" json:"-"`
	Target         string    `db:"-" json:"target"`
	Actual         string    `db:"-" json:"actual"`
	Currency       string    `db:"currency" json:"currency"`
	CompletionRate string    `db:"-" json:"completion_rate,omitempty"`
	Version        int64     `db:"version" json:"version"`
	UpdatedAt      time.Time `db:"updated_at" json:"updated_at"`
}

func (v *SalesTargetView) derive(dimension string) {
	v.Dimension = dimension
	v.Target = domain.Fen(v.TargetMinor).Decimal()
	v.Actual = domain.Fen(v.ActualMinor).Decimal()
	v.CompletionRate = completionRate(v.ActualMinor, v.TargetMinor)
}

// completionRate is actual ÷ target in percent, exact and truncated to two
// decimals as domain.Ratio.Percent does; empty when there is no target.
func completionRate(actual, target int64) string {
	if target <= 0 {
		return ""
	}
	return domain.NewRatio(actual, target).Percent().Decimal()
}

// SalesTargetFilter selects sales-vs-target rows. Dimension is person,
// team, department or region (default department). Period is one exact
// period ("2026", "2026-Q1", "2026-03"); PeriodKind (year, quarter,
// month) and Year select by granularity and year. ID is the person, team
// or department id, or the region's name. Rows are per allocated period:
// a person with only monthly targets has no quarterly rows.
type SalesTargetFilter struct {
	Dimension  string
	Period     string
	PeriodKind string
	Year       int
	ID         string
	TeamID     string
	OrgUnitID  string
	Region     string
	PlanID     string
	// PlanStatus selects plans by status (e.g. ACTIVE); empty: any.
	PlanStatus string
}

// SalesVsTarget lists targets with their actuals and completion rates,
// ordered by period and assignee.
func (q *Queries) SalesVsTarget(ctx context.Context, f SalesTargetFilter, page PageRequest) (Page[SalesTargetView], error) {
	if f.Dimension == "" {
		f.Dimension = DimensionDepartment
	}
	level, ok := dimensionLevels[f.Dimension]
	if !ok {
		return Page[SalesTargetView]{}, domain.InvalidField("dimension", "must be person, team, department or region")
	}
	kind := strings.ToUpper(f.PeriodKind)
	if kind != "" && kind != "YEAR" && kind != "QUARTER" && kind != "MONTH" {
		return Page[SalesTargetView]{}, domain.InvalidField("period_kind", "must be year, quarter or month")
	}
	c, err := decodeCursor(page.Cursor, 3)
	if err != nil {
		return Page[SalesTargetView]{}, err
	}
	region := f.Dimension == DimensionRegion
	w := salesTargetWhere(f, level, kind, c)
	limit := page.limit()
	sql := q.salesTargetRows(level, w.sql())
	if region {
		sql = q.salesRegionRows(sql)
	}
	sql += fmt.Sprintf(" ORDER BY period, id, plan_id, currency LIMIT %d", limit+1)
	rows, err := q.pool.Query(ctx, sql, w.args...)
	if err != nil {
		return Page[SalesTargetView]{}, fmt.Errorf("sales vs target: %w", err)
	}
	p, err := listPage(rows, limit, func(v SalesTargetView) cursor {
		if region {
			return cursor{v.Period, v.ID, v.Currency}
		}
		return cursor{v.Period, v.ID, v.PlanID}
	})
	for i := range p.Items {
		p.Items[i].derive(f.Dimension)
	}
	return p, err
}

// salesTargetWhere builds the conditions of a sales-vs-target list, with
// the keyset position after cursor c: (period, assignee, plan) for a
// target, (period, region, currency) for a region.
func salesTargetWhere(f SalesTargetFilter, level, kind string, c cursor) *where {
	var w where
	w.add("t.level = ?", level)
	addIf(&w, "t.period = ?", f.Period)
	addIf(&w, "t.period_kind = ?", kind)
	addIf(&w, "p.year = ?", f.Year)
	addIf(&w, "t.team_id = ?", f.TeamID)
	addIf(&w, "p.org_unit_id = ?", f.OrgUnitID)
	addIf(&w, "p.region = ?", f.Region)
	addIf(&w, "t.plan_id = ?", f.PlanID)
	addIf(&w, "p.status = ?", f.PlanStatus)
	key := "(t.period, t.assignee_id, t.plan_id)"
	if f.Dimension == DimensionRegion {
		addIf(&w, "p.region = ?", f.ID)
		key = "(t.period, p.region, t.currency)"
	} else {
		addIf(&w, "t.assignee_id = ?", f.ID)
	}
	if c != nil {
		w.add(key+" > (?, ?, ?)", c[0], c[1], c[2])
	}
	return &w
}

// salesTargetMatch says which sales count toward a target of each level
// (see Targets): a for the sale, t for the target, m for the other
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
	targets := q.table("sales_targets")
	match := strings.ReplaceAll(salesTargetMatch[level], "{targets}", targets)
	return `SELECT t.plan_id, p.status AS plan_status, t.assignee_id AS id, t.team_id, p.org_unit_id, p.region,
			t.period, t.period_kind, t.period_start, t.period_end, t.target_minor, t.currency, t.version, t.updated_at,
			(SELECT coalesce(sum(a.amount_minor), 0) FROM ` + q.table("sales_actuals") + ` a
				WHERE a.currency = t.currency AND a.signed_at >= t.period_start AND a.signed_at < t.period_end
				AND ` + match + `)::bigint AS actual_minor
		FROM ` + targets + ` t JOIN ` + q.table("sales_plans") + ` p USING (plan_id)` + whereSQL
}

// salesRegionRows adds up department rows by region and period.
func (q *Queries) salesRegionRows(departments string) string {
	return `SELECT '' AS plan_id, '' AS plan_status, d.region AS id, '' AS team_id, '' AS org_unit_id, d.region,
			d.period, d.period_kind, min(d.period_start) AS period_start, max(d.period_end) AS period_end,
			sum(d.target_minor)::bigint AS target_minor, d.currency, max(d.version) AS version,
			max(d.updated_at) AS updated_at, sum(d.actual_minor)::bigint AS actual_minor
		FROM (` + departments + `) d GROUP BY d.region, d.period, d.period_kind, d.currency`
}
