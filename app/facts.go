package app

import (
	"github.com/opsledger/opsledger/readmodels/customers"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// wireReadFacts gives the command layer the facts it reads from read
// models (how many customers an employee still owns).
func wireReadFacts(a *App) {
	a.Commands.SetCustomerOwnership(customers.NewQueries(tables.NewDB(a.Pool, string(a.Config.ReadNamespace))))
}
