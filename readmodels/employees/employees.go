package employees

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/privacy"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Projection is the people read model: one row per employee (status, org
// unit, supervisor, role, appraisal and discipline summary, approved
// leaves and trips), the appraisal history, and the conduct ledger of
// rewards, penalties and fines. Personal data is kept to the name; pay
// is left out on purpose.
type Projection struct{}

// New returns the employees projection.
func New() Projection { return Projection{} }

// Name implements Projection.
func (Projection) Name() string { return "employees" }

// Tables implements Projection.
func (Projection) Tables() []string {
	return []string{"employees", "employee_appraisals", "employee_conduct", tables.VersionsTable("employees")}
}

// Filter implements Projection: every event of every employee stream, so
// a row's version is its stream's version, and the erasures of employees.
func (Projection) Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{employee.Stream(""), privacy.StreamPrefix(privacy.KindEmployee)}}
}

// Setup implements Projection.
func (Projection) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE TABLE employees (
			employee_id          text PRIMARY KEY,
			name                 text NOT NULL DEFAULT '',
			status               text NOT NULL,
			role                 text NOT NULL DEFAULT '',
			org_unit_id          text NOT NULL DEFAULT '',
			supervisor_id        text NOT NULL DEFAULT '',
			hired_at             timestamptz,
			started_at           timestamptz,
			probation_ends_on    timestamptz,
			regular_at           timestamptz,
			departure_type       text NOT NULL DEFAULT '',
			departed_at          timestamptz,
			appraisals           int NOT NULL DEFAULT 0,
			last_cycle           text NOT NULL DEFAULT '',
			last_grade           text NOT NULL DEFAULT '',
			last_appraised_at    timestamptz,
			improvement_plan     bool NOT NULL DEFAULT false,
			dismissal_due_at     timestamptz,
			rewards              int NOT NULL DEFAULT 0,
			reward_total_minor   bigint NOT NULL DEFAULT 0,
			penalties            int NOT NULL DEFAULT 0,
			fines                int NOT NULL DEFAULT 0,
			fine_total_minor     bigint NOT NULL DEFAULT 0,
			currency             text NOT NULL DEFAULT 'CNY',
			leaves_approved      int NOT NULL DEFAULT 0,
			trips_approved       int NOT NULL DEFAULT 0,
			version              bigint NOT NULL,
			updated_at           timestamptz NOT NULL
		) WITH (fillfactor = 80);
		CREATE TABLE employee_appraisals (
			appraisal_id    text NOT NULL,
			employee_id     text NOT NULL,
			org_unit_id     text NOT NULL,
			cycle           text NOT NULL,
			period_start    timestamptz NOT NULL,
			grade           text NOT NULL,
			score_self      int NOT NULL,
			score_superior  int NOT NULL,
			score_peers     int NOT NULL,
			score_customers int NOT NULL,
			rated_by        text NOT NULL,
			rated_at        timestamptz NOT NULL,
			version         bigint NOT NULL,
			updated_at      timestamptz NOT NULL,
			PRIMARY KEY (employee_id, appraisal_id)
		);
		CREATE TABLE employee_conduct (
			employee_id  text NOT NULL,
			kind         text NOT NULL CHECK (kind IN ('REWARD', 'PENALTY', 'FINE')),
			record_id    text NOT NULL,
			org_unit_id  text NOT NULL,
			type         text NOT NULL,
			amount_minor bigint,
			currency     text NOT NULL DEFAULT '',
			reason       text NOT NULL,
			rule_ref     text NOT NULL DEFAULT '',
			decided_by   text NOT NULL,
			decided_at   timestamptz NOT NULL,
			version      bigint NOT NULL,
			updated_at   timestamptz NOT NULL,
			PRIMARY KEY (employee_id, kind, record_id)
		);`)
	if err != nil {
		return err
	}
	return setupVersions(ctx, tx)
}

// Indexes implements Indexer: the lists' orders and filters. Check-ins
// rewrite an employee's version and updated_at and nothing else, so
// updated_at is left unindexed (see customers.Projection.Indexes) and, with the free
// space fillfactor leaves, those updates stay HOT. The tables are indexed
// in the order Apply writes them (see projections.Ensure).
func (Projection) Indexes(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE INDEX IF NOT EXISTS employees_org_unit ON employees (org_unit_id, employee_id);
		CREATE INDEX IF NOT EXISTS employees_status ON employees (status, employee_id);
		CREATE INDEX IF NOT EXISTS employees_supervisor ON employees (supervisor_id, employee_id);
		CREATE INDEX IF NOT EXISTS employees_name ON employees (name, employee_id);
		CREATE INDEX IF NOT EXISTS employee_appraisals_rated ON employee_appraisals (rated_at, employee_id, appraisal_id);
		CREATE INDEX IF NOT EXISTS employee_conduct_decided ON employee_conduct (decided_at, employee_id, kind, record_id);`)
	if err != nil {
		return err
	}
	return indexVersions(ctx, tx)
}

// The read model decodes the bodies of the events listed here;
// check-ins and the like only move an employee's version.
var employeeEvents = tables.NewEvents(eventstore.NewCodec(employee.Events()...), employee.Stream(""),
	employee.QualificationChecked{}, employee.Hired{}, employee.StartedWork{},
	employee.ConfirmedRegular{}, employee.ProbationExtended{}, employee.RoleChanged{}, employee.DepartureInitiated{},
	employee.Departed{}, employee.AppraisalRecorded{}, employee.DismissalDue{}, employee.Fined{}, employee.Rewarded{},
	employee.Penalized{})

// Apply implements Projection. It loads the employees the batch touches in
// one query, folds the events into them in memory, and writes them, the
// new appraisals and the new conduct records in one statement each: two
// round trips per batch. Check-ins and the like only move the version.
func (Projection) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	events, erased := tables.SplitErasures(events, privacy.KindEmployee)
	if err := applyEmployees(ctx, tx, events); err != nil {
		return err
	}
	return scrubErased(ctx, tx, erased)
}

func applyEmployees(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	prefix := employee.Stream("")
	ids := tables.StreamIDs(events, prefix)
	versions := newVersions()
	rows, err := tables.LoadRowsWithVersions(ctx, tx, "employees", "employee_id", ids,
		func(v *queries.EmployeeView) string { return v.EmployeeID }, versions)
	if err != nil {
		return err
	}
	evs, err := employeeEvents.Decode(events)
	if err != nil {
		return err
	}
	f := &employeeFold{rows: rows}
	for _, e := range evs {
		id := e.Stream[len(prefix):]
		if row := rows[id]; row != nil && int64(e.StreamVersion) <= row.Version {
			continue // applied already (a replay)
		}
		if err := f.apply(id, e); err != nil {
			return err
		}
		if row := rows[id]; row != nil {
			row.Version, row.UpdatedAt = int64(e.StreamVersion), e.RecordedAt
			if changesRecord(e.Type) {
				versions.Record(id, row, e)
			}
		}
	}
	b := &pgx.Batch{}
	err = errors.Join(versions.Write(ctx, tx, b),
		tables.QueueUpsert(b, "employees", []string{"employee_id"}, tables.Touched(rows, ids), false),
		tables.QueueUpsert(b, "employee_appraisals", []string{"employee_id", "appraisal_id"}, f.appraisals, true),
		tables.QueueUpsert(b, "employee_conduct", []string{"employee_id", "kind", "record_id"}, f.conduct, true))
	if err != nil {
		return err
	}
	return tables.Write(ctx, tx, b)
}
