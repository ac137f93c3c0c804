package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/observability"
)

// serve runs the API and the projection runners until interrupted, then
// drains in-flight requests before stopping. It takes its address and
// checks the services it depends on before it migrates anything.
func serve(ctx context.Context, cfg config) error {
	if err := errors.Join(cfg.checkSecret(), cfg.checkLogKey()); err != nil {
		return err
	}
	warnDevSecret(cfg)
	ln, err := net.Listen("tcp", cfg.httpAddr)
	if err != nil {
		return fmt.Errorf("OPS_HTTP_ADDR: %w", err)
	}
	defer ln.Close()
	tradeMemoryForGC()
	tracing, err := observability.StartTracing(ctx, cfg.getenv)
	if err != nil {
		return err
	}
	if tracing.Enabled() {
		cfg.log.Info("tracing", "exporter", cfg.getenv("OTEL_TRACES_EXPORTER"))
	}
	defer flushTraces(cfg, tracing)
	cfg.app.Tracing = tracing
	a, err := openApp(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer a.Close()
	srv := &http.Server{Handler: a.API, ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return a.RunProjections(ctx) })
	g.Go(func() error {
		cfg.log.Info("serving", "addr", ln.Addr().String(), "event_store", storeKind(cfg))
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serve %s: %w", cfg.httpAddr, err)
		}
		return nil
	})
	g.Go(func() error {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		return srv.Shutdown(shutdown)
	})
	err = g.Wait()
	cfg.log.Info("stopped")
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// flushTraces sends the spans still queued once the server has stopped
// (after the app closed: its last spans are in), within 5 seconds.
func flushTraces(cfg config, t *observability.Tracing) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := t.Shutdown(ctx); err != nil {
		cfg.log.Warn("traces not flushed", "err", err)
	}
}

// warnDevSecret says loudly, at every start, that tokens are checked
// against the public development secret: a forged token would pass.
func warnDevSecret(cfg config) {
	if cfg.devToken {
		cfg.log.Warn("INSECURE: OPS_DEV=1 and no OPS_JWT_SECRET or OPS_JWKS_URL: tokens are verified with the PUBLIC " +
			"development secret, anyone can forge any token; never expose this server")
	}
}

// tradeMemoryForGC lets the heap grow to five times the live data before
// a collection (GOGC=400) unless GOGC says otherwise: garbage collection
// was some 15% of the server's CPU at GOGC=100, and a server on a machine
// with gigabytes to spare is better off spending memory than CPU. The
// runtime has already applied a GOGC from the environment.
func tradeMemoryForGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}

func storeKind(cfg config) string {
	if cfg.app.ESDBURL != "" {
		return "eventstoredb"
	}
	return "postgres"
}

// openApp checks that the services cfg names answer, then opens the
// application, which migrates every schema. verifiesTokens says whether
// the command checks tokens, and so needs the identity provider.
func openApp(ctx context.Context, cfg config, verifiesTokens bool) (*app.App, error) {
	if err := preflight(ctx, cfg, verifiesTokens); err != nil {
		return nil, err
	}
	return app.Open(ctx, cfg.app)
}

// migrate creates or upgrades every schema; Open does it, so this only
// opens and closes.
func migrate(ctx context.Context, cfg config, out io.Writer) error {
	a, err := openApp(ctx, cfg, false)
	if err != nil {
		return err
	}
	a.Close()
	fmt.Fprintln(out, "migrated")
	return nil
}
