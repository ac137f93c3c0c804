package employees

import (
	"context"
	"fmt"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Appraisals lists appraisals matching f, newest first.
func (q *Queries) Appraisals(ctx context.Context, f queries.AppraisalFilter, page queries.PageRequest) (queries.Page[queries.AppraisalView], error) {
	c, err := tables.DecodeCursor(page.Cursor, 3)
	if err != nil {
		return queries.Page[queries.AppraisalView]{}, err
	}
	var w tables.Where
	tables.AddIf(&w, "employee_id = ?", f.EmployeeID)
	tables.AddIf(&w, "org_unit_id = ?", f.OrgUnitID)
	tables.AddIf(&w, "cycle = ?", f.Cycle)
	tables.AddIf(&w, "grade = ?", f.Grade)
	tables.AddIf(&w, "rated_at >= ?", f.RatedFrom)
	tables.AddIf(&w, "rated_at < ?", f.RatedTo)
	if c != nil {
		w.Add("(rated_at, employee_id, appraisal_id) < (?::timestamptz, ?, ?)", c[0], c[1], c[2])
	}
	limit := page.Size()
	sql := "SELECT * FROM " + q.Table("employee_appraisals") + w.SQL() +
		fmt.Sprintf(" ORDER BY rated_at DESC, employee_id DESC, appraisal_id DESC LIMIT %d", limit+1)
	rows, err := q.Query(ctx, sql, w.Args...)
	if err != nil {
		return queries.Page[queries.AppraisalView]{}, fmt.Errorf("appraisals: %w", err)
	}
	p, err := tables.ListPage(rows, limit, func(v queries.AppraisalView) tables.Cursor {
		return tables.Cursor{tables.TimeKey(v.RatedAt), v.EmployeeID, v.AppraisalID}
	})
	for i := range p.Items {
		v := &p.Items[i]
		v.Scores = queries.AppraisalScores{Self: v.ScoreSelf, Superior: v.ScoreSuperior, Peers: v.ScorePeers, Customers: v.ScoreCustomers}
	}
	return p, err
}

// Conduct lists rewards, penalties and fines matching f, newest first.
func (q *Queries) Conduct(ctx context.Context, f queries.ConductFilter, page queries.PageRequest) (queries.Page[queries.ConductView], error) {
	switch f.Kind {
	case "", queries.ConductReward, queries.ConductPenalty, queries.ConductFine:
	default:
		return queries.Page[queries.ConductView]{}, domain.InvalidField("kind", "must be REWARD, PENALTY or FINE")
	}
	c, err := tables.DecodeCursor(page.Cursor, 4)
	if err != nil {
		return queries.Page[queries.ConductView]{}, err
	}
	var w tables.Where
	tables.AddIf(&w, "employee_id = ?", f.EmployeeID)
	tables.AddIf(&w, "org_unit_id = ?", f.OrgUnitID)
	tables.AddIf(&w, "kind = ?", f.Kind)
	tables.AddIf(&w, "decided_at >= ?", f.From)
	tables.AddIf(&w, "decided_at < ?", f.To)
	if c != nil {
		w.Add("(decided_at, employee_id, kind, record_id) < (?::timestamptz, ?, ?, ?)", c[0], c[1], c[2], c[3])
	}
	limit := page.Size()
	sql := "SELECT * FROM " + q.Table("employee_conduct") + w.SQL() +
		fmt.Sprintf(" ORDER BY decided_at DESC, employee_id DESC, kind DESC, record_id DESC LIMIT %d", limit+1)
	rows, err := q.Query(ctx, sql, w.Args...)
	if err != nil {
		return queries.Page[queries.ConductView]{}, fmt.Errorf("conduct: %w", err)
	}
	p, err := tables.ListPage(rows, limit, func(v queries.ConductView) tables.Cursor {
		return tables.Cursor{tables.TimeKey(v.DecidedAt), v.EmployeeID, v.Kind, v.RecordID}
	})
	for i := range p.Items {
		if m := p.Items[i].AmountMinor; m != nil {
			p.Items[i].Amount = domain.Fen(*m).Decimal()
		}
	}
	return p, err
}
