// Command opsledger runs the opsledger operations ledger: the HTTP API and
// projections (serve), schema migrations (migrate), read-model rebuilds
// (rebuild), demo data (seed) and development tokens (token). It is the
// only place configuration is read: OPS_* environment variables.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

type command struct {
	name, summary string
	run           func(ctx context.Context, cfg config, args []string, out io.Writer) error
}

var commandList = []command{
	{"serve", "run the HTTP API and the projections", serve},
	{"migrate", "create or upgrade the database schemas", migrate},
	{"rebuild", "rebuild read models beside the live ones: rebuild [NAME ...]", rebuild},
	{"seed", "create demo data through the command layer: seed --demo [--once]", seed},
	{"token", "issue a development token: token --employee ID --roles R1,R2 [--org-unit U] [--ttl 24h]", token},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "opsledger:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(out)
		return nil
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	slog.SetDefault(cfg.log)
	for _, c := range commandList {
		if c.name == args[0] {
			return c.run(ctx, cfg, args[1:], out)
		}
	}
	usage(out)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(out io.Writer) {
	fmt.Fprintln(out, "usage: opsledger COMMAND [ARGS]")
	for _, c := range commandList {
		fmt.Fprintf(out, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(out, "\nconfiguration (environment): OPS_HTTP_ADDR, OPS_POSTGRES_URL, OPS_ESDB_URL, OPS_JWT_SECRET, OPS_JWKS_URL, "+
		"OPS_JWT_ISSUER, OPS_JWT_AUDIENCE, OPS_JWT_MAX_LIFETIME, OPS_DEV, OPS_LOG_LEVEL, OPS_RATE_LIMIT, OPS_IP_RATE_LIMIT")
}
