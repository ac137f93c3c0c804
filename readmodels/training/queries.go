package training

import (
	"context"

	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Queries reads the training read model through its views.
type Queries struct{ tables.DB }

// NewQueries returns the queries of the training read model over db.
func NewQueries(db tables.DB) *Queries { return &Queries{db} }

// TrainingRecord is employeeID's training record, oldest session first;
// an employee who attended nothing has an empty record.
func (q *Queries) TrainingRecord(ctx context.Context, employeeID string) (queries.TrainingRecordView, error) {
	v := queries.TrainingRecordView{EmployeeID: employeeID, Sessions: []queries.TrainingRecordEntry{},
		Certificates: []queries.TrainingCertificateView{}}
	units, err := tables.All[struct {
		OrgUnitID string `db:"org_unit_id"`
	}](ctx, q.DB, "training person", `SELECT org_unit_id FROM `+q.Table("training_people")+` WHERE employee_id = $1`, employeeID)
	if err != nil {
		return v, err
	}
	if len(units) > 0 {
		v.OrgUnitID = units[0].OrgUnitID
	}
	if v.Sessions, err = tables.All[queries.TrainingRecordEntry](ctx, q.DB, "training record", `
		SELECT s.session_id, s.org_unit_id, s.title, s.kind, s.mode, a.month, s.held_at, a.duration_minutes, coalesce(s.counts, false) AS counts,
			e.method, e.score, e.passed, e.evaluated_at
		FROM `+q.Table("training_attendance")+` a JOIN `+q.Table("training_sessions")+` s ON s.session_id = a.session_id
			LEFT JOIN `+q.Table("training_evaluations")+` e ON e.session_id = a.session_id AND e.employee_id = a.employee_id
		WHERE a.employee_id = $1 ORDER BY s.held_at, s.session_id`, employeeID); err != nil {
		return v, err
	}
	for _, s := range v.Sessions {
		v.Minutes += s.DurationMinutes
	}
	v.Certificates, err = tables.All[queries.TrainingCertificateView](ctx, q.DB, "training certificates", `
		SELECT session_id, certificate_id, name, reward_minor, currency, awarded_at FROM `+q.Table("training_certificates")+`
		WHERE employee_id = $1 ORDER BY awarded_at, certificate_id`, employeeID)
	return v, err
}

// DepartmentTrainingMonths is every department's training in month
// ("2006-01"): the org units with people on file or with an approved
// training plan of month's year (D: the regulation binds each
// department), orgUnitID "" meaning all of them; missingOnly keeps those
// without a session that counts (§5.19).
func (q *Queries) DepartmentTrainingMonths(ctx context.Context, month, orgUnitID string, missingOnly bool) ([]queries.DepartmentTrainingMonth, error) {
	return tables.All[queries.DepartmentTrainingMonth](ctx, q.DB, "department training months", `
		WITH units AS (
			SELECT org_unit_id FROM `+q.Table("training_people")+` WHERE org_unit_id <> ''
			UNION SELECT org_unit_id FROM `+q.Table("training_plans")+` WHERE status = 'APPROVED' AND year::text = left($1, 4)),
		held AS (
			SELECT org_unit_id, count(*) FILTER (WHERE counts)::int AS counted, count(*) FILTER (WHERE NOT counts)::int AS short
			FROM `+q.Table("training_sessions")+` WHERE month = $1 GROUP BY org_unit_id)
		SELECT u.org_unit_id, $1 AS month, coalesce(h.counted, 0) AS counted_sessions, coalesce(h.short, 0) AS short_sessions,
			coalesce(h.counted, 0) = 0 AS missing
		FROM units u LEFT JOIN held h ON h.org_unit_id = u.org_unit_id
		WHERE ($2 = '' OR u.org_unit_id = $2) AND (NOT $3 OR coalesce(h.counted, 0) = 0)
		ORDER BY u.org_unit_id`, month, orgUnitID, missingOnly)
}
