package app

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/complaints"
	"github.com/opsledger/opsledger/readmodels/contracts"
	"github.com/opsledger/opsledger/readmodels/customers"
	"github.com/opsledger/opsledger/readmodels/employees"
	"github.com/opsledger/opsledger/readmodels/expenses"
	"github.com/opsledger/opsledger/readmodels/meetings"
	"github.com/opsledger/opsledger/readmodels/orders"
	"github.com/opsledger/opsledger/readmodels/quotations"
	"github.com/opsledger/opsledger/readmodels/research"
	stockmodel "github.com/opsledger/opsledger/readmodels/stock"
	"github.com/opsledger/opsledger/readmodels/supervision"
	"github.com/opsledger/opsledger/readmodels/tables"
	"github.com/opsledger/opsledger/readmodels/targets"
	"github.com/opsledger/opsledger/readmodels/workreports"
)

// stateFolds are the read models' folds the API answers as-of reads with;
// the customer file starts from its nearest stored row version.
func stateFolds(pool *pgxpool.Pool, ns projections.Namespace) api.StateFolds {
	files := customers.NewQueries(tables.NewDB(pool, string(ns)))
	return api.StateFolds{
		Customer: api.Fold[queries.CustomerView]{From: customers.FoldViewFrom,
			Snapshot: func(ctx context.Context, id string, b queries.Bitemporal) (queries.CustomerView, uint64, bool, error) {
				v, ok, err := files.VersionBefore(ctx, id, b)
				return v, uint64(v.Version), ok, err
			}},
		Quotation: whole(timeless(quotations.FoldView)),
		Contract:  whole(timeless(contracts.FoldView)),
		Order:     whole(orders.FoldView),
		Employee:  whole(timeless(employees.FoldView)),
		Complaint: whole(timeless(complaints.FoldView)),
		SalesPlan: whole(timeless(targets.FoldView)),

		ExpenseClaim:        whole(timeless(expenses.FoldView)),
		WorkPlan:            whole(timeless(workreports.FoldPlan)),
		RectificationNotice: whole(supervision.FoldNotice),
		Meeting:             whole(timeless(meetings.FoldView)),
		ResearchProject:     whole(timeless(research.FoldView)),

		SpotCheck:         whole(timeless(supervision.FoldSpotCheck)),
		ProcessEvaluation: whole(timeless(supervision.FoldEvaluation)),
		AnalysisReport:    whole(timeless(supervision.FoldReport)),
		StockTransfer:     whole(timeless(stockmodel.FoldTransfer)),
		Replenishment:     whole(timeless(stockmodel.FoldReplenishment)),
	}
}

type viewFold[V any] func([]eventstore.Recorded, time.Time) (V, bool, error)

// timeless adapts the fold of a view with no time-dependent field.
func timeless[V any](fold func([]eventstore.Recorded) (V, bool, error)) viewFold[V] {
	return func(events []eventstore.Recorded, _ time.Time) (V, bool, error) { return fold(events) }
}

// whole is the as-of fold of a view with no stored versions: every event
// within the bound, from the stream's start.
func whole[V any](fold viewFold[V]) api.Fold[V] {
	return api.Fold[V]{From: func(_ *V, events []eventstore.Recorded, now time.Time) (V, bool, error) { return fold(events, now) }}
}
