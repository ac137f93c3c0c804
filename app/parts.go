package app

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels"
	"github.com/opsledger/opsledger/readmodels/audit"
	"github.com/opsledger/opsledger/readmodels/complaints"
	"github.com/opsledger/opsledger/readmodels/contracts"
	"github.com/opsledger/opsledger/readmodels/customers"
	"github.com/opsledger/opsledger/readmodels/employees"
	expensemodel "github.com/opsledger/opsledger/readmodels/expenses"
	"github.com/opsledger/opsledger/readmodels/kpi"
	"github.com/opsledger/opsledger/readmodels/meetings"
	"github.com/opsledger/opsledger/readmodels/orders"
	paymodel "github.com/opsledger/opsledger/readmodels/pay"
	"github.com/opsledger/opsledger/readmodels/quotations"
	"github.com/opsledger/opsledger/readmodels/receivables"
	"github.com/opsledger/opsledger/readmodels/research"
	stockmodel "github.com/opsledger/opsledger/readmodels/stock"
	"github.com/opsledger/opsledger/readmodels/supervision"
	"github.com/opsledger/opsledger/readmodels/tables"
	"github.com/opsledger/opsledger/readmodels/targets"
	"github.com/opsledger/opsledger/readmodels/training"
	"github.com/opsledger/opsledger/readmodels/workreports"
)

// AllProjections lists every read model the application keeps.
func AllProjections() []projections.Projection { return readmodels.All() }

// projection returns the read model called name.
func (a *App) projection(name string) (projections.Projection, bool) {
	for _, p := range a.Projections {
		if p.Name() == name {
			return p, true
		}
	}
	return nil, false
}

// waitFor implements read-your-writes for the API.
func (a *App) waitFor(ctx context.Context, position string, readModels ...string) error {
	pos, err := eventstore.ParsePosition(position)
	if err != nil {
		return domain.InvalidField("after", "not a position returned by this API")
	}
	var ps []projections.Projection
	for _, name := range readModels {
		p, ok := a.projection(name)
		if !ok {
			return fmt.Errorf("wait for %s: no such read model", name)
		}
		ps = append(ps, p)
	}
	return projections.WaitFor(ctx, a.Pool, a.Store, a.Config.ReadNamespace, pos, a.Config.ReadYourWritesTimeout, ps...)
}

// projectionStatus reports every read model's progress.
func (a *App) projectionStatus(ctx context.Context) ([]queries.Status, error) {
	out := make([]queries.Status, 0, len(a.Projections))
	for _, p := range a.Projections {
		st, err := projections.ReadStatus(ctx, a.Pool, a.Store, a.Config.ReadNamespace, p, a.Config.Now())
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// readSide gives the API the queries of every read model over the views
// of namespace ns, and the dead letters of its projections.
func readSide(pool *pgxpool.Pool, ns projections.Namespace) api.ReadModels {
	db := tables.NewDB(pool, string(ns))
	return api.ReadModels{
		AuditQueries:      audit.NewQueries(db),
		ComplaintQueries:  complaints.NewQueries(db),
		ContractQueries:   contracts.NewQueries(db),
		CustomerQueries:   customers.NewQueries(db),
		EmployeeQueries:   employees.NewQueries(db),
		OrderQueries:      orders.NewQueries(db),
		QuotationQueries:  quotations.NewQueries(db),
		ReceivableQueries: receivables.NewQueries(db),
		TargetQueries:     targets.NewQueries(db),
		DeadLetterQueries: projections.NewDeadLetterDesk(pool, ns),
		KPIQueries:        kpi.NewQueries(db),
		PayQueries:        paymodel.NewQueries(db),
		TrainingQueries:   training.NewQueries(db),
		MeetingQueries:    meetings.NewQueries(db),
		ResearchQueries:   research.NewQueries(db),
		StockQueries:      stockmodel.NewQueries(db),
		ExpenseQueries:    expensemodel.NewQueries(db),
		WorkReportQueries: workreports.NewQueries(db),

		// process supervision (§3.15)
		SupervisionQueries: supervision.NewQueries(db),
	}
}
