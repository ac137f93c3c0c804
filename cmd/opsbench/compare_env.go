package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/app"
)

// openCompareApp opens the application on the schemas startHTTPEnv made
// (it wipes nothing), with snapshots every snapshotEvery events, behind
// a new server on a loopback port. A restart is closing one and opening
// another: a new process would find the same database and an empty
// aggregate cache.
func openCompareApp(ctx context.Context, url string, snapshotEvery int) (*httpEnv, error) {
	return openHTTPEnv(ctx, url, func(c *app.Config) { c.SnapshotEvery = snapshotEvery })
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
