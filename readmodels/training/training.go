// Package training is the training read model (SPEC §3.5): each
// employee's training record (sessions attended, evaluations,
// certificates) and each department's sessions per month, from which
// the departments missing their monthly session are read (§5.19).
package training

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/training"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Projection keeps the training read model's tables.
type Projection struct{ codec *eventstore.Codec }

// New returns the training projection.
func New() *Projection {
	return &Projection{codec: eventstore.NewCodec(slices.Concat(employee.Events(), training.Events())...)}
}

// Name implements Projection.
func (*Projection) Name() string { return "training" }

// Tables implements Projection.
func (*Projection) Tables() []string {
	return []string{"training_people", "training_plans", "training_sessions", "training_attendance",
		"training_evaluations", "training_certificates"}
}

// Filter implements Projection.
func (*Projection) Filter() eventstore.Filter {
	types := []string{employee.Hired{}.EventType(), employee.RoleChanged{}.EventType()}
	for _, e := range training.Events() {
		types = append(types, e.EventType())
	}
	return eventstore.Filter{EventTypes: types}
}

// Setup implements Projection.
func (*Projection) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE TABLE training_people (employee_id text PRIMARY KEY, org_unit_id text NOT NULL);
		CREATE TABLE training_plans (plan_id text PRIMARY KEY, year int NOT NULL, org_unit_id text NOT NULL, status text NOT NULL);
		CREATE TABLE training_sessions (
			session_id text PRIMARY KEY, plan_id text NOT NULL, org_unit_id text NOT NULL, title text NOT NULL,
			kind text NOT NULL, mode text NOT NULL, trainer text NOT NULL, starts_at timestamptz NOT NULL,
			planned_minutes int NOT NULL, status text NOT NULL, held_at timestamptz, month text,
			duration_minutes int, counts boolean);
		CREATE TABLE training_attendance (
			session_id text NOT NULL, employee_id text NOT NULL, month text NOT NULL, duration_minutes int NOT NULL,
			PRIMARY KEY (session_id, employee_id));
		CREATE TABLE training_evaluations (
			session_id text NOT NULL, employee_id text NOT NULL, method text NOT NULL, score int, passed boolean NOT NULL,
			evaluated_at timestamptz NOT NULL, PRIMARY KEY (session_id, employee_id));
		CREATE TABLE training_certificates (
			session_id text NOT NULL, certificate_id text NOT NULL, employee_id text NOT NULL, name text NOT NULL,
			reward_minor bigint, currency text NOT NULL, awarded_at timestamptz NOT NULL,
			PRIMARY KEY (session_id, certificate_id));`)
	return err
}

// Indexes implements Indexer: the record reads by employee, the months
// by month.
func (*Projection) Indexes(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE INDEX IF NOT EXISTS training_attendance_employee ON training_attendance (employee_id);
		CREATE INDEX IF NOT EXISTS training_certificates_employee ON training_certificates (employee_id);
		CREATE INDEX IF NOT EXISTS training_sessions_month ON training_sessions (month, org_unit_id);`)
	return err
}

// Apply implements Projection: every event becomes statements of one
// batch sent with the commit, in order. Every row is keyed by the fact
// it records, so applying a batch again changes nothing.
func (p *Projection) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	b := &pgx.Batch{}
	for _, r := range events {
		e, err := p.codec.DecodeRecorded(r)
		if err != nil {
			return fmt.Errorf("training: decode %s: %w", r.Type, err)
		}
		queue(b, e)
	}
	return tables.Write(ctx, tx, b)
}

func queue(b *pgx.Batch, e any) {
	switch e := e.(type) {
	case employee.Hired:
		b.Queue(`INSERT INTO training_people VALUES ($1, $2) ON CONFLICT (employee_id) DO UPDATE SET org_unit_id = excluded.org_unit_id`,
			e.EmployeeID, e.OrgUnitID)
	case employee.RoleChanged:
		b.Queue(`UPDATE training_people SET org_unit_id = $2 WHERE employee_id = $1`, e.EmployeeID, e.ToOrgUnitID)
	case training.PlanDrafted:
		b.Queue(`INSERT INTO training_plans VALUES ($1, $2, $3, $4) ON CONFLICT (plan_id) DO UPDATE
			SET year = excluded.year, org_unit_id = excluded.org_unit_id, status = excluded.status`,
			e.PlanID, e.Year, e.OrgUnitID, string(training.PlanStatusDraft))
	case training.PlanReviewed:
		status := training.PlanStatusDraft
		if e.Passed {
			status = training.PlanStatusReviewed
		}
		b.Queue(`UPDATE training_plans SET status = $2 WHERE plan_id = $1`, e.PlanID, string(status))
	case training.PlanApproved:
		b.Queue(`UPDATE training_plans SET status = $2 WHERE plan_id = $1`, e.PlanID, string(training.PlanStatusApproved))
	default:
		queueSession(b, e)
	}
}

func queueSession(b *pgx.Batch, e any) {
	switch e := e.(type) {
	case training.SessionScheduled:
		b.Queue(`INSERT INTO training_sessions (session_id, plan_id, org_unit_id, title, kind, mode, trainer, starts_at, planned_minutes, status)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
			e.SessionID, e.PlanID, e.OrgUnitID, e.Title, string(e.Kind), string(e.Mode), e.Trainer, e.StartsAt, e.DurationMinutes,
			string(training.SessionStatusScheduled))
	case training.SessionHeld:
		b.Queue(`UPDATE training_sessions SET status = $2, held_at = $3, month = $4, duration_minutes = $5, counts = $6 WHERE session_id = $1`,
			e.SessionID, string(training.SessionStatusHeld), e.HeldAt, e.Month, e.DurationMinutes, e.Counts)
	case training.AttendanceRecorded:
		b.Queue(`INSERT INTO training_attendance VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
			e.SessionID, e.EmployeeID, e.Month, e.DurationMinutes)
	case training.Evaluated:
		b.Queue(`INSERT INTO training_evaluations VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
			e.SessionID, e.EmployeeID, string(e.Method), e.Score, e.Passed, e.EvaluatedAt)
	case training.CertificateAwarded:
		var reward *int64
		currency := ""
		if e.Reward != nil {
			reward, currency = &e.Reward.Minor, tables.Currency(*e.Reward)
		}
		b.Queue(`INSERT INTO training_certificates VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
			e.SessionID, e.CertificateID, e.EmployeeID, e.Name, reward, currency, e.AwardedAt)
	}
}
