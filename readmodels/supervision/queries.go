package supervision

import (
	"context"
	"time"

	sv "github.com/opsledger/opsledger/domain/supervision"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Queries reads the supervision read model through its views.
type Queries struct{ tables.DB }

// NewQueries returns the queries of the supervision read model over db.
func NewQueries(db tables.DB) *Queries { return &Queries{db} }

// RectificationNotice returns one notice, its overdue state as of day, or
// ErrNoticeNotFound.
func (q *Queries) RectificationNotice(ctx context.Context, id string, day time.Time) (queries.RectificationNoticeView, error) {
	v, err := tables.One[queries.RectificationNoticeView](ctx, q.DB, queries.ErrNoticeNotFound,
		"SELECT * FROM "+q.Table("rectification_notices")+" WHERE notice_id = $1", id)
	if err != nil {
		return v, err
	}
	v.DeriveOverdue(day)
	return v, nil
}

// RectificationNotices lists the notices f selects by deadline, with
// their overdue state as of f.Day. Overdue is "the deadline day is before
// f.Day", so it is filtered in SQL on the same terms DeriveOverdue uses.
func (q *Queries) RectificationNotices(ctx context.Context, f queries.NoticeFilter) ([]queries.RectificationNoticeView, error) {
	var w tables.Where
	if !f.IncludeClosed || f.OverdueOnly {
		w.Add("status <> ?", string(sv.Verified))
	}
	tables.AddIf(&w, "department_id = ?", f.DepartmentID)
	day := sv.Day(f.Day)
	if f.OverdueOnly {
		w.Add("deadline < ?", day)
	}
	vs, err := tables.All[queries.RectificationNoticeView](ctx, q.DB, "rectification notices",
		"SELECT * FROM "+q.Table("rectification_notices")+w.SQL()+" ORDER BY deadline, notice_id", w.Args...)
	for i := range vs {
		vs[i].DeriveOverdue(day)
	}
	return vs, err
}

// EvaluationsByYear lists the years from..to, each with its process
// evaluations, a year without any marked missing.
func (q *Queries) EvaluationsByYear(ctx context.Context, from, to int) ([]queries.EvaluationYear, error) {
	vs, err := tables.All[queries.ProcessEvaluationView](ctx, q.DB, "process evaluations",
		"SELECT * FROM "+q.Table("process_evaluations")+" WHERE year BETWEEN $1 AND $2 ORDER BY year, held_on, evaluation_id", from, to)
	if err != nil {
		return nil, err
	}
	byYear := map[int][]queries.ProcessEvaluationView{}
	for _, v := range vs {
		byYear[v.Year] = append(byYear[v.Year], v)
	}
	out := make([]queries.EvaluationYear, 0, to-from+1)
	for y := from; y <= to; y++ {
		evs := byYear[y]
		if evs == nil {
			evs = []queries.ProcessEvaluationView{}
		}
		out = append(out, queries.EvaluationYear{Year: y, Evaluations: evs, Missing: len(evs) == 0})
	}
	return out, nil
}

// ReportsByQuarter lists the quarters from..to, each with its analysis
// report, a quarter without one marked missing.
func (q *Queries) ReportsByQuarter(ctx context.Context, from, to sv.Quarter) ([]queries.QuarterReport, error) {
	vs, err := tables.All[queries.AnalysisReportView](ctx, q.DB, "analysis reports",
		"SELECT * FROM "+q.Table("analysis_reports")+" WHERE quarter BETWEEN $1 AND $2", from.String(), to.String())
	if err != nil {
		return nil, err
	}
	byQuarter := map[string]*queries.AnalysisReportView{}
	for i := range vs {
		byQuarter[vs[i].Quarter] = &vs[i]
	}
	var out []queries.QuarterReport
	for qq := from; !to.Before(qq); qq = qq.Next() {
		r := byQuarter[qq.String()]
		out = append(out, queries.QuarterReport{Quarter: qq.String(), Report: r, Missing: r == nil})
	}
	return out, nil
}

// SpotChecks lists the spot checks f selects, the latest first.
func (q *Queries) SpotChecks(ctx context.Context, f queries.SpotCheckFilter) ([]queries.SpotCheckView, error) {
	var w tables.Where
	tables.AddIf(&w, "department_id = ?", f.DepartmentID)
	w.Add("checked_on >= ?", sv.Day(f.From))
	w.Add("checked_on < ?", sv.Day(f.To).AddDate(0, 0, 1))
	return tables.All[queries.SpotCheckView](ctx, q.DB, "spot checks",
		"SELECT * FROM "+q.Table("spot_checks")+w.SQL()+" ORDER BY checked_on DESC, spot_check_id", w.Args...)
}

// SpotCheck returns one spot check, or ErrSpotCheckNotFound.
func (q *Queries) SpotCheck(ctx context.Context, id string) (queries.SpotCheckView, error) {
	return tables.One[queries.SpotCheckView](ctx, q.DB, queries.ErrSpotCheckNotFound,
		"SELECT * FROM "+q.Table("spot_checks")+" WHERE spot_check_id = $1", id)
}

// ProcessEvaluation returns one process evaluation, or
// ErrEvaluationNotFound.
func (q *Queries) ProcessEvaluation(ctx context.Context, id string) (queries.ProcessEvaluationView, error) {
	return tables.One[queries.ProcessEvaluationView](ctx, q.DB, queries.ErrEvaluationNotFound,
		"SELECT * FROM "+q.Table("process_evaluations")+" WHERE evaluation_id = $1", id)
}

// AnalysisReport returns the analysis report of a quarter ("2027-Q1"),
// or ErrReportNotFound.
func (q *Queries) AnalysisReport(ctx context.Context, quarter string) (queries.AnalysisReportView, error) {
	return tables.One[queries.AnalysisReportView](ctx, q.DB, queries.ErrReportNotFound,
		"SELECT * FROM "+q.Table("analysis_reports")+" WHERE quarter = $1", quarter)
}
