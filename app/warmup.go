package app

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// A new process has only the connections its start-up and its runners
// opened. Before the warm-up (decision 50), the first commands after
// a restart opened connections of their own when too few were idle (a
// TCP connect, the authentication, the session's settings) and prepared
// every statement of the command path on first use on each, a round trip
// and a parse and plan each: the restarted instance's first command took 12 ms against 3 ms
// for a warm one (`opsbench http --compare-crud`, BENCHMARKS.md).
// So every connection of the pool prepares the command statements the
// stores name (CommandStatements) when it opens, and the instance opens
// the connections requests will use before it says it is ready.

// preparedOnConnect holds the statements every new connection of the
// pool prepares (none until the stores that name them are open, see
// prepareOnEveryConnection).
type preparedOnConnect struct{ statements atomic.Pointer[[]string] }

// prepare prepares the statements on conn, under their own text as name:
// pgx then runs a query of that text with the prepared statement rather
// than preparing it again. A statement that fails to prepare is left to
// be prepared on first use, as without the warm-up; nil prepares nothing.
func (p *preparedOnConnect) prepare(ctx context.Context, conn *pgx.Conn) {
	if p == nil || p.statements.Load() == nil {
		return
	}
	for _, sql := range *p.statements.Load() {
		if _, err := conn.Prepare(ctx, sql, sql); err != nil {
			return
		}
	}
}

// prepareOnEveryConnection makes every connection the pool opens from now
// on prepare the command statements, and closes those Open used (they
// were opened before the statements' tables existed): each is opened
// again, prepared, when next needed.
func (a *App) prepareOnEveryConnection(p *preparedOnConnect) {
	if len(a.commandStatements) == 0 {
		return
	}
	p.statements.Store(&a.commandStatements)
	a.Pool.Reset()
}

// warmUpBudget bounds the warm-up of the request connections: it only
// spares the first commands a connect and a few prepares, so a slow
// database must not keep a caught-up instance out of service for it.
const warmUpBudget = 5 * time.Second

// warmRequestConns opens, before the instance says it is ready, the
// forRequests connections requests need beside those the runners hold,
// by holding that many at once; each is prepared as it opens
// (preparedOnConnect). A failure is logged and ends the warm-up: it is
// never needed for a correct answer.
func (a *App) warmRequestConns(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, warmUpBudget)
	defer cancel()
	conns := make([]*pgxpool.Conn, 0, forRequests)
	defer func() { releaseAll(conns) }() // conns as it ends, with every one taken
	for len(conns) < forRequests {
		c, err := a.Pool.Acquire(ctx)
		if err != nil {
			a.Config.Log.Warn("warm-up: cannot open a request connection", "err", err)
			return
		}
		conns = append(conns, c)
	}
}

func releaseAll(conns []*pgxpool.Conn) {
	for _, c := range conns {
		c.Release()
	}
}

// The aggregate cache's warm-up (decision 58): before the instance
// says it is ready, it folds the aggregates of the streams whose
// snapshots were saved last, so the first commands on them decide from
// the cache instead of reading a snapshot and the events after it. At
// most warmCacheStreams of them, within warmCacheBudget: it only spares
// the first commands two round trips each, so a large or slow database
// must not keep a caught-up instance out of service for it.
const (
	warmCacheStreams = 1000
	warmCacheBudget  = 2 * time.Second
)

// warmAggregateCache runs the cache's warm-up; a failure is logged and
// ends it, never keeps the instance out.
func (a *App) warmAggregateCache(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, warmCacheBudget)
	defer cancel()
	start := time.Now()
	n, err := a.Commands.WarmCache(ctx, warmCacheStreams)
	if err != nil && ctx.Err() == nil {
		a.Config.Log.Warn("warm-up: cannot fold an aggregate into the cache", "err", err)
	}
	a.Config.Log.Debug("warm-up: aggregates folded into the cache", "streams", n, "took", time.Since(start))
}
