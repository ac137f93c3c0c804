package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/projections"
)

// openCompareApp opens the application on the schemas startHTTPEnv made
// (it wipes nothing), with snapshots every snapshotEvery events, behind
// a new server on a loopback port. A restart is closing one and opening
// another: a new process would find the same database and an empty
// aggregate cache.
func openCompareApp(ctx context.Context, url string, snapshotEvery int) (*httpEnv, error) {
	a, err := app.Open(ctx, app.Config{
		PostgresURL: url, JWTSecret: []byte(httpSecret), EventSchema: httpPrefix + "_events",
		ReadNamespace: projections.Namespace(httpPrefix + "_read"), ControlSchema: httpPrefix + "_control",
		SnapshotEvery: snapshotEvery, ReadYourWritesTimeout: 10 * time.Second, RateLimit: 0,
	})
	if err != nil {
		return nil, fmt.Errorf("open application: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		a.Close()
		return nil, err
	}
	runCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	deps := a.API.Deps
	idem := &timedIdempotency{IdempotencyStore: deps.Idempotency}
	deps.Idempotency = idem
	env := &httpEnv{app: a, idem: idem, stop: stop, done: make(chan struct{}),
		srv: &http.Server{Handler: api.NewServer(deps), ReadHeaderTimeout: 10 * time.Second}}
	go func() { defer close(env.done); a.RunProjections(runCtx) }() //nolint:errcheck // stops with runCtx
	go env.srv.Serve(ln)                                            //nolint:errcheck // ErrServerClosed on close
	env.client = newBenchClient("http://"+ln.Addr().String(), a.JWT, a.HireStaff)
	return env, nil
}

// crudServer is the plain service behind its own loopback server, with
// its own pool (as a separate service would have).
type crudServer struct {
	base string
	pool *pgxpool.Pool
	srv  *http.Server
}

func startCRUDServer(ctx context.Context, url string) (*crudServer, error) {
	pool, err := openBenchPool(ctx, url)
	if err != nil {
		return nil, err
	}
	if err := setUpCRUDSchema(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("plain service schema: %w", err)
	}
	svc, err := newCRUDService(pool)
	if err != nil {
		pool.Close()
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		pool.Close()
		return nil, err
	}
	s := &crudServer{base: "http://" + ln.Addr().String(), pool: pool,
		srv: &http.Server{Handler: svc.routes(), ReadHeaderTimeout: 10 * time.Second}}
	go s.srv.Serve(ln) //nolint:errcheck // ErrServerClosed on close
	return s, nil
}

func (s *crudServer) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s.srv.Shutdown(ctx) //nolint:errcheck // on the way out
	s.pool.Close()
}
