package postgres

import "github.com/opsledger/opsledger/internal/pgoutage"

// unavailable marks an error that says the database cannot be reached
// (refused, broken or timed-out connection, server shutting down) with
// domain.ErrUnavailable, so callers answer "retry later" without knowing
// pgx; any other error is returned unchanged.
func unavailable(err error) error { return pgoutage.Mark(err) }
