package app

import (
	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/eventstore"
)

// RosterLoad is what Open read to fill the roster: the employees read
// model's checkpoint, its rows, and the events of the log after it.
func RosterLoad(a *App) (checkpoint eventstore.Position, rows, tail int) {
	l := a.roster.loaded
	return l.checkpoint, l.rows, l.tail
}

// RosterStanding is what the roster holds in memory of employeeID,
// without confirming a miss.
func RosterStanding(a *App, employeeID string) auth.Standing {
	return a.roster.set.Standing(employeeID)
}
