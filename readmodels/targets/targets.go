package targets

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Projection is the sales-vs-target read model (dashboard R2;
// docs/RULES.md: a read model, no rule). Targets come
// from the sales plans: the plan's annual target for its org unit and
// every allocation of its decomposition. Actuals are signed contracts:
//
//   - A sale is contract.signed, counted once at its signed value in the
//     calendar month (company time, UTC+8 per employee.DefaultRegulation) it
//     was signed. Amendments, payments and terminations do not move it,
//     so a month's actual never changes after the fact.
//   - It is attributed to the contract's owner: the rep who drafted it
//     (contract.drafted's drafter) and the drafter's org unit. The signer
//     is a manager and is not credited.
//   - A person's actual is their signed sales; a team's is its members'
//     (the plan's PERSON targets of that team) plus contracts drafted in
//     the team's org unit; a department's (the plan's org unit) is every
//     member's and team's of the plan plus its own org unit's; a region's
//     is the sum of the departments whose plans name that region.
//
// Completion is actual ÷ target, exact, shown as a percent with two
// decimals truncated toward zero like domain.Ratio.Percent ("87.50").
type Projection struct{}

// New returns the sales-vs-target projection.
func New() Projection { return Projection{} }

// Name implements Projection.
func (Projection) Name() string { return "targets" }

// Version implements Versioned. 2: plans keep their strategy, customer
// groups and workflow steps, and targets their indicators, for the sales
// plan queries; a generation built by version 1 lacks them. 3: the sales
// are counted per rep, unit and month too (sales_months, for R1).
func (Projection) Version() int { return 3 }

// Tables implements Projection.
func (Projection) Tables() []string {
	return []string{"sales_plans", "sales_plan_steps", "sales_targets", "sales_actuals", "sales_months"}
}

// Filter implements Projection: every sales plan event, and of contracts
// only drafting (the owner) and signing (the sale). A sale's version is
// therefore the contract's version at signing.
func (Projection) Filter() eventstore.Filter {
	types := []string{contract.Drafted{}.EventType(), contract.Signed{}.EventType()}
	for _, e := range salesplan.Events() {
		types = append(types, e.EventType())
	}
	return eventstore.Filter{EventTypes: types}
}

// Setup implements Projection. sales_contract_owners is internal: it
// remembers who drafted each contract until it is signed. Lists of text
// (customer groups, indicators) are JSON arrays in text columns: the
// batch writer (queueRows) carries scalar columns only, and GET
// /sales-plans casts them back to jsonb.
func (Projection) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE TABLE sales_plans (
			plan_id      text PRIMARY KEY,
			year         int NOT NULL,
			org_unit_id  text NOT NULL,
			region       text NOT NULL,
			status       text NOT NULL,
			target_minor bigint NOT NULL,
			currency     text NOT NULL,
			strategy     text NOT NULL DEFAULT '',
			customer_groups text NOT NULL DEFAULT '[]',
			version      bigint NOT NULL,
			updated_at   timestamptz NOT NULL
		);
		CREATE TABLE sales_plan_steps (
			plan_id  text NOT NULL,
			seq      bigint NOT NULL,
			step     text NOT NULL,
			actor_id text NOT NULL,
			role     text NOT NULL,
			decision text NOT NULL,
			comment  text NOT NULL,
			at       timestamptz NOT NULL,
			PRIMARY KEY (plan_id, seq)
		);
		CREATE TABLE sales_targets (
			plan_id      text NOT NULL,
			period       text NOT NULL,
			period_kind  text NOT NULL,
			period_start timestamptz NOT NULL,
			period_end   timestamptz NOT NULL,
			level        text NOT NULL,
			assignee_id  text NOT NULL,
			team_id      text NOT NULL DEFAULT '',
			target_minor bigint NOT NULL,
			currency     text NOT NULL,
			indicators   text NOT NULL DEFAULT '[]',
			version      bigint NOT NULL,
			updated_at   timestamptz NOT NULL,
			PRIMARY KEY (plan_id, period, level, assignee_id)
		);
		CREATE TABLE sales_contract_owners (
			contract_id text PRIMARY KEY,
			rep_id      text NOT NULL,
			org_unit_id text NOT NULL
		);
		CREATE TABLE sales_actuals (
			contract_id  text PRIMARY KEY,
			customer_id  text NOT NULL,
			rep_id       text NOT NULL,
			org_unit_id  text NOT NULL,
			signed_at    timestamptz NOT NULL,
			amount_minor bigint NOT NULL,
			currency     text NOT NULL,
			version      bigint NOT NULL,
			updated_at   timestamptz NOT NULL
		);
		-- the sales per rep, unit and company month signed in (YYYY-MM),
		-- which sales performance (R1) reads but by region, so a year's
		-- figures read a row per rep and month, not a row per sale
		CREATE TABLE sales_months (
			rep_id       text NOT NULL,
			org_unit_id  text NOT NULL,
			month        text NOT NULL,
			sales        bigint NOT NULL,
			amount_minor bigint NOT NULL,
			PRIMARY KEY (rep_id, org_unit_id, month)
		);`)
	return err
}

// Indexes implements Indexer: the list's order and the lookups that add
// up the actuals of a target, in the order Apply writes the tables (see
// projections.Ensure). A team's or a department's actual matches its
// unit OR its members, which no index of a rep or a unit answers, so it
// reads the sales of its period by the day signed (sales_actuals_signed):
// without it, R2 by team over a month scanned every sale once per target
// (decision 60).
func (Projection) Indexes(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE INDEX IF NOT EXISTS sales_targets_list ON sales_targets (level, period, assignee_id, plan_id);
		CREATE INDEX IF NOT EXISTS sales_targets_team ON sales_targets (plan_id, level, team_id);
		CREATE INDEX IF NOT EXISTS sales_actuals_rep ON sales_actuals (rep_id, signed_at);
		CREATE INDEX IF NOT EXISTS sales_actuals_org_unit ON sales_actuals (org_unit_id, signed_at);
		CREATE INDEX IF NOT EXISTS sales_actuals_signed ON sales_actuals (signed_at);`)
	return err
}

// The read model decodes the bodies of the events listed here:
// the plans' and the contracts' drafting and signature.
var planEvents = tables.NewEvents(eventstore.NewCodec(slices.Concat(salesplan.Events(), contract.Events())...), salesplan.Stream(""),
	salesplan.Drafted{}, salesplan.Reviewed{}, salesplan.Approved{}, salesplan.Decomposed{},
	salesplan.Activated{}, salesplan.Closed{}, salesplan.TargetAllocated{}, salesplan.TargetRevised{},
	contract.Drafted{}, contract.Signed{})

// Apply implements Projection. It loads the plans the batch touches with
// their targets, folds the plan events into them in memory, and writes
// them back with the contracts drafted and signed in the batch, one
// statement per table: two round trips per batch.
func (Projection) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	plans, err := loadPlans(ctx, tx, events)
	if err != nil {
		return fmt.Errorf("load plans: %w", err)
	}
	evs, err := planEvents.Decode(events)
	if err != nil {
		return err
	}
	var sales salesBatch
	for _, e := range evs {
		switch e.Type {
		case contract.Drafted{}.EventType():
			err = sales.drafted(e)
		case contract.Signed{}.EventType():
			err = sales.signed(e)
		default:
			err = plans.apply(e)
		}
		if err != nil {
			return err
		}
	}
	b := &pgx.Batch{}
	if err := errors.Join(plans.queue(b), sales.queue(b)); err != nil {
		return err
	}
	return tables.Write(ctx, tx, b)
}

// companyZone is the calendar periods and sales months are cut in.
var companyZone = time.FixedZone("company", int(employee.DefaultRegulation().UTCOffset/time.Second))

// periodBounds returns the kind ("YEAR", "QUARTER", "MONTH") and the
// [start, end) of a target period in company time.
func periodBounds(p salesplan.Period) (kind string, start, end time.Time, err error) {
	y, n, k := p.Parse()
	switch k {
	case salesplan.KindYear:
		start = time.Date(y, 1, 1, 0, 0, 0, 0, companyZone)
		return "YEAR", start, start.AddDate(1, 0, 0), nil
	case salesplan.KindQuarter:
		start = time.Date(y, time.Month(3*n-2), 1, 0, 0, 0, 0, companyZone)
		return "QUARTER", start, start.AddDate(0, 3, 0), nil
	case salesplan.KindMonth:
		start = time.Date(y, time.Month(n), 1, 0, 0, 0, 0, companyZone)
		return "MONTH", start, start.AddDate(0, 1, 0), nil
	}
	return "", start, end, fmt.Errorf("target period %q is not a year, quarter or month", p)
}
