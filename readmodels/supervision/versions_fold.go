package supervision

import (
	"strings"
	"time"

	sv "github.com/opsledger/opsledger/domain/supervision"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// FoldNotice folds one rectification notice's events, in stream order,
// into the notice as RectificationNotice shows it, overdue as of the day
// of now: the projection's own fold, in memory. ok is false when the
// events do not issue the notice.
func FoldNotice(events []eventstore.Recorded, now time.Time) (queries.RectificationNoticeView, bool, error) {
	v, ok, err := tables.FoldRow(supervisionEvents, events, sv.NoticeStream(""), foldNotice, func(row *queries.RectificationNoticeView, e tables.Decoded) {
		row.Version, row.UpdatedAt = int64(e.StreamVersion), e.RecordedAt
	})
	if ok {
		v.DeriveOverdue(now)
	}
	return v, ok, err
}

// FoldSpotCheck folds one spot check's events into the spot check as
// SpotCheck shows it; ok is false when they do not record it.
func FoldSpotCheck(events []eventstore.Recorded) (queries.SpotCheckView, bool, error) {
	return foldOne(events, sv.SpotCheckStream(""), func(f folder) map[string]*queries.SpotCheckView { return f.spotChecks })
}

// FoldEvaluation folds one process evaluation's events into the
// evaluation as ProcessEvaluation shows it.
func FoldEvaluation(events []eventstore.Recorded) (queries.ProcessEvaluationView, bool, error) {
	return foldOne(events, sv.EvaluationStream(""), func(f folder) map[string]*queries.ProcessEvaluationView { return f.evaluations })
}

// FoldReport folds one quarter's analysis-report events into the report
// as AnalysisReport shows it.
func FoldReport(events []eventstore.Recorded) (queries.AnalysisReportView, bool, error) {
	return foldOne(events, sv.ReportStream(""), func(f folder) map[string]*queries.AnalysisReportView { return f.reports })
}

// foldOne folds the events of one aggregate with Apply's folder, in
// memory, and returns its row from rows.
func foldOne[V any](events []eventstore.Recorded, prefix string, rows func(folder) map[string]*V) (v V, ok bool, err error) {
	if len(events) == 0 {
		return v, false, nil
	}
	f := folder{notices: map[string]*queries.RectificationNoticeView{}, evaluations: map[string]*queries.ProcessEvaluationView{},
		reports: map[string]*queries.AnalysisReportView{}, spotChecks: map[string]*queries.SpotCheckView{}}
	if err := tables.FoldStream(supervisionEvents, events, func(_ string, e tables.Decoded) { f.fold(e) }); err != nil {
		return v, false, err
	}
	row := rows(f)[strings.TrimPrefix(events[0].Stream, prefix)]
	if row == nil {
		return v, false, nil
	}
	return *row, true, nil
}
