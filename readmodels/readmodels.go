// Package readmodels lists opsledger's read models. Each lives in a
// package of its own below this one, holding its tables, how events
// change them and its queries; package tables is the toolkit they share.
// The projection engine runs them without knowing them: the composition
// root hands it this list.
package readmodels

import (
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/readmodels/audit"
	"github.com/opsledger/opsledger/readmodels/complaints"
	"github.com/opsledger/opsledger/readmodels/contracts"
	"github.com/opsledger/opsledger/readmodels/customers"
	"github.com/opsledger/opsledger/readmodels/employees"
	"github.com/opsledger/opsledger/readmodels/expenses"
	"github.com/opsledger/opsledger/readmodels/kpi"
	"github.com/opsledger/opsledger/readmodels/meetings"
	"github.com/opsledger/opsledger/readmodels/orders"
	"github.com/opsledger/opsledger/readmodels/pay"
	"github.com/opsledger/opsledger/readmodels/quotations"
	"github.com/opsledger/opsledger/readmodels/receivables"
	"github.com/opsledger/opsledger/readmodels/research"
	"github.com/opsledger/opsledger/readmodels/stock"
	"github.com/opsledger/opsledger/readmodels/supervision"
	"github.com/opsledger/opsledger/readmodels/targets"
	"github.com/opsledger/opsledger/readmodels/training"
	"github.com/opsledger/opsledger/readmodels/workreports"
)

// All lists every read model the application keeps: the audit trail,
// the sales cycle (customer files, quotations, contracts, receivables,
// orders), the people and service models (complaints, employees,
// sales vs target), the dated facts the managers' KPIs count (kpi), pay,
// and the rest of the regulations (training, meetings, market research,
// stock, expenses, work plans and reports, process supervision).
func All() []projections.Projection {
	return []projections.Projection{
		audit.New(),
		customers.New(), quotations.New(), contracts.New(), receivables.New(), orders.New(),
		complaints.New(), employees.New(), targets.New(),
		kpi.New(),
		pay.New(),
		training.New(),
		meetings.New(), research.New(),
		stock.New(),
		expenses.New(),
		workreports.New(),
		supervision.New(),
	}
}
