package queries

import (
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

func (v *SalesTargetView) Derive(dimension string) {
	v.Dimension = dimension
	v.Target = domain.Fen(v.TargetMinor).Decimal()
	v.Actual = domain.Fen(v.ActualMinor).Decimal()
	v.CompletionRate = completionRate(v.ActualMinor, v.TargetMinor)
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

// completionRate is actual ÷ target in percent, exact and truncated to two
// decimals as domain.Ratio.Percent does; empty when there is no target.
func completionRate(actual, target int64) string {
	if target <= 0 {
		return ""
	}
	return domain.NewRatio(actual, target).Percent().Decimal()
}
