package projections

import (
	"context"
	"fmt"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// AppraisalView is one appraisal of an employee. OrgUnitID is the
// employee's org unit when the appraisal was recorded.
type AppraisalView struct {
	EmployeeID     string          `db:"employee_id" json:"employee_id"`
	AppraisalID    string          `db:"appraisal_id" json:"appraisal_id"`
	OrgUnitID      string          `db:"org_unit_id" json:"org_unit_id"`
	Cycle          string          `db:"cycle" json:"cycle"`
	PeriodStart    time.Time       `db:"period_start" json:"period_start"`
	Grade          string          `db:"grade" json:"grade"`
	ScoreSelf      int             `db:"score_self" json:"-"`
	ScoreSuperior  int             `db:"score_superior" json:"-"`
	ScorePeers     int             `db:"score_peers" json:"-"`
	ScoreCustomers int             `db:"score_customers" json:"-"`
	Scores         AppraisalScores `db:"-" json:"scores"`
	RatedBy        string          `db:"rated_by" json:"rated_by"`
	RatedAt        time.Time       `db:"rated_at" json:"rated_at"`
	Version        int64           `db:"version" json:"version"`
	UpdatedAt      time.Time       `db:"updated_at" json:"updated_at"`
}

// AppraisalScores are the 360° scores (0–100).
type AppraisalScores struct {
	Self      int `json:"self"`
	Superior  int `json:"superior"`
	Peers     int `json:"peers"`
	Customers int `json:"customers"`
}

// AppraisalFilter selects appraisals. Empty fields select everything;
// RatedFrom/RatedTo bound the rating time (inclusive, exclusive).
type AppraisalFilter struct {
	EmployeeID string
	OrgUnitID  string
	Cycle      string
	Grade      string
	RatedFrom  time.Time
	RatedTo    time.Time
}

// Appraisals lists appraisals matching f, newest first.
func (q *Queries) Appraisals(ctx context.Context, f AppraisalFilter, page PageRequest) (Page[AppraisalView], error) {
	c, err := decodeCursor(page.Cursor, 3)
	if err != nil {
		return Page[AppraisalView]{}, err
	}
	var w where
	addIf(&w, "employee_id = ?", f.EmployeeID)
	addIf(&w, "org_unit_id = ?", f.OrgUnitID)
	addIf(&w, "cycle = ?", f.Cycle)
	addIf(&w, "grade = ?", f.Grade)
	addIf(&w, "rated_at >= ?", f.RatedFrom)
	addIf(&w, "rated_at < ?", f.RatedTo)
	if c != nil {
		w.add("(rated_at, employee_id, appraisal_id) < (?::timestamptz, ?, ?)", c[0], c[1], c[2])
	}
	limit := page.limit()
	sql := "SELECT * FROM " + q.table("employee_appraisals") + w.sql() +
		fmt.Sprintf(" ORDER BY rated_at DESC, employee_id DESC, appraisal_id DESC LIMIT %d", limit+1)
	rows, err := q.pool.Query(ctx, sql, w.args...)
	if err != nil {
		return Page[AppraisalView]{}, fmt.Errorf("appraisals: %w", err)
	}
	p, err := listPage(rows, limit, func(v AppraisalView) cursor {
		return cursor{cursorTime(v.RatedAt), v.EmployeeID, v.AppraisalID}
	})
	for i := range p.Items {
		v := &p.Items[i]
		v.Scores = AppraisalScores{v.ScoreSelf, v.ScoreSuperior, v.ScorePeers, v.ScoreCustomers}
	}
	return p, err
}

// Kinds of conduct records.
const (
	ConductReward  = "REWARD"
	ConductPenalty = "PENALTY"
	ConductFine    = "FINE"
)

// ConductView is one reward, penalty or fine. Amount is a decimal string,
// absent for penalties and rewards without money.
type ConductView struct {
	EmployeeID  string    `db:"employee_id" json:"employee_id"`
	Kind        string    `db:"kind" json:"kind"`
	RecordID    string    `db:"record_id" json:"record_id"`
	OrgUnitID   string    `db:"org_unit_id" json:"org_unit_id"`
	Type        string    `db:"type" json:"type"`
	AmountMinor *int64    `db:"amount_minor" json:"-"`
	Amount      string    `db:"-" json:"amount,omitempty"`
	Currency    string    `db:"currency" json:"currency,omitempty"`
	Reason      string    `db:"reason" json:"reason"`
	RuleRef     string    `db:"rule_ref" json:"rule_ref,omitempty"`
	DecidedBy   string    `db:"decided_by" json:"decided_by"`
	DecidedAt   time.Time `db:"decided_at" json:"decided_at"`
	Version     int64     `db:"version" json:"version"`
	UpdatedAt   time.Time `db:"updated_at" json:"updated_at"`
}

// ConductFilter selects conduct records. Empty fields select everything;
// Kind is REWARD, PENALTY or FINE.
type ConductFilter struct {
	EmployeeID string
	OrgUnitID  string
	Kind       string
	From, To   time.Time
}

// Conduct lists rewards, penalties and fines matching f, newest first.
func (q *Queries) Conduct(ctx context.Context, f ConductFilter, page PageRequest) (Page[ConductView], error) {
	switch f.Kind {
	case "", ConductReward, ConductPenalty, ConductFine:
	default:
		return Page[ConductView]{}, domain.InvalidField("kind", "must be REWARD, PENALTY or FINE")
	}
	c, err := decodeCursor(page.Cursor, 4)
	if err != nil {
		return Page[ConductView]{}, err
	}
	var w where
	addIf(&w, "employee_id = ?", f.EmployeeID)
	addIf(&w, "org_unit_id = ?", f.OrgUnitID)
	addIf(&w, "kind = ?", f.Kind)
	addIf(&w, "decided_at >= ?", f.From)
	addIf(&w, "decided_at < ?", f.To)
	if c != nil {
		w.add("(decided_at, employee_id, kind, record_id) < (?::timestamptz, ?, ?, ?)", c[0], c[1], c[2], c[3])
	}
	limit := page.limit()
	sql := "SELECT * FROM " + q.table("employee_conduct") + w.sql() +
		fmt.Sprintf(" ORDER BY decided_at DESC, employee_id DESC, kind DESC, record_id DESC LIMIT %d", limit+1)
	rows, err := q.pool.Query(ctx, sql, w.args...)
	if err != nil {
		return Page[ConductView]{}, fmt.Errorf("conduct: %w", err)
	}
	p, err := listPage(rows, limit, func(v ConductView) cursor {
		return cursor{cursorTime(v.DecidedAt), v.EmployeeID, v.Kind, v.RecordID}
	})
	for i := range p.Items {
		if m := p.Items[i].AmountMinor; m != nil {
			p.Items[i].Amount = domain.Fen(*m).Decimal()
		}
	}
	return p, err
}
