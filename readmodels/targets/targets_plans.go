package targets

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// planRow is a row of sales_plans.
type planRow struct {
	PlanID      string `db:"plan_id"`
	Year        int    `db:"year"`
	OrgUnitID   string `db:"org_unit_id"`
	Region      string `db:"region"`
	Status      string `db:"status"`
	TargetMinor int64  `db:"target_minor"`
	Currency    string `db:"currency"`
	Strategy    string `db:"strategy"`
	// CustomerGroups is a JSON array (see Targets.Setup).
	CustomerGroups string    `db:"customer_groups"`
	Version        int64     `db:"version"`
	UpdatedAt      time.Time `db:"updated_at"`
}

// targetRow is a row of sales_targets.
type targetRow struct {
	PlanID      string    `db:"plan_id"`
	Period      string    `db:"period"`
	PeriodKind  string    `db:"period_kind"`
	PeriodStart time.Time `db:"period_start"`
	PeriodEnd   time.Time `db:"period_end"`
	Level       string    `db:"level"`
	AssigneeID  string    `db:"assignee_id"`
	TeamID      string    `db:"team_id"`
	TargetMinor int64     `db:"target_minor"`
	Currency    string    `db:"currency"`
	// Indicators is a JSON array (see Targets.Setup).
	Indicators string    `db:"indicators"`
	Version    int64     `db:"version"`
	UpdatedAt  time.Time `db:"updated_at"`
}

// planFold is the plans a batch touches, in memory, with their targets,
// and the workflow steps the batch adds.
type planFold struct {
	ids     []string
	plans   map[string]*planRow
	targets map[string][]*targetRow
	steps   []*planStepRow
}

// loadPlans reads the plans of the batch and their targets.
func loadPlans(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) (*planFold, error) {
	f := &planFold{ids: tables.StreamIDs(events, salesplan.Stream("")), targets: map[string][]*targetRow{}}
	var err error
	if f.plans, err = tables.LoadRows(ctx, tx, "sales_plans", "plan_id", f.ids, func(r *planRow) string { return r.PlanID }); err != nil || len(f.plans) == 0 {
		return f, err
	}
	rows, err := tx.Query(ctx, "SELECT * FROM sales_targets WHERE plan_id = ANY($1)", f.ids)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, pgx.RowToAddrOfStructByName[targetRow])
	for _, t := range list {
		f.targets[t.PlanID] = append(f.targets[t.PlanID], t)
	}
	return f, err
}

// apply folds one plan event; the statuses follow salesplan.SalesPlan.Evolve.
// Events of a plan never drafted change nothing.
func (f *planFold) apply(e tables.Decoded) error {
	id := e.Stream[len(salesplan.Stream("")):]
	if e.Type == (salesplan.Drafted{}).EventType() {
		ev := e.Event.(salesplan.Drafted)
		f.step(e, planStepRow{Step: "DRAFTED", ActorID: ev.DraftedBy, At: ev.DraftedAt})
		return f.drafted(id, ev.Details, e)
	}
	p := f.plans[id]
	if p == nil {
		return nil
	}
	defer f.stamp(p, e)
	if handled, err := f.applyStep(p, e); handled || err != nil {
		return err
	}
	switch e.Type {
	case salesplan.TargetAllocated{}.EventType():
		ev := e.Event.(salesplan.TargetAllocated)
		return f.allocate(p, ev.Allocation)
	case salesplan.TargetRevised{}.EventType():
		ev := e.Event.(salesplan.TargetRevised)
		p.Status = string(salesplan.StatusRevised)
		return f.allocate(p, ev.Allocation)
	}
	return nil
}

// drafted (re)writes a plan's details; its target is its org unit's
// annual target (salesplan.normalize).
func (f *planFold) drafted(id string, d salesplan.Details, e tables.Decoded) error {
	p := f.plans[id]
	if p == nil {
		p = &planRow{PlanID: id}
		f.plans[id] = p
	}
	defer f.stamp(p, e)
	p.Year, p.OrgUnitID, p.Region, p.Status = d.Year, d.OrgUnitID, d.Region, string(salesplan.StatusDraft)
	p.TargetMinor, p.Currency = d.Target.Minor, tables.Currency(d.Target)
	p.Strategy, p.CustomerGroups = d.Strategy, jsonList(d.CustomerGroups)
	f.targets[id] = f.keep(id, func(t *targetRow) bool { return !isAnnual(t) })
	return f.allocate(p, salesplan.Allocation{Period: salesplan.YearPeriod(d.Year), Level: salesplan.LevelOrgUnit,
		AssigneeID: d.OrgUnitID, Amount: domain.Money{Minor: p.TargetMinor, Currency: p.Currency}})
}

// isAnnual reports whether t is a plan's own annual target.
func isAnnual(t *targetRow) bool {
	return t.Level == string(salesplan.LevelOrgUnit) && t.PeriodKind == "YEAR"
}

// keep returns the plan's targets for which ok holds.
func (f *planFold) keep(id string, ok func(*targetRow) bool) []*targetRow {
	var out []*targetRow
	for _, t := range f.targets[id] {
		if ok(t) {
			out = append(out, t)
		}
	}
	return out
}

// allocate sets one target of plan p. An org unit target without an
// assignee is the plan's own org unit.
func (f *planFold) allocate(p *planRow, a salesplan.Allocation) error {
	kind, start, end, err := periodBounds(a.Period)
	if err != nil {
		return err
	}
	if a.Level == salesplan.LevelOrgUnit && a.AssigneeID == "" {
		a.AssigneeID = p.OrgUnitID
	}
	row := &targetRow{PlanID: p.PlanID, Period: string(a.Period), PeriodKind: kind, PeriodStart: start, PeriodEnd: end,
		Level: string(a.Level), AssigneeID: a.AssigneeID, TeamID: a.TeamID, TargetMinor: a.Amount.Minor, Currency: tables.Currency(a.Amount),
		Indicators: jsonList(a.Indicators)}
	ts := f.targets[p.PlanID]
	for i, t := range ts {
		if t.Period == row.Period && t.Level == row.Level && t.AssigneeID == row.AssigneeID {
			ts[i] = row
			return nil
		}
	}
	f.targets[p.PlanID] = append(ts, row)
	return nil
}

// stamp sets the plan's stream version on the plan and all its targets.
func (f *planFold) stamp(p *planRow, e tables.Decoded) {
	p.Version, p.UpdatedAt = int64(e.StreamVersion), e.RecordedAt
	for _, t := range f.targets[p.PlanID] {
		t.Version, t.UpdatedAt = p.Version, p.UpdatedAt
	}
}

// queue writes the touched plans and replaces their targets.
func (f *planFold) queue(b *pgx.Batch) error {
	plans := tables.Touched(f.plans, f.ids)
	if len(plans) == 0 {
		return nil
	}
	var targets []*targetRow
	for _, p := range plans {
		targets = append(targets, f.targets[p.PlanID]...)
	}
	err := errors.Join(
		tables.QueueUpsert(b, "sales_plans", []string{"plan_id"}, plans, false),
		tables.QueueUpsert(b, "sales_plan_steps", []string{"plan_id", "seq"}, f.steps, true))
	if err != nil {
		return err
	}
	b.Queue("DELETE FROM sales_targets WHERE plan_id = ANY($1)", f.ids)
	return tables.QueueUpsert(b, "sales_targets", []string{"plan_id", "period", "level", "assignee_id"}, targets, true)
}
