package api

import (
	"context"
	"net/http"
	"slices"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/stock"
	sv "github.com/opsledger/opsledger/domain/supervision"
	"github.com/opsledger/opsledger/domain/training"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
)

// recordRoutes serve one record of the aggregates that had lists or
// commands only (spot checks, process evaluations, analysis reports,
// stock transfers, replenishment and materials requests, training plans
// and sessions): its current state, as of a time (§16-asof-all), and its
// history (histories). Each follows the read rule of its list.
func recordRoutes(s *Server, rt *routes) {
	asOf := []QueryParam{asOfParams[0], asOfParams[1], afterParam}
	supervision := []string{"supervision"}
	rt.get("/spot-checks/{id}", supervisionTag, "One spot check with its findings", queries.SpotCheckView{},
		s.withAsOf(handleQuery(s, supervision, s.getSpotCheck)), asOf...)
	rt.get("/process-evaluations/{id}", supervisionTag, "One process evaluation", queries.ProcessEvaluationView{},
		s.withAsOf(handleQuery(s, supervision, s.getProcessEvaluation)), asOf...)
	rt.get("/analysis-reports/{id}", supervisionTag, "One quarter's analysis report; id is the quarter, e.g. 2027-Q1", queries.AnalysisReportView{},
		s.withAsOf(handleQuery(s, supervision, s.getAnalysisReport)), asOf...)
	rt.get("/stock-transfers/{id}", stockTag, "One transfer between branches and where it stands", queries.StockTransferView{},
		s.withAsOf(handleQuery(s, []string{"stock"}, s.getStockTransfer)), asOf...)
	rt.get("/replenishment-requests/{id}", stockTag, "One request to headquarters and what was received against it", queries.ReplenishmentView{},
		s.withAsOf(handleQuery(s, []string{"stock"}, s.getReplenishment)), asOf...)
	rt.get("/materials-requests/{id}", stockTag, "One materials request form, folded from its events (a rep reads their own)", queries.MaterialsRequestView{},
		s.withAsOf(handleQuery(s, nil, s.getMaterialsRequest)), asOf...)
	rt.get("/training-plans/{id}", trainingTag, "One department's annual training plan, folded from its events", queries.TrainingPlanView{},
		s.withAsOf(handleQuery(s, nil, s.getTrainingPlan)), asOf...)
	rt.get("/training-sessions/{id}", trainingTag, "One training session with its attendees, outcomes and certificates, folded from its events", queries.TrainingSessionView{},
		s.withAsOf(handleQuery(s, nil, s.getTrainingSession)), asOf...)
}

func (s *Server) getSpotCheck(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	return readRecord(ctx, s, r, actor, "spot checks", queries.SupervisionReaders, sv.SpotCheckStream, "spot check",
		queries.ErrSpotCheckNotFound, s.Folds.SpotCheck, s.Queries.SpotCheck, func(v queries.SpotCheckView) int64 { return v.Version })
}

func (s *Server) getProcessEvaluation(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	return readRecord(ctx, s, r, actor, "process evaluations", queries.SupervisionReaders, sv.EvaluationStream, "process evaluation",
		queries.ErrEvaluationNotFound, s.Folds.ProcessEvaluation, s.Queries.ProcessEvaluation, func(v queries.ProcessEvaluationView) int64 { return v.Version })
}

func (s *Server) getAnalysisReport(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	return readRecord(ctx, s, r, actor, "analysis reports", queries.SupervisionReaders, sv.ReportStream, "analysis report",
		queries.ErrReportNotFound, s.Folds.AnalysisReport, s.Queries.AnalysisReport, func(v queries.AnalysisReportView) int64 { return v.Version })
}

func (s *Server) getStockTransfer(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	return readRecord(ctx, s, r, actor, "stock transfers", queries.StockReaders, stock.TransferStream, "stock transfer",
		queries.ErrStockTransferNotFound, s.Folds.StockTransfer, s.Queries.StockTransfer, func(v queries.StockTransferView) int64 { return v.Version })
}

func (s *Server) getReplenishment(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	return readRecord(ctx, s, r, actor, "replenishment requests", queries.StockReaders, stock.ReplenishmentStream, "replenishment request",
		queries.ErrReplenishmentNotFound, s.Folds.Replenishment, s.Queries.Replenishment, func(v queries.ReplenishmentView) int64 { return v.Version })
}

// readRecord answers one record whose readers are the roles of its list:
// refused before it is looked up, so a refusal says nothing of whether it
// exists.
func readRecord[V any](ctx context.Context, s *Server, r *http.Request, actor domain.Actor, what string, readers []domain.Role,
	stream func(string) string, subject string, notFound error, fold Fold[V], current func(context.Context, string) (V, error), version func(V) int64) (any, int64, error) {
	if err := requireRole(actor, what, readers...); err != nil {
		return nil, 0, err
	}
	v, err := stateAt(ctx, s, chi.URLParam(r, "id"), stream, subject, notFound, fold, current)
	if err != nil {
		return nil, 0, err
	}
	return v, version(v), nil
}

var stockCodec = eventstore.NewCodec(stock.Events()...)

var materialsFold = evolvedFold(stockCodec, func(m stock.MaterialsRequest) bool { return m.Status != stock.MaterialsNone },
	func(m stock.MaterialsRequest, last eventstore.Recorded) queries.MaterialsRequestView {
		return queries.NewMaterialsRequestView(m, int64(last.StreamVersion), last.RecordedAt)
	})

// materialsReaders read every materials request; a rep reads the forms
// they filed.
var materialsReaders = slices.DeleteFunc(slices.Clone(queries.StockReaders), func(r domain.Role) bool { return r == domain.RoleSalesRep })

func (s *Server) getMaterialsRequest(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "materials requests", queries.StockReaders...); err != nil {
		return nil, 0, err
	}
	v, err := evolvedAt(ctx, s, chi.URLParam(r, "id"), stock.MaterialsStream, "materials request", queries.ErrMaterialsRequestNotFound, materialsFold)
	if err != nil {
		return nil, 0, err
	}
	if _, all := actor.ActingAs(materialsReaders...); !all && v.RequestedBy != actor.EmployeeID {
		return nil, 0, domain.Forbidden("a rep reads the materials requests they filed")
	}
	return v, v.Version, nil
}

var trainingCodec = eventstore.NewCodec(training.Events()...)

var trainingPlanFold = evolvedFold(trainingCodec, func(p training.TrainingPlan) bool { return p.ID != "" },
	func(p training.TrainingPlan, last eventstore.Recorded) queries.TrainingPlanView {
		return queries.TrainingPlanView{TrainingPlan: p, Version: int64(last.StreamVersion), UpdatedAt: last.RecordedAt}
	})

var trainingSessionFold = evolvedFold(trainingCodec, func(t training.TrainingSession) bool { return t.ID != "" },
	func(t training.TrainingSession, last eventstore.Recorded) queries.TrainingSessionView {
		return queries.TrainingSessionView{TrainingSession: t, Version: int64(last.StreamVersion), UpdatedAt: last.RecordedAt}
	})

// getTrainingPlan and getTrainingSession follow the monthly list's rule
// (trainingUnitScope): the training readers read every department's, a
// manager their own department's.
func (s *Server) getTrainingPlan(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if _, err := trainingUnitScope(actor, ""); err != nil {
		return nil, 0, err
	}
	v, err := evolvedAt(ctx, s, chi.URLParam(r, "id"), training.PlanStream, "training plan", queries.ErrTrainingPlanNotFound, trainingPlanFold)
	if err != nil {
		return nil, 0, err
	}
	if _, err := trainingUnitScope(actor, v.Details.OrgUnitID); err != nil {
		return nil, 0, err
	}
	return v, v.Version, nil
}

func (s *Server) getTrainingSession(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if _, err := trainingUnitScope(actor, ""); err != nil {
		return nil, 0, err
	}
	v, err := evolvedAt(ctx, s, chi.URLParam(r, "id"), training.SessionStream, "training session", queries.ErrTrainingSessionNotFound, trainingSessionFold)
	if err != nil {
		return nil, 0, err
	}
	if _, err := trainingUnitScope(actor, v.Details.OrgUnitID); err != nil {
		return nil, 0, err
	}
	return v, v.Version, nil
}
