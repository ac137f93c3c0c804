package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/projections"
)

// readyzOf asks the application's /readyz.
func readyzOf(t *testing.T, a *app.App) (int, []struct{ Name, Kind, Status, Reason string }) {
	t.Helper()
	rec := httptest.NewRecorder()
	a.API.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	var body struct {
		Components []struct{ Name, Kind, Status, Reason string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("/readyz body %s: %v", rec.Body, err)
	}
	return rec.Code, body.Components
}

// TestReadyz_NotReadyUntilCaughtUpAfterStart (rule
// OPS-ready-after-catch-up): an instance whose read models have not yet
// passed the log as it stood when its runners started answers 503,
// naming the catch-up after start; once they have, 200 ready.
func TestReadyz_NotReadyUntilCaughtUpAfterStart(t *testing.T) {
	// Given an instance on a log that holds events no runner applied yet
	s := openUnstarted(t, "ready", pgtest.URL(t), func(*app.Config) {})
	a, cfg, ctx := s.App, s.cfg, context.Background()
	rep := commands.Meta{Actor: domain.Actor{EmployeeID: "rep-1", Roles: []domain.Role{domain.RoleSalesRep}, OrgUnitID: "ou-1"}, Reason: "test"}
	for i := range 20 {
		if _, err := a.Commands.Customers.RegisterTargetCustomer(ctx, rep, commands.RegisterTargetCustomer{CustomerID: fmt.Sprintf("c-%d", i),
			Number: fmt.Sprintf("NJ-%04d", i), Name: "Jinling Valves", Address: "1 Xinjiekou", PrimaryContact: "Mr Wang",
			Phone: "025-1234567", Source: customer.SourceOnSite, Region: "east"}); err != nil {
			t.Fatal(err)
		}
	}
	head, err := a.Store.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// When /readyz is asked before the runners have caught up
	status, components := readyzOf(t, a)
	// Then it answers 503, naming the catch-up after start
	if status != http.StatusServiceUnavailable || !hasComponent(components, "startup", "unavailable") {
		t.Fatalf("/readyz before the catch-up = %d %+v, want 503 with the startup component unavailable", status, components)
	}

	// When the runners start and catch up
	s.startRunners()
	select {
	case <-a.CaughtUp():
	case <-time.After(30 * time.Second):
		t.Fatal("not caught up 30 s after the runners started")
	}
	// Then every read model has passed the log as it stood at start
	if err := projections.WaitFor(ctx, a.Pool, a.Store, cfg.ReadNamespace, head, time.Second, a.Projections...); err != nil {
		t.Fatalf("caught up, but a read model has not passed the head at start: %v", err)
	}
	// and /readyz answers 200 with the startup component ok
	if status, components := readyzOf(t, a); status != http.StatusOK || !hasComponent(components, "startup", "ok") {
		t.Fatalf("/readyz after the catch-up = %d %+v, want 200 with the startup component ok", status, components)
	}
}

func hasComponent(cs []struct{ Name, Kind, Status, Reason string }, kind, status string) bool {
	for _, c := range cs {
		if c.Kind == kind && c.Status == status {
			return true
		}
	}
	return false
}

// unstartedApp is an instance on schemas of its own (dropped when the
// test ends) whose runners have not started.
type unstartedApp struct {
	*app.App
	cfg     app.Config
	runCtx  context.Context
	stop    context.CancelFunc
	started bool
	done    chan struct{}
}

// openUnstarted opens an instance on url, its schemas named after name,
// with configure's changes to its configuration.
func openUnstarted(t *testing.T, name, url string, configure func(*app.Config)) *unstartedApp {
	t.Helper()
	prefix := fmt.Sprintf("%s_%d", name, time.Now().UnixNano()%1e9)
	cfg := app.Config{PostgresURL: url, JWTSecret: []byte(apptest.Secret), EventSchema: prefix + "_events",
		ReadNamespace: projections.Namespace(prefix + "_read"), ControlSchema: prefix + "_control"}
	configure(&cfg)
	ctx := context.Background()
	a, err := app.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	s := &unstartedApp{App: a, cfg: cfg, runCtx: runCtx, stop: stop, done: make(chan struct{})}
	t.Cleanup(func() {
		s.stopRunners()
		for _, schema := range []string{cfg.EventSchema, string(cfg.ReadNamespace), cfg.ControlSchema} {
			a.Pool.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE") //nolint:errcheck // best effort
		}
		a.Close()
	})
	return s
}

// startRunners starts the instance's runners (RunProjections).
func (s *unstartedApp) startRunners() {
	s.started = true
	go func() { defer close(s.done); s.RunProjections(s.runCtx) }() //nolint:errcheck // ends with the test
}

// stopRunners stops the runners, if started, and waits until they have.
func (s *unstartedApp) stopRunners() {
	s.stop()
	if s.started {
		<-s.done
	}
}
