// Package pay is the pay and commission read model (SPEC §3.4): what each
// employee's contracts collected per month, the fines and rewards of the
// month, who is in which department, and the pay statements issued. It
// stores facts only; commission and pay are computed when asked, by
// domain/pay's one function of the regulation parameters, so the same
// tables answer under any regulation version (a what-if passes other
// rules).
package pay

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/pay"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Projection keeps the pay read model's tables.
type Projection struct {
	codec *eventstore.Codec
	// calendar cuts the months (the company's zone, as the employee
	// regulation's default gives it).
	calendar *time.Location
}

// New returns the pay projection.
func New() *Projection {
	offset := employee.DefaultRegulation().UTCOffset
	return &Projection{
		codec:    eventstore.NewCodec(slices.Concat(contract.Events(), employee.Events(), pay.Events())...),
		calendar: time.FixedZone("company", int(offset/time.Second)),
	}
}

// Name implements Projection.
func (*Projection) Name() string { return "pay" }

// Tables implements Projection.
func (*Projection) Tables() []string {
	return []string{"pay_contracts", "pay_people", "pay_collections", "pay_adjustments", "pay_statements"}
}

// Filter implements Projection.
func (*Projection) Filter() eventstore.Filter {
	return eventstore.Filter{EventTypes: []string{
		contract.Drafted{}.EventType(), contract.PaymentReceived{}.EventType(),
		employee.Hired{}.EventType(), employee.RoleChanged{}.EventType(), employee.Fined{}.EventType(), employee.Rewarded{}.EventType(),
		pay.StatementIssued{}.EventType(),
	}}
}

// Setup implements Projection.
func (*Projection) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE TABLE pay_contracts (contract_id text PRIMARY KEY, owner_id text NOT NULL, org_unit_id text NOT NULL);
		CREATE TABLE pay_people (employee_id text PRIMARY KEY, role text NOT NULL, org_unit_id text NOT NULL);
		CREATE TABLE pay_collections (
			contract_id text NOT NULL, version bigint NOT NULL, employee_id text NOT NULL, month text NOT NULL,
			currency text NOT NULL, org_unit_id text NOT NULL, collected_minor bigint NOT NULL,
			PRIMARY KEY (contract_id, version));
		CREATE TABLE pay_adjustments (
			employee_id text NOT NULL, month text NOT NULL, kind text NOT NULL, ref text NOT NULL,
			amount_minor bigint NOT NULL, currency text NOT NULL,
			PRIMARY KEY (employee_id, kind, ref));
		CREATE TABLE pay_statements (
			employee_id text NOT NULL, month text NOT NULL, org_unit_id text NOT NULL, role text NOT NULL,
			base_salary_minor bigint NOT NULL, collected_minor bigint NOT NULL, commission_minor bigint NOT NULL,
			override_minor bigint NOT NULL, allowance_minor bigint NOT NULL, top_performer_minor bigint NOT NULL,
			bonus_minor bigint NOT NULL, rewards_minor bigint NOT NULL, fines_minor bigint NOT NULL, net_minor bigint NOT NULL,
			top_performer boolean NOT NULL, department_met_target boolean NOT NULL, bonus_reference text NOT NULL,
			regulation_versions text[] NOT NULL, issued_by text NOT NULL, issued_at timestamptz NOT NULL,
			PRIMARY KEY (employee_id, month));`)
	return err
}

// Indexes implements Indexer: the month lists read by month.
func (*Projection) Indexes(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE INDEX IF NOT EXISTS pay_collections_month ON pay_collections (month, employee_id);
		CREATE INDEX IF NOT EXISTS pay_adjustments_month ON pay_adjustments (month, employee_id);
		CREATE INDEX IF NOT EXISTS pay_statements_month ON pay_statements (month, org_unit_id);`)
	return err
}

// Apply implements Projection: every event becomes one statement of a
// batch sent with the commit, in order, so a payment finds its contract's
// owner even when both are in the batch.
func (p *Projection) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	b := &pgx.Batch{}
	for _, r := range events {
		e, err := p.codec.DecodeRecorded(r)
		if err != nil {
			return fmt.Errorf("pay: decode %s: %w", r.Type, err)
		}
		p.queue(b, e, r.StreamVersion)
	}
	return tables.Write(ctx, tx, b)
}

func (p *Projection) month(t time.Time) string { return pay.MonthOf(t, p.calendar).String() }

// queue queues the change e (at version of its stream) makes. Every row
// is keyed by the fact it records, so applying a batch again changes
// nothing.
func (p *Projection) queue(b *pgx.Batch, e any, version uint64) {
	switch e := e.(type) {
	case contract.Drafted:
		b.Queue(`INSERT INTO pay_contracts VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, e.ContractID, e.DrafterID, e.DrafterOrgUnitID)
	case contract.PaymentReceived:
		b.Queue(`INSERT INTO pay_collections SELECT contract_id, $2, owner_id, $3, $4, org_unit_id, $5 FROM pay_contracts WHERE contract_id = $1
			ON CONFLICT DO NOTHING`, e.ContractID, int64(version), p.month(e.ReceivedAt), tables.Currency(e.Amount), e.Amount.Minor)
	case employee.Hired:
		b.Queue(`INSERT INTO pay_people VALUES ($1, $2, $3) ON CONFLICT (employee_id) DO UPDATE SET role = excluded.role, org_unit_id = excluded.org_unit_id`,
			e.EmployeeID, string(e.Role), e.OrgUnitID)
	case employee.RoleChanged:
		b.Queue(`UPDATE pay_people SET role = $2, org_unit_id = $3 WHERE employee_id = $1`, e.EmployeeID, string(e.ToRole), e.ToOrgUnitID)
	case employee.Fined:
		p.adjustment(b, e.EmployeeID, e.FinedAt, "FINE", e.FineID, e.Amount.Minor, tables.Currency(e.Amount))
	case employee.Rewarded:
		if e.Amount != nil {
			p.adjustment(b, e.EmployeeID, e.GrantedAt, "REWARD", e.RewardID, e.Amount.Minor, tables.Currency(*e.Amount))
		}
	case pay.StatementIssued:
		f := e.Figures
		b.Queue(`INSERT INTO pay_statements SELECT $1, $2, coalesce((SELECT org_unit_id FROM pay_people WHERE employee_id = $1), ''),
			$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19 ON CONFLICT DO NOTHING`,
			e.EmployeeID, e.Month, string(e.Role), f.BaseSalary.Minor, f.Collected.Minor, f.Commission.Minor, f.Override.Minor,
			f.Allowance.Minor, f.TopPerformer.Minor, f.Bonus.Minor, f.Rewards.Minor, f.Fines.Minor, f.Net.Minor,
			e.TopPerformer, e.DepartmentMetTarget, e.BonusReference, e.RegulationVersions, e.IssuedBy, e.IssuedAt)
	}
}

func (p *Projection) adjustment(b *pgx.Batch, employeeID string, at time.Time, kind, ref string, minor int64, currency string) {
	b.Queue(`INSERT INTO pay_adjustments VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`, employeeID, p.month(at), kind, ref, minor, currency)
}
