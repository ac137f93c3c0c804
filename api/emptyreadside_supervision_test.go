package api_test

import (
	"context"
	"time"

	sv "github.com/opsledger/opsledger/domain/supervision"
	"github.com/opsledger/opsledger/queries"
)

func (emptyReadSide) RectificationNotice(context.Context, string, time.Time) (queries.RectificationNoticeView, error) {
	return notFound[queries.RectificationNoticeView]("rectification notice")
}

func (emptyReadSide) RectificationNotices(context.Context, queries.NoticeFilter) ([]queries.RectificationNoticeView, error) {
	return nil, nil
}

func (emptyReadSide) EvaluationsByYear(context.Context, int, int) ([]queries.EvaluationYear, error) {
	return nil, nil
}

func (emptyReadSide) ReportsByQuarter(context.Context, sv.Quarter, sv.Quarter) ([]queries.QuarterReport, error) {
	return nil, nil
}

func (emptyReadSide) SpotChecks(context.Context, queries.SpotCheckFilter) ([]queries.SpotCheckView, error) {
	return nil, nil
}

func (emptyReadSide) SpotCheck(context.Context, string) (queries.SpotCheckView, error) {
	return notFound[queries.SpotCheckView]("spot check")
}

func (emptyReadSide) ProcessEvaluation(context.Context, string) (queries.ProcessEvaluationView, error) {
	return notFound[queries.ProcessEvaluationView]("process evaluation")
}

func (emptyReadSide) AnalysisReport(context.Context, string) (queries.AnalysisReportView, error) {
	return notFound[queries.AnalysisReportView]("analysis report")
}
