package projections

import (
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
)

// The statements of the employees read model. Each takes the employee id
// as $1.

func queueQualificationChecked(b *pgx.Batch, e eventstore.Recorded, id string) error {
	ev, err := decodeBody[employee.QualificationChecked](e)
	if err != nil {
		return err
	}
	b.Queue(`INSERT INTO employees (employee_id, name, status, version, updated_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (employee_id) DO UPDATE SET name = excluded.name`,
		id, ev.CandidateName, string(employee.StatusApplicant), int64(e.StreamVersion), e.RecordedAt)
	return nil
}

func queueHired(b *pgx.Batch, e eventstore.Recorded, id string) error {
	ev, err := decodeBody[employee.Hired](e)
	if err != nil {
		return err
	}
	b.Queue(`INSERT INTO employees (employee_id, name, status, role, org_unit_id, supervisor_id, hired_at, version, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (employee_id) DO UPDATE SET name = excluded.name, status = excluded.status, role = excluded.role,
			org_unit_id = excluded.org_unit_id, supervisor_id = excluded.supervisor_id, hired_at = excluded.hired_at`,
		id, ev.Name, string(employee.StatusOnboarding), string(ev.Role), ev.OrgUnitID, ev.SupervisorID, ev.HiredAt,
		int64(e.StreamVersion), e.RecordedAt)
	return nil
}

func queueStartedWork(b *pgx.Batch, e eventstore.Recorded, id string) error {
	ev, err := decodeBody[employee.StartedWork](e)
	if err != nil {
		return err
	}
	b.Queue(`UPDATE employees SET status = $2, started_at = $3, probation_ends_on = $4 WHERE employee_id = $1`,
		id, string(employee.StatusOnProbation), ev.StartedAt, ev.ProbationEndsOn)
	return nil
}

func queueConfirmedRegular(b *pgx.Batch, e eventstore.Recorded, id string) error {
	ev, err := decodeBody[employee.ConfirmedRegular](e)
	if err != nil {
		return err
	}
	b.Queue(`UPDATE employees SET status = $2, regular_at = $3 WHERE employee_id = $1`,
		id, string(employee.StatusRegular), ev.ConfirmedAt)
	return nil
}

func queueProbationExtended(b *pgx.Batch, e eventstore.Recorded, id string) error {
	ev, err := decodeBody[employee.ProbationExtended](e)
	if err != nil {
		return err
	}
	b.Queue(`UPDATE employees SET probation_ends_on = $2 WHERE employee_id = $1`, id, ev.ProbationEndsOn)
	return nil
}

func queueLeaving(b *pgx.Batch, _ eventstore.Recorded, id string) error {
	b.Queue(`UPDATE employees SET status = $2 WHERE employee_id = $1`, id, string(employee.StatusLeaving))
	return nil
}

func queueRoleChanged(b *pgx.Batch, e eventstore.Recorded, id string) error {
	ev, err := decodeBody[employee.RoleChanged](e)
	if err != nil {
		return err
	}
	// An empty supervisor keeps the current one, as Evolve does.
	b.Queue(`UPDATE employees SET role = $2, org_unit_id = $3, supervisor_id = coalesce(nullif($4, ''), supervisor_id)
		WHERE employee_id = $1`, id, string(ev.ToRole), ev.ToOrgUnitID, ev.SupervisorID)
	return nil
}

func queueDepartureInitiated(b *pgx.Batch, e eventstore.Recorded, id string) error {
	ev, err := decodeBody[employee.DepartureInitiated](e)
	if err != nil {
		return err
	}
	b.Queue(`UPDATE employees SET status = $2, departure_type = $3 WHERE employee_id = $1`,
		id, string(employee.StatusLeaving), string(ev.Type))
	return nil
}

func queueDeparted(b *pgx.Batch, e eventstore.Recorded, id string) error {
	ev, err := decodeBody[employee.Departed](e)
	if err != nil {
		return err
	}
	b.Queue(`UPDATE employees SET status = $2, departure_type = $3, departed_at = $4 WHERE employee_id = $1`,
		id, string(employee.StatusDeparted), string(ev.Type), ev.DepartedAt)
	return nil
}

// employeeOrgUnit is the employee's org unit when a record is made, so
// department lists keep records where they were made after a transfer.
const employeeOrgUnit = `coalesce((SELECT org_unit_id FROM employees WHERE employee_id = $1), '')`

func queueAppraisal(b *pgx.Batch, e eventstore.Recorded, id string) error {
	ev, err := decodeBody[employee.AppraisalRecorded](e)
	if err != nil {
		return err
	}
	s := ev.Scores
	b.Queue(`INSERT INTO employee_appraisals (employee_id, appraisal_id, org_unit_id, cycle, period_start, grade,
			score_self, score_superior, score_peers, score_customers, rated_by, rated_at, version, updated_at)
		VALUES ($1, $2, `+employeeOrgUnit+`, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (employee_id, appraisal_id) DO NOTHING`,
		id, ev.AppraisalID, string(ev.Cycle), ev.PeriodStart, string(ev.Grade), s.Self, s.Superior, s.Peers, s.Customers,
		ev.RatedBy, ev.RatedAt, int64(e.StreamVersion), e.RecordedAt)
	b.Queue(`UPDATE employees SET appraisals = appraisals + 1, last_cycle = $2, last_grade = $3, last_appraised_at = $4
		WHERE employee_id = $1`, id, string(ev.Cycle), string(ev.Grade), ev.RatedAt)
	return nil
}

func queueImprovementPlan(b *pgx.Batch, _ eventstore.Recorded, id string) error {
	b.Queue(`UPDATE employees SET improvement_plan = true WHERE employee_id = $1`, id)
	return nil
}

func queueDismissalDue(b *pgx.Batch, e eventstore.Recorded, id string) error {
	ev, err := decodeBody[employee.DismissalDue](e)
	if err != nil {
		return err
	}
	b.Queue(`UPDATE employees SET dismissal_due_at = $2 WHERE employee_id = $1`, id, ev.RaisedAt)
	return nil
}

// conductRecord is one row of the conduct ledger.
type conductRecord struct {
	kind, recordID, typ string
	amount              *domain.Money
	reason, ruleRef, by string
	decidedAt           time.Time
}

// queueConduct records a reward, penalty or fine and moves the employee's
// count and, for amounts, total.
func queueConduct(b *pgx.Batch, e eventstore.Recorded, id string, r conductRecord, counter, total string) {
	var minor *int64
	currency := ""
	if r.amount != nil {
		m := r.amount.Minor
		minor, currency = &m, r.amount.Currency
	}
	b.Queue(`INSERT INTO employee_conduct (employee_id, kind, record_id, org_unit_id, type, amount_minor, currency,
			reason, rule_ref, decided_by, decided_at, version, updated_at)
		VALUES ($1, $2, $3, `+employeeOrgUnit+`, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (employee_id, kind, record_id) DO NOTHING`,
		id, r.kind, r.recordID, r.typ, minor, currency, r.reason, r.ruleRef, r.by, r.decidedAt, int64(e.StreamVersion), e.RecordedAt)
	set := counter + " = " + counter + " + 1"
	if total != "" {
		set += ", " + total + " = " + total + " + coalesce($2, 0), currency = coalesce(nullif($3, ''), currency)"
		b.Queue(`UPDATE employees SET `+set+` WHERE employee_id = $1`, id, minor, currency)
		return
	}
	b.Queue(`UPDATE employees SET `+set+` WHERE employee_id = $1`, id)
}

func queueFined(b *pgx.Batch, e eventstore.Recorded, id string) error {
	ev, err := decodeBody[employee.Fined](e)
	if err != nil {
		return err
	}
	queueConduct(b, e, id, conductRecord{kind: ConductFine, recordID: ev.FineID, typ: ev.Item, amount: &ev.Amount,
		reason: ev.Reason, ruleRef: ev.RuleRef, by: ev.FinedBy, decidedAt: ev.FinedAt}, "fines", "fine_total_minor")
	return nil
}

func queueRewarded(b *pgx.Batch, e eventstore.Recorded, id string) error {
	ev, err := decodeBody[employee.Rewarded](e)
	if err != nil {
		return err
	}
	queueConduct(b, e, id, conductRecord{kind: ConductReward, recordID: ev.RewardID, typ: ev.Type, amount: ev.Amount,
		reason: ev.Reason, by: ev.GrantedBy, decidedAt: ev.GrantedAt}, "rewards", "reward_total_minor")
	return nil
}

func queuePenalized(b *pgx.Batch, e eventstore.Recorded, id string) error {
	ev, err := decodeBody[employee.Penalized](e)
	if err != nil {
		return err
	}
	queueConduct(b, e, id, conductRecord{kind: ConductPenalty, recordID: ev.PenaltyID, typ: ev.Type, reason: ev.Reason,
		ruleRef: ev.RuleRef, by: ev.DecidedBy, decidedAt: ev.DecidedAt}, "penalties", "")
	return nil
}

// queueCounter counts an event (approved leaves, approved trips).
func queueCounter(column string) func(*pgx.Batch, eventstore.Recorded, string) error {
	return func(b *pgx.Batch, _ eventstore.Recorded, id string) error {
		b.Queue(`UPDATE employees SET `+column+` = `+column+` + 1 WHERE employee_id = $1`, id)
		return nil
	}
}
