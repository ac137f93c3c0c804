package app

// wireReadFacts gives the command layer the facts it reads from read
// models (how many customers an employee still owns).
func wireReadFacts(a *App) {
	a.Commands.SetCustomerOwnership(a.Queries)
}
