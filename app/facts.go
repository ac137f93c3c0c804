package app

import (
	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/readmodels/customers"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// readFacts are the facts the command side reads from read models rather
// than from the event log (how many customers an employee still owns),
// given to commands.New at construction.
func readFacts(a *App) commands.Option {
	return commands.WithCustomerOwnership(customers.NewQueries(tables.NewDB(a.Pool, string(a.Config.ReadNamespace))))
}
