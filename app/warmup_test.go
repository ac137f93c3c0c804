package app_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/projections"
)

// TestCaughtUp_requestConnectionsArePreparedForCommands (decision
// NN-cold): by the time a new instance says it is ready, its pool holds
// idle connections for requests, and each has the statements of a
// command's cold path prepared (the snapshot's load, the stream's read,
// the append), so the first commands after a restart neither open a
// connection nor prepare a statement.
func TestCaughtUp_requestConnectionsArePreparedForCommands(t *testing.T) {
	// Given a new instance that keeps snapshots, on the smallest pool it
	// works with (so the warm-up must open connections for requests)
	prefix := fmt.Sprintf("warm_%d", time.Now().UnixNano()%1e9)
	url, sep := pgtest.URL(t), "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	url += sep + "pool_max_conns=" + strconv.Itoa(app.PoolConnsNeeded())
	cfg := app.Config{PostgresURL: url, JWTSecret: []byte(apptest.Secret), EventSchema: prefix + "_events",
		ReadNamespace: projections.Namespace(prefix + "_read"), ControlSchema: prefix + "_control", SnapshotEvery: 100}
	ctx := context.Background()
	a, err := app.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	t.Cleanup(func() {
		stop()
		<-done
		for _, s := range []string{cfg.EventSchema, string(cfg.ReadNamespace), cfg.ControlSchema} {
			a.Pool.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{s}.Sanitize()+" CASCADE") //nolint:errcheck // best effort
		}
		a.Close()
	})

	// When its runners start and it says it has caught up
	go func() { defer close(done); a.RunProjections(runCtx) }() //nolint:errcheck // ends with the test
	select {
	case <-a.CaughtUp():
	case <-time.After(30 * time.Second):
		t.Fatal("not caught up 30 s after the runners started")
	}

	// Then its idle connections are there, each with the command path's
	// statements prepared
	conns := a.Pool.AcquireAllIdle(ctx)
	if len(conns) == 0 {
		t.Fatal("no idle connection once caught up: the first command opens one")
	}
	want := map[string]string{"the snapshot's load": "aggregate_snapshots", "the stream's read": "ORDER BY version LIMIT",
		"the append": "INSERT INTO " + pgx.Identifier{cfg.EventSchema}.Sanitize() + ".events"}
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
	stop()
	<-done
	deadline := time.Now().Add(5 * time.Second)
	for a.Pool.Stat().AcquiredConns() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d connections still taken 5 s after the runners stopped", a.Pool.Stat().AcquiredConns())
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
