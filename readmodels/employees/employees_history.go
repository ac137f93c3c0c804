package employees

import (
	"context"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Appraisals lists appraisals matching f, newest first.
func (q *Queries) Appraisals(ctx context.Context, f queries.AppraisalFilter, page queries.PageRequest) (queries.Page[queries.AppraisalView], error) {
	var w tables.Where
	tables.AddIf(&w, "employee_id = ?", f.EmployeeID)
	tables.AddIf(&w, "org_unit_id = ?", f.OrgUnitID)
	tables.AddIf(&w, "cycle = ?", f.Cycle)
	tables.AddIf(&w, "grade = ?", f.Grade)
	tables.AddIf(&w, "rated_at >= ?", f.RatedFrom)
	tables.AddIf(&w, "rated_at < ?", f.RatedTo)
	p, err := tables.List(ctx, q.DB, appraisalList, "", &w, page)
	for i := range p.Items {
		v := &p.Items[i]
		v.Scores = queries.AppraisalScores{Self: v.ScoreSelf, Superior: v.ScoreSuperior, Peers: v.ScorePeers, Customers: v.ScoreCustomers}
	}
	return p, err
}

// appraisalList is the appraisal history, newest first.
var appraisalList = tables.ListSpec[queries.AppraisalView]{View: "employee_appraisals",
	ID: []tables.Key[queries.AppraisalView]{
		{Col: "employee_id", Val: func(v queries.AppraisalView) string { return v.EmployeeID }},
		{Col: "appraisal_id", Val: func(v queries.AppraisalView) string { return v.AppraisalID }},
	},
	Sorts: map[string]tables.SortKey[queries.AppraisalView]{"-rated_at": {Col: "rated_at", Cast: "timestamptz", Desc: true,
		Val: func(v queries.AppraisalView) string { return tables.TimeKey(v.RatedAt) }}},
	Default: "-rated_at"}

// Conduct lists rewards, penalties and fines matching f, newest first.
func (q *Queries) Conduct(ctx context.Context, f queries.ConductFilter, page queries.PageRequest) (queries.Page[queries.ConductView], error) {
	switch f.Kind {
	case "", queries.ConductReward, queries.ConductPenalty, queries.ConductFine:
	default:
		return queries.Page[queries.ConductView]{}, domain.InvalidField("kind", "must be REWARD, PENALTY or FINE")
	}
	var w tables.Where
	tables.AddIf(&w, "employee_id = ?", f.EmployeeID)
	tables.AddIf(&w, "org_unit_id = ?", f.OrgUnitID)
	tables.AddIf(&w, "kind = ?", f.Kind)
	tables.AddIf(&w, "decided_at >= ?", f.From)
	tables.AddIf(&w, "decided_at < ?", f.To)
	p, err := tables.List(ctx, q.DB, conductList, "", &w, page)
	for i := range p.Items {
		if m := p.Items[i].AmountMinor; m != nil {
			p.Items[i].Amount = domain.Fen(*m).Decimal()
		}
	}
	return p, err
}

// conductList is the conduct ledger, newest first.
var conductList = tables.ListSpec[queries.ConductView]{View: "employee_conduct",
	ID: []tables.Key[queries.ConductView]{
		{Col: "employee_id", Val: func(v queries.ConductView) string { return v.EmployeeID }},
		{Col: "kind", Val: func(v queries.ConductView) string { return v.Kind }},
		{Col: "record_id", Val: func(v queries.ConductView) string { return v.RecordID }},
	},
	Sorts: map[string]tables.SortKey[queries.ConductView]{"-decided_at": {Col: "decided_at", Cast: "timestamptz", Desc: true,
		Val: func(v queries.ConductView) string { return tables.TimeKey(v.DecidedAt) }}},
	Default: "-decided_at"}
