package app

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// warmUpBudget bounds the warm-up of the request connections: it only
// spares the first commands a round trip or two, so a slow database
// must not keep a caught-up instance out of service for it.
const warmUpBudget = 5 * time.Second

// warmRequestConns opens the connections requests will use and prepares
// on each the statements a command runs (commandStatements), before the
// instance says it is ready (decision NN-cold). A new process has only
// the connections its runners opened; without the warm-up the first
// commands after a restart each opened a connection (a TCP connect, the
// authentication, the session's settings) and prepared every statement
// of the command path on it on first use, one round trip and a parse and
// plan each: the first command after a restart took 12 ms against 3 ms
// for a warm one (`opsbench http --compare-crud`, BENCHMARKS.md).
//
// It holds forRequests connections at once (opening those the pool
// lacks) and every idle one (the runners' transient reads use them too,
// and a request may be given any of them), prepares the statements on
// each and gives them back. A connection the pool opens later prepares
// a statement on its first use, as before. A failure is logged and
// ends the warm-up: it is never needed for a correct answer.
func (a *App) warmRequestConns(ctx context.Context) {
	if len(a.commandStatements) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, warmUpBudget)
	defer cancel()
	conns := a.Pool.AcquireAllIdle(ctx)
	defer releaseAll(conns)
	for len(conns) < forRequests {
		c, err := a.Pool.Acquire(ctx)
		if err != nil {
			a.Config.Log.Warn("warm-up: cannot open a request connection", "err", err)
			break
		}
		conns = append(conns, c)
	}
	for _, c := range conns {
		if err := a.prepareCommandStatements(ctx, c); err != nil {
			a.Config.Log.Warn("warm-up: cannot prepare the command statements", "err", err)
			return
		}
	}
}

// prepareCommandStatements prepares the command statements on c under
// their own text as name: pgx then runs a query of that text with the
// prepared statement instead of preparing it again (its statement
// cache is not asked).
func (a *App) prepareCommandStatements(ctx context.Context, c *pgxpool.Conn) error {
	for _, sql := range a.commandStatements {
		if _, err := c.Conn().Prepare(ctx, sql, sql); err != nil {
			return err
		}
	}
	return nil
}

func releaseAll(conns []*pgxpool.Conn) {
	for _, c := range conns {
		c.Release()
	}
}
