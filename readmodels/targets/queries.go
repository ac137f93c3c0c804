package targets

import "github.com/opsledger/opsledger/readmodels/tables"

// Queries reads the targets read model through its views.
type Queries struct{ tables.DB }

// NewQueries returns the queries of the targets read model over db.
func NewQueries(db tables.DB) *Queries { return &Queries{db} }
