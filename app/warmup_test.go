package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

// TestCaughtUp_requestConnectionsArePreparedForCommands (decision
// 50): by the time a new instance says it is ready, its pool holds
// idle connections for requests, and each has the statements of a
// command's cold path prepared (the snapshot's load, the stream's read,
// the append, the idempotency key's lookup and the answer's save), so
// the first commands after a restart neither open a connection nor
// prepare a statement.
func TestCaughtUp_requestConnectionsArePreparedForCommands(t *testing.T) {
	// Given a new instance that keeps snapshots, on the smallest pool it
	// works with (so the warm-up must open connections for requests)
	url := pgtest.URL(t) + "&pool_max_conns=" + strconv.Itoa(app.PoolConnsNeeded())
	s := openUnstarted(t, "warm", url, func(c *app.Config) { c.SnapshotEvery = 100 })
	ctx := context.Background()

	// When its runners start and it says it has caught up
	s.startRunners()
	select {
	case <-s.CaughtUp():
	case <-time.After(30 * time.Second):
		t.Fatal("not caught up 30 s after the runners started")
	}

	// Then its idle connections are there, each with the command path's
	// statements prepared
	conns := s.Pool.AcquireAllIdle(ctx)
	if len(conns) == 0 {
		t.Fatal("no idle connection once caught up: the first command opens one")
	}
	want := map[string]string{"the snapshot's load": "aggregate_snapshots", "the stream's read": "ORDER BY version LIMIT",
		"the append":       "INSERT INTO " + pgx.Identifier{s.cfg.EventSchema}.Sanitize() + ".events",
		"the key's lookup": "SELECT request_hash, status, headers, body FROM", "the answer's save": "SELECT $1, $2, $3, $4, $5, $6 FROM async"}
	for i, c := range conns {
		prepared, err := preparedStatements(ctx, c.Conn())
		if err != nil {
			t.Fatal(err)
		}
		for what, text := range want {
			if !strings.Contains(prepared, text) {
				t.Errorf("idle connection %d of %d lacks %s prepared; it has:\n%s", i+1, len(conns), what, prepared)
			}
		}
	}

	// and once the runners stop, no connection stays taken: the warm-up
	// gave back every one it opened
	for _, c := range conns {
		c.Release()
	}
	s.stopRunners()
	deadline := time.Now().Add(5 * time.Second)
	for s.Pool.Stat().AcquiredConns() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d connections still taken 5 s after the runners stopped", s.Pool.Stat().AcquiredConns())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// preparedStatements returns the texts of the statements prepared on
// conn, one after another.
func preparedStatements(ctx context.Context, conn *pgx.Conn) (string, error) {
	rows, err := conn.Query(ctx, "SELECT statement FROM pg_prepared_statements", pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		return "", err
	}
	texts, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return strings.Join(texts, "\n"), err
}
