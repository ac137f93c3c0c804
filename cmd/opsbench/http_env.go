package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/observability"
	"github.com/opsledger/opsledger/projections"
)

// httpEnv is the application in-process behind a real HTTP server on a
// loopback port.
type httpEnv struct {
	app    *app.App
	idem   *timedIdempotency
	srv    *http.Server
	client *benchClient
	stop   context.CancelFunc
	done   chan struct{}
}

func startHTTPEnv(ctx context.Context, url string, tracing *observability.Tracing) (*httpEnv, error) {
	return startWipedHTTPEnv(ctx, url, func(c *app.Config) { c.Tracing = tracing })
}

// startWipedHTTPEnv wipes the bench schemas of url, then opens the
// application on them as configure adjusts it (openHTTPEnv).
func startWipedHTTPEnv(ctx context.Context, url string, configure func(*app.Config)) (*httpEnv, error) {
	if err := dropHTTPSchemas(ctx, url); err != nil {
		return nil, fmt.Errorf("wipe scratch schemas: %w", err)
	}
	return openHTTPEnv(ctx, url, configure)
}

// openHTTPEnv opens the application on the bench schemas of url, as
// configure adjusts it, serves its API on a loopback port and runs its
// projections.
func openHTTPEnv(ctx context.Context, url string, configure func(*app.Config)) (*httpEnv, error) {
	cfg := app.Config{
		PostgresURL: url, JWTSecret: []byte(httpSecret), EventSchema: httpPrefix + "_events",
		ReadNamespace: projections.Namespace(httpPrefix + "_read"), ControlSchema: httpPrefix + "_control",
		ReadYourWritesTimeout: 10 * time.Second, RateLimit: 0,
	}
	configure(&cfg)
	a, err := app.Open(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open application: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		a.Close()
		return nil, err
	}
	runCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	// The application's own API, rebuilt from its dependencies with the
	// idempotency store timed.
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

// stopProjections stops the projection runners and waits until they end.
func (e *httpEnv) stopProjections() {
	e.stop()
	<-e.done
}

func (e *httpEnv) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	e.srv.Shutdown(ctx) //nolint:errcheck // on the way out
	e.stopProjections()
	e.app.Close()
}

// dropHTTPSchemas removes the schemas of an earlier run (read models
// may have several), so every run starts from an empty log.
func dropHTTPSchemas(ctx context.Context, url string) error {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return err
	}
	if err := ensureDatabase(ctx, cfg); err != nil {
		return err
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)`, httpPrefix+"_")
	if err != nil {
		return err
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, n := range names {
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{n}.Sanitize()+" CASCADE"); err != nil {
			return err
		}
	}
	return nil
}

// startCPUProfile starts a CPU profile of this process when path is set; the returned func
// stops it.
func startCPUProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
