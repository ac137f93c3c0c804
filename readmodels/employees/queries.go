package employees

import "github.com/opsledger/opsledger/readmodels/tables"

// Queries reads the employees read model through its views.
type Queries struct{ tables.DB }

// NewQueries returns the queries of the employees read model over db.
func NewQueries(db tables.DB) *Queries { return &Queries{db} }
