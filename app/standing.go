package app

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/eventstore/esdb"
	"github.com/opsledger/opsledger/eventstore/postgres"
)

// EmployeeStanding reads where employeeID stands (never hired, active or
// departed) from the event store cfg names, as the server's roster would
// judge a token for them. It creates and migrates nothing: `opsledger
// token` asks it before signing, and an unreachable or empty database is
// an error for the caller to judge.
func EmployeeStanding(ctx context.Context, cfg Config, employeeID string) (auth.Standing, error) {
	cfg.defaults()
	if cfg.ESDBURL != "" {
		s, err := esdb.Open(cfg.ESDBURL)
		if err != nil {
			return auth.Unknown, fmt.Errorf("open EventStoreDB: %w", err)
		}
		defer s.Close()
		return standingIn(ctx, s, employeeID)
	}
	pool, err := pgxpool.New(ctx, cfg.PostgresURL)
	if err != nil {
		return auth.Unknown, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	defer pool.Close()
	s := postgres.New(pool, postgres.Options{Schema: cfg.EventSchema})
	defer s.Close()
	return standingIn(ctx, s, employeeID)
}
