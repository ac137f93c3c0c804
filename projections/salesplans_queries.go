package projections

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
)

// ErrSalesPlanNotFound is returned for a sales plan that does not exist.
var ErrSalesPlanNotFound = domain.NotFound("sales plan not found")

// SalesPlanView is a sales plan: its content, status and annual target
// (its org unit's, Target). Steps and Targets are filled by SalesPlan
// only.
type SalesPlanView struct {
	PlanID         string            `db:"plan_id" json:"plan_id"`
	Year           int               `db:"year" json:"year"`
	OrgUnitID      string            `db:"org_unit_id" json:"org_unit_id"`
	Region         string            `db:"region" json:"region"`
	Status         string            `db:"status" json:"status"`
	Target         MinorUnits        `db:"target_minor" json:"target"`
	Currency       string            `db:"currency" json:"currency"`
	Strategy       string            `db:"strategy" json:"strategy"`
	CustomerGroups []string          `db:"customer_groups" json:"customer_groups"`
	Version        int64             `db:"version" json:"version"`
	UpdatedAt      time.Time         `db:"updated_at" json:"updated_at"`
	Steps          []SalesPlanStep   `db:"-" json:"steps,omitempty"`
	Targets        []SalesPlanTarget `db:"-" json:"targets,omitempty"`
}

// SalesPlanStep is one step of a plan's workflow: DRAFTED, REVIEWED
// (decision PASSED or RETURNED), APPROVED, DECOMPOSED, ACTIVATED or
// CLOSED, with who, under which role, and when.
type SalesPlanStep struct {
	Seq      int64     `db:"seq" json:"seq"`
	Step     string    `db:"step" json:"step"`
	ActorID  string    `db:"actor_id" json:"actor_id"`
	Role     string    `db:"role" json:"role,omitempty"`
	Decision string    `db:"decision" json:"decision,omitempty"`
	Comment  string    `db:"comment" json:"comment,omitempty"`
	At       time.Time `db:"at" json:"at"`
}

// SalesPlanTarget is one target of a plan: the annual target and, once
// decomposed (and as revised), each quarter and month of the org unit,
// each team month and each person month. Level is ORG_UNIT, TEAM or
// PERSON; TeamID names a person's team.
type SalesPlanTarget struct {
	Period      string     `db:"period" json:"period"`
	PeriodKind  string     `db:"period_kind" json:"period_kind"`
	PeriodStart time.Time  `db:"period_start" json:"period_start"`
	PeriodEnd   time.Time  `db:"period_end" json:"period_end"`
	Level       string     `db:"level" json:"level"`
	AssigneeID  string     `db:"assignee_id" json:"assignee_id"`
	TeamID      string     `db:"team_id" json:"team_id,omitempty"`
	Amount      MinorUnits `db:"target_minor" json:"amount"`
	Currency    string     `db:"currency" json:"currency"`
	Indicators  []string   `db:"indicators" json:"indicators,omitempty"`
}

// SalesPlanFilter selects sales plans. Empty fields select everything.
type SalesPlanFilter struct {
	Year      int
	OrgUnitID string
	Region    string
	Status    string
	// Sort is -updated_at (default), updated_at, -year or year.
	Sort string
}

// salesPlanFields is the SELECT list of a plan: the JSON text column
// read back as a list.
const salesPlanFields = `plan_id, year, org_unit_id, region, status, target_minor, currency, strategy,
	customer_groups::jsonb AS customer_groups, version, updated_at`

var salesPlanSorts = map[string]sortKey[SalesPlanView]{
	"-updated_at": {col: "updated_at", cast: "timestamptz", desc: true, val: func(v SalesPlanView) string { return timeKey(v.UpdatedAt) }},
	"updated_at":  {col: "updated_at", cast: "timestamptz", val: func(v SalesPlanView) string { return timeKey(v.UpdatedAt) }},
	"-year":       {col: "year", cast: "int", desc: true, val: func(v SalesPlanView) string { return strconv.Itoa(v.Year) }},
	"year":        {col: "year", cast: "int", val: func(v SalesPlanView) string { return strconv.Itoa(v.Year) }},
}

// SalesPlans lists sales plans matching f, without steps and targets.
func (q *Queries) SalesPlans(ctx context.Context, f SalesPlanFilter, page PageRequest) (Page[SalesPlanView], error) {
	var w where
	addIf(&w, "year = ?", f.Year)
	addIf(&w, "org_unit_id = ?", f.OrgUnitID)
	addIf(&w, "region = ?", f.Region)
	addIf(&w, "status = ?", f.Status)
	return salesList(ctx, q, listSpec[SalesPlanView]{view: "sales_plans", idCol: "plan_id", fields: salesPlanFields,
		id: func(v SalesPlanView) string { return v.PlanID }, sorts: salesPlanSorts, dflt: "-updated_at"}, f.Sort, &w, page)
}

// SalesPlan returns one plan with its workflow steps and its targets,
// years before quarters before months, then org unit, teams and people.
func (q *Queries) SalesPlan(ctx context.Context, id string) (SalesPlanView, error) {
	v, err := queryOne[SalesPlanView](ctx, q, ErrSalesPlanNotFound,
		"SELECT "+salesPlanFields+" FROM "+q.table("sales_plans")+" WHERE plan_id = $1", id)
	if err != nil {
		return v, err
	}
	rows, err := q.pool.Query(ctx, "SELECT seq, step, actor_id, role, decision, comment, at FROM "+
		q.table("sales_plan_steps")+" WHERE plan_id = $1 ORDER BY seq", id)
	if err != nil {
		return v, fmt.Errorf("sales plan steps: %w", err)
	}
	if v.Steps, err = pgx.CollectRows(rows, pgx.RowToStructByName[SalesPlanStep]); err != nil {
		return v, err
	}
	rows, err = q.pool.Query(ctx, `SELECT period, period_kind, period_start, period_end, level, assignee_id, team_id,
			target_minor, currency, indicators::jsonb AS indicators
		FROM `+q.table("sales_targets")+` WHERE plan_id = $1
		ORDER BY array_position(ARRAY['YEAR', 'QUARTER', 'MONTH'], period_kind), period_start,
			array_position(ARRAY['ORG_UNIT', 'TEAM', 'PERSON'], level), team_id, assignee_id`, id)
	if err != nil {
		return v, fmt.Errorf("sales plan targets: %w", err)
	}
	v.Targets, err = pgx.CollectRows(rows, pgx.RowToStructByName[SalesPlanTarget])
	return v, err
}
