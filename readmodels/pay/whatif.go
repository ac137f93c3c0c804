package pay

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/pay"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// The catalogue's names of the regulations the pay figures follow: the
// sales-plan regulation's commission tiers and override rate, the pay
// regulation's allowance and top-performer award.
const (
	SalesPlanRegulation = "salesplan"
	PayRegulation       = "pay"
)

// WhatIfTable is the table a what-if replay adds to the pay read model:
// every employee's commission figures of every month, computed at the end
// of the replay under the regulation versions the what-if puts in force.
const WhatIfTable = "pay_whatif"

// Regulations names the regulations the pay figures depend on.
func (*Projection) Regulations() []string { return []string{SalesPlanRegulation, PayRegulation} }

// UnderRegulations is the read model that, besides its facts, fills
// pay_whatif with each month's figures under r's sales-plan and pay
// regulations. The live read model stores facts only and computes when
// read; a replay schema is read with plain SQL, so the what-if
// materialises its figures once the facts are all in. A figure r does
// not set a regulation for is left NULL: it is the live one, which the
// live read side gives. Without either regulation in r it is p.
func (p *Projection) UnderRegulations(r tables.Regulations) (projections.Projection, error) {
	commission, setsCommission := tables.Regulation[salesplan.Regulation](r, SalesPlanRegulation)
	payRules, setsPay := tables.Regulation[pay.Regulation](r, PayRegulation)
	if !setsCommission && !setsPay {
		return p, nil
	}
	// The regulation r does not set computes figures left NULL: its
	// parameters here are placeholders.
	if !setsCommission {
		commission = salesplan.DefaultRegulation()
	}
	if !setsPay {
		payRules = pay.DefaultRegulation()
	}
	return whatIf{Projection: p, rules: pay.Rules{Commission: commission, Pay: payRules}, commission: setsCommission, pay: setsPay}, nil
}

// whatIf is the pay read model of a what-if replay.
type whatIf struct {
	*Projection
	rules pay.Rules
	// commission and pay say which of the rules the what-if sets; the
	// other's figures are left NULL.
	commission, pay bool
}

// Tables implements Projection.
func (w whatIf) Tables() []string { return append(w.Projection.Tables(), WhatIfTable) }

// Setup implements Projection.
func (w whatIf) Setup(ctx context.Context, tx pgx.Tx) error {
	if err := w.Projection.Setup(ctx, tx); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `
		CREATE TABLE `+WhatIfTable+` (
			employee_id text NOT NULL, month text NOT NULL, org_unit_id text NOT NULL, role text NOT NULL,
			collected_minor bigint NOT NULL, commission_minor bigint, override_minor bigint,
			allowance_minor bigint, top_performer_minor bigint,
			top_performer boolean NOT NULL, department_met_target boolean NOT NULL, currency text NOT NULL,
			PRIMARY KEY (employee_id, month));`)
	return err
}

// Indexes implements Indexer. The engine runs it once a rebuild has
// applied every event, in the generation's schema: the moment the facts
// are complete, so it is where the what-if computes its figures.
func (w whatIf) Indexes(ctx context.Context, tx pgx.Tx) error {
	if err := w.Projection.Indexes(ctx, tx); err != nil {
		return err
	}
	return w.materialise(ctx, tx)
}

// materialise fills pay_whatif with every month that has facts, anew.
func (w whatIf) materialise(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, `DELETE FROM `+WhatIfTable); err != nil {
		return err
	}
	rows, err := tx.Query(ctx, `SELECT month FROM pay_collections UNION SELECT month FROM pay_adjustments
		UNION SELECT month FROM pay_statements ORDER BY 1`)
	if err != nil {
		return err
	}
	months, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, month := range months {
		if err := w.materialiseMonth(ctx, tx, month); err != nil {
			return fmt.Errorf("pay what-if %s: %w", month, err)
		}
	}
	return nil
}

func (w whatIf) materialiseMonth(ctx context.Context, tx pgx.Tx, month string) error {
	rows, err := tx.Query(ctx, monthSQL(func(t string) string { return t }), month, domain.DefaultCurrency)
	if err != nil {
		return err
	}
	people, err := pgx.CollectRows(rows, pgx.RowToStructByNameLax[person])
	if err != nil {
		return err
	}
	met, err := departmentsMetTarget(ctx, tx, month)
	if err != nil {
		return err
	}
	m := newMonth(people)
	b := &pgx.Batch{}
	for _, p := range people {
		f, unit, _ := m.Facts(p.EmployeeID, func(unit string) bool { return met[unit] })
		g, err := pay.Compute(f, w.rules)
		if err != nil {
			return err
		}
		b.Queue(`INSERT INTO `+WhatIfTable+` VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			p.EmployeeID, month, unit, p.Role, p.Collected,
			w.commissionFigure(g.Commission), w.commissionFigure(g.Override), w.payFigure(g.Allowance), w.payFigure(g.TopPerformer),
			f.TopPerformer, f.DepartmentMetTarget, domain.DefaultCurrency)
	}
	return tx.SendBatch(ctx, b).Close()
}

// departmentsMetTarget reads whether each org unit met its month's target
// as the month's issued statements recorded it: a fact of the sales plan,
// not of a regulation, which the pay read model holds only there. A unit
// without an issued statement saying so did not meet it.
func departmentsMetTarget(ctx context.Context, tx pgx.Tx, month string) (map[string]bool, error) {
	rows, err := tx.Query(ctx, `SELECT org_unit_id FROM pay_statements WHERE month = $1 GROUP BY org_unit_id HAVING bool_or(department_met_target)`, month)
	if err != nil {
		return nil, err
	}
	units, err := pgx.CollectRows(rows, pgx.RowTo[string])
	met := map[string]bool{}
	for _, u := range units {
		met[u] = true
	}
	return met, err
}

// commissionFigure is m when the what-if sets the sales-plan regulation,
// else NULL.
func (w whatIf) commissionFigure(m domain.Money) *int64 { return figure(w.commission, m) }

// payFigure is m when the what-if sets the pay regulation, else NULL.
func (w whatIf) payFigure(m domain.Money) *int64 { return figure(w.pay, m) }

func figure(set bool, m domain.Money) *int64 {
	if !set {
		return nil
	}
	return &m.Minor
}
