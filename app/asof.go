package app

import (
	"time"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/readmodels/complaints"
	"github.com/opsledger/opsledger/readmodels/contracts"
	"github.com/opsledger/opsledger/readmodels/customers"
	"github.com/opsledger/opsledger/readmodels/employees"
	"github.com/opsledger/opsledger/readmodels/orders"
	"github.com/opsledger/opsledger/readmodels/quotations"
	"github.com/opsledger/opsledger/readmodels/targets"
)

// stateFolds are the read models' folds the API answers as-of reads with.
func stateFolds() api.StateFolds {
	return api.StateFolds{
		Customer:  customers.FoldView,
		Quotation: timeless(quotations.FoldView),
		Contract:  timeless(contracts.FoldView),
		Order:     orders.FoldView,
		Employee:  timeless(employees.FoldView),
		Complaint: timeless(complaints.FoldView),
		SalesPlan: timeless(targets.FoldView),
	}
}

// timeless adapts the fold of a view with no time-dependent field.
func timeless[V any](fold func([]eventstore.Recorded) (V, bool, error)) api.FoldFunc[V] {
	return func(events []eventstore.Recorded, _ time.Time) (V, bool, error) { return fold(events) }
}
