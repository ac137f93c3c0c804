package customers

import "github.com/opsledger/opsledger/readmodels/tables"

// Queries reads the customers read model through its views.
type Queries struct{ tables.DB }

// NewQueries returns the queries of the customers read model over db.
func NewQueries(db tables.DB) *Queries { return &Queries{db} }
