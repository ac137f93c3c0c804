// Package apptest starts the whole application for end-to-end tests: the
// PostgreSQL event store, read models and API on scratch schemas of the
// TEST_POSTGRES_URL database, with the projection runners running. The
// schemas are dropped when the test ends.
package apptest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/projections"
)

// Secret signs the tokens of test servers.
const Secret = "apptest-secret-0123456789abcdef0123456789"

// Env is a running application and an HTTP server in front of it.
type Env struct {
	App    *app.App
	Server *httptest.Server
}

// New starts the application. now may be nil (wall clock).
func New(t testing.TB, now func() time.Time) *Env {
	t.Helper()
	return NewWith(t, func(c *app.Config) { c.Now = now })
}

// NewWith starts the application with its configuration changed by
// configure (tracing, a clock), after the scratch schemas are set.
func NewWith(t testing.TB, configure func(*app.Config)) *Env {
	t.Helper()
	// A small pool: each projection runner holds one connection, and the
	// test packages run side by side against one server.
	url := withPoolSize(pgtest.URL(t), app.PoolConnsNeeded())
	prefix := "e2e_" + randomHex(5)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cfg := app.Config{
		PostgresURL: url, JWTSecret: []byte(Secret), EventSchema: prefix + "_events",
		ReadNamespace: projections.Namespace(prefix + "_read"), ControlSchema: prefix + "_control",
		ReadYourWritesTimeout: 5 * time.Second,
	}
	configure(&cfg)
	a, err := app.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("apptest: open: %v", err)
	}
	runCtx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); a.RunProjections(runCtx) }()
	srv := httptest.NewServer(a.API)
	t.Cleanup(func() {
		srv.Close()
		stop()
		<-done
		dropSchemas(a.Pool, prefix)
		a.Close()
	})
	select { // as an orchestrator would, wait until /readyz says ready
	case <-a.CaughtUp():
	case <-ctx.Done():
		t.Fatalf("apptest: not caught up after start: %v", ctx.Err())
	}
	return &Env{App: a, Server: srv}
}

// Token issues a bearer token for an employee with roles, hiring the
// employee first (app.HireStaff) unless they are already hired: the
// server accepts only tokens of known, active employees.
func (e *Env) Token(t testing.TB, employeeID, orgUnit string, roles ...domain.Role) string {
	t.Helper()
	actor := domain.Actor{EmployeeID: employeeID, Roles: roles, OrgUnitID: orgUnit}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := e.App.HireStaff(ctx, actor); err != nil {
		t.Fatalf("apptest: token: %v", err)
	}
	return e.IssueOnly(t, actor)
}

// IssueOnly issues a bearer token for actor without hiring anyone: for
// tests of tokens whose subject is not an employee.
func (e *Env) IssueOnly(t testing.TB, actor domain.Actor) string {
	t.Helper()
	tok, err := e.App.JWT.Issue(actor, time.Hour)
	if err != nil {
		t.Fatalf("apptest: token: %v", err)
	}
	return tok
}

func dropSchemas(pool *pgxpool.Pool, prefix string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rows, err := pool.Query(ctx, `SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, prefix+"%")
	if err != nil {
		return
	}
	names, _ := pgx.CollectRows(rows, pgx.RowTo[string])
	for _, n := range names {
		pool.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{n}.Sanitize()+" CASCADE") //nolint:errcheck // best effort
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) //nolint:errcheck // never fails
	return hex.EncodeToString(b)
}

func withPoolSize(url string, n int) string {
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	return url + sep + "pool_max_conns=" + strconv.Itoa(n)
}
