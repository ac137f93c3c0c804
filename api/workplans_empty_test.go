package api_test

import (
	"context"

	"github.com/opsledger/opsledger/queries"
)

func (emptyReadSide) WorkReports(_ context.Context, _ queries.WorkReportFilter, p queries.PageRequest) (queries.Page[queries.WorkReportView], error) {
	return emptyPage[queries.WorkReportView](p)
}

func (emptyReadSide) ReportFiling(context.Context, queries.ReportFilingFilter) ([]queries.ReportFilingView, error) {
	return []queries.ReportFilingView{}, nil
}

func (emptyReadSide) WorkPlans(_ context.Context, _ queries.WorkPlanFilter, p queries.PageRequest) (queries.Page[queries.WorkPlanView], error) {
	return emptyPage[queries.WorkPlanView](p)
}

func (emptyReadSide) WorkPlan(context.Context, string) (queries.WorkPlanView, error) {
	return notFound[queries.WorkPlanView]("work plan")
}
