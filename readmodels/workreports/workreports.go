// Package workreports is the work reports and plans read model (§3.2):
// per employee and period, whether the daily, weekly or monthly report
// was filed (on time or late), rejected as sloppy or flagged missing;
// the monthly and weekly work plans and where they stand; and who is at
// work in which org unit and role, so the department head sees who has
// and who has not filed.
package workreports

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/workplan"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Projection keeps the work reports read model's tables.
type Projection struct {
	codec *eventstore.Codec
}

// New returns the work reports projection.
func New() *Projection {
	return &Projection{codec: eventstore.NewCodec(slices.Concat(employee.Events(), workplan.Events())...)}
}

// Name implements Projection.
func (*Projection) Name() string { return "workreports" }

// Tables implements Projection.
func (*Projection) Tables() []string {
	return []string{"workreport_people", "workreport_periods", "work_plans"}
}

// Filter implements Projection.
func (*Projection) Filter() eventstore.Filter {
	var names []string
	for _, e := range []interface{ EventType() string }{
		employee.Hired{}, employee.StartedWork{}, employee.RoleChanged{}, employee.DepartureInitiated{}, employee.ProbationFailed{},
		employee.WorkReportSubmitted{}, employee.WorkReportRejected{}, employee.DailyReportMissed{}, employee.WorkReportMissed{},
		workplan.Submitted{}, workplan.Approved{}, workplan.Returned{},
	} {
		names = append(names, e.EventType())
	}
	return eventstore.Filter{EventTypes: names}
}

// Setup implements Projection.
func (*Projection) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE TABLE workreport_people (employee_id text PRIMARY KEY, role text NOT NULL, org_unit_id text NOT NULL, at_work boolean NOT NULL);
		CREATE TABLE workreport_periods (
			row_id text PRIMARY KEY, employee_id text NOT NULL, org_unit_id text NOT NULL, period text NOT NULL, period_start text NOT NULL,
			status text NOT NULL, report_id text NOT NULL, late boolean NOT NULL, flagged boolean NOT NULL,
			due_at timestamptz, submitted_at timestamptz, visits int NOT NULL, minutes int NOT NULL, rejected_by text NOT NULL,
			updated_at timestamptz NOT NULL);
		CREATE TABLE work_plans (
			plan_id text PRIMARY KEY, employee_id text NOT NULL, org_unit_id text NOT NULL, period text NOT NULL, period_start text NOT NULL,
			content text NOT NULL, status text NOT NULL, late boolean NOT NULL, revision int NOT NULL, submitted_at timestamptz NOT NULL,
			decided_by text NOT NULL, decided_at timestamptz, note text NOT NULL, version bigint NOT NULL, updated_at timestamptz NOT NULL);`)
	return err
}

// Indexes implements Indexer: the lists read by unit and period.
func (*Projection) Indexes(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE INDEX IF NOT EXISTS workreport_periods_unit ON workreport_periods (org_unit_id, period, period_start);
		CREATE INDEX IF NOT EXISTS workreport_periods_employee ON workreport_periods (employee_id, period_start);
		CREATE INDEX IF NOT EXISTS workreport_periods_report ON workreport_periods (employee_id, report_id);
		CREATE INDEX IF NOT EXISTS work_plans_unit ON work_plans (org_unit_id, period_start);`)
	return err
}

// Apply implements Projection: every event becomes statements of one
// batch, in order.
func (p *Projection) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	b := &pgx.Batch{}
	for _, r := range events {
		e, err := p.codec.DecodeRecorded(r)
		if err != nil {
			return fmt.Errorf("workreports: decode %s: %w", r.Type, err)
		}
		queuePeople(b, e)
		queueReports(b, e, r.RecordedAt)
		queuePlans(b, e, int64(r.StreamVersion), r.RecordedAt)
	}
	return tables.Write(ctx, tx, b)
}

// queuePeople keeps who is at work, in which role and unit.
func queuePeople(b *pgx.Batch, e any) {
	switch e := e.(type) {
	case employee.Hired:
		b.Queue(`INSERT INTO workreport_people VALUES ($1, $2, $3, false)
			ON CONFLICT (employee_id) DO UPDATE SET role = excluded.role, org_unit_id = excluded.org_unit_id`, e.EmployeeID, string(e.Role), e.OrgUnitID)
	case employee.StartedWork:
		b.Queue(`UPDATE workreport_people SET at_work = true WHERE employee_id = $1`, e.EmployeeID)
	case employee.RoleChanged:
		b.Queue(`UPDATE workreport_people SET role = $2, org_unit_id = $3 WHERE employee_id = $1`, e.EmployeeID, string(e.ToRole), e.ToOrgUnitID)
	case employee.DepartureInitiated:
		b.Queue(`UPDATE workreport_people SET at_work = false WHERE employee_id = $1`, e.EmployeeID)
	case employee.ProbationFailed:
		b.Queue(`UPDATE workreport_people SET at_work = false WHERE employee_id = $1`, e.EmployeeID)
	}
}

// rowID keys an employee's period.
func rowID(employeeID string, p employee.ReportPeriod, start string) string {
	return employeeID + "/" + string(p) + "/" + start
}

// unitOf is the SQL of an employee's org unit as the people table holds it.
const unitOf = `coalesce((SELECT org_unit_id FROM workreport_people WHERE employee_id = $2), '')`

// queueReports keeps each employee's periods: a report submitted makes it
// FILED (a rejected one replaced by it too), a rejection REJECTED, a flag
// MISSING unless a report stands (a flag never hides a later report:
// the period stays flagged, and the report late).
func queueReports(b *pgx.Batch, e any, at time.Time) {
	switch e := e.(type) {
	case employee.WorkReportSubmitted:
		start := e.PeriodStart.Format(time.DateOnly)
		visits, minutes := len(e.Visits), 0
		for _, v := range e.Visits {
			minutes += v.Minutes
		}
		var due *time.Time
		if !e.DueAt.IsZero() {
			due = &e.DueAt
		}
		b.Queue(`INSERT INTO workreport_periods VALUES ($1, $2, `+unitOf+`, $3, $4, 'FILED', $5, $6, false, $7, $8, $9, $10, '', $11)
			ON CONFLICT (row_id) DO UPDATE SET status = 'FILED', report_id = excluded.report_id, late = excluded.late,
				due_at = excluded.due_at, submitted_at = excluded.submitted_at, visits = excluded.visits, minutes = excluded.minutes,
				rejected_by = '', updated_at = excluded.updated_at`,
			rowID(e.EmployeeID, e.Period, start), e.EmployeeID, string(e.Period), start, e.ReportID, e.Late, due, e.SubmittedAt, visits, minutes, at)
	case employee.WorkReportRejected:
		b.Queue(`UPDATE workreport_periods SET status = 'REJECTED', rejected_by = $3, updated_at = $4 WHERE employee_id = $1 AND report_id = $2`,
			e.EmployeeID, e.ReportID, e.RejectedBy, at)
	case employee.DailyReportMissed:
		missed(b, e.EmployeeID, employee.ReportDaily, e.Day, e.OrgUnitID, at)
	case employee.WorkReportMissed:
		missed(b, e.EmployeeID, e.Period, e.PeriodStart, e.OrgUnitID, at)
	}
}

func missed(b *pgx.Batch, employeeID string, p employee.ReportPeriod, start, unit string, at time.Time) {
	b.Queue(`INSERT INTO workreport_periods VALUES ($1, $2, $3, $4, $5, 'MISSING', '', false, true, NULL, NULL, 0, 0, '', $6)
		ON CONFLICT (row_id) DO UPDATE SET flagged = true, updated_at = excluded.updated_at,
			status = CASE workreport_periods.status WHEN 'FILED' THEN 'FILED' WHEN 'REJECTED' THEN 'REJECTED' ELSE 'MISSING' END`,
		rowID(employeeID, p, start), employeeID, unit, string(p), start, at)
}

// queuePlans keeps each plan's state.
func queuePlans(b *pgx.Batch, e any, version int64, at time.Time) {
	switch e := e.(type) {
	case workplan.Submitted:
		b.Queue(`INSERT INTO work_plans VALUES ($1, $2, $3, $4, $5, $6, 'SUBMITTED', $7, $8, $9, '', NULL, '', $10, $11)
			ON CONFLICT (plan_id) DO UPDATE SET content = excluded.content, status = 'SUBMITTED', late = excluded.late, revision = excluded.revision,
				submitted_at = excluded.submitted_at, decided_by = '', decided_at = NULL, note = '', version = excluded.version, updated_at = excluded.updated_at`,
			e.PlanID, e.EmployeeID, e.OrgUnitID, string(e.Period), e.PeriodStart.Format(time.DateOnly), e.Content, e.Late, e.Revision, e.SubmittedAt, version, at)
	case workplan.Approved:
		decided(b, e.PlanID, "APPROVED", e.ApproverID, e.ApprovedAt, e.Comment, version, at)
	case workplan.Returned:
		decided(b, e.PlanID, "RETURNED", e.ReviewerID, e.ReturnedAt, e.Reason, version, at)
	}
}

func decided(b *pgx.Batch, planID, status, by string, when time.Time, note string, version int64, at time.Time) {
	b.Queue(`UPDATE work_plans SET status = $2, decided_by = $3, decided_at = $4, note = $5, version = $6, updated_at = $7 WHERE plan_id = $1`,
		planID, status, by, when, note, version, at)
}
