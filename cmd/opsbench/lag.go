package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/internal/cputime"
)

// Schemas of the lag benchmark; every schema starting with "lag_" is
// dropped on each run.
const (
	lagEvents  = "lag_events"
	lagRead    = "lag_read"
	lagControl = "lag_control"
)

// runLag starts the application in-process with its projection runners,
// issues a sustained rate of commands through the command layer and
// measures, per command, the time from its return (the append committed)
// until every read model that selects its event has committed past it.
// A projection commits its checkpoint in the same transaction as its
// rows, and its runner tells the process how far it got once the commit
// returned (projections.LivePassed), so a runner at or past the
// command's position means the rows are visible.
func runLag(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("lag", flag.ContinueOnError)
	url := fs.String("postgres", "postgres://postgres@127.0.0.1:5432/opsledger_bench?sslmode=disable", "database it may wipe (created if missing)")
	rate := fs.Int("rate", 1000, "commands per second")
	duration := fs.Duration("duration", 60*time.Second, "how long the load runs")
	workers := fs.Int("workers", 200, "concurrent command issuers")
	jsonOut := fs.String("json", "", "write the figures as one JSON object to this file")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the measured load (runners, commands and watcher) to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := openLagApp(ctx, *url)
	if err != nil {
		return err
	}
	defer a.Close()
	report := timeProjections(a)
	runCtx, stopRunners := context.WithCancel(ctx)
	defer stopRunners()
	runErr := make(chan error, 1)
	go func() { runErr <- a.RunProjections(runCtx) }()
	fmt.Fprintln(os.Stderr, "lag: setting up customers, complaints and contracts")
	fix, err := setupLag(ctx, a.Commands, 500, 300, 200)
	if err != nil {
		return err
	}
	w := newLagWatch(a)
	if err := w.caughtUp(ctx, 2*time.Minute); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "lag: %d commands/s for %s\n", *rate, *duration)
	before := sampleLoad(ctx, a)
	stopProfile, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	res, err := w.measure(ctx, fix, *rate, *duration, *workers)
	stopProfile()
	if err == nil {
		sampleLoad(ctx, a).since(before, res)
	}
	stopRunners()
	if rerr := <-runErr; err == nil && rerr != nil {
		err = rerr
	}
	if err != nil {
		return err
	}
	printLag(res, *rate, *duration)
	report(res)
	return writeRebuildJSON(*jsonOut, res)
}

// openLagApp wipes the benchmark's schemas and opens the application on
// fresh ones.
func openLagApp(ctx context.Context, url string) (*app.App, error) {
	if err := wipeSchemas(ctx, url, "lag_"); err != nil {
		return nil, err
	}
	return app.Open(ctx, app.Config{PostgresURL: url, EventSchema: lagEvents, ReadNamespace: lagRead,
		ControlSchema: lagControl, JWTSecret: []byte("opsbench-lag-secret-0123456789abcdef0123")})
}

func printLag(r map[string]float64, rate int, d time.Duration) {
	fmt.Printf("%-36s %12s\n", fmt.Sprintf("lag (%d/s for %s)", rate, d), "")
	rows := []struct{ label, key, f string }{
		{"commands issued", "lag_commands", "%12.0f"},
		{"commands failed", "lag_failed", "%12.0f"},
		{"achieved commands/s", "lag_commands_per_sec", "%12.0f"},
		{"command latency p50 (ms)", "command_p50_ms", "%12.2f"},
		{"command latency p99 (ms)", "command_p99_ms", "%12.2f"},
		{"shared subscription read it p50 (ms)", "visible_p50_ms", "%12.2f"},
		{"shared subscription read it p99 (ms)", "visible_p99_ms", "%12.2f"},
		{"lag from visible p50 (ms)", "lag_after_visible_p50_ms", "%12.2f"},
		{"lag from visible p99 (ms)", "lag_after_visible_p99_ms", "%12.2f"},
		{"lag p50 (ms)", "lag_p50_ms", "%12.2f"},
		{"lag p90 (ms)", "lag_p90_ms", "%12.2f"},
		{"lag p99 (ms)", "lag_p99_ms", "%12.2f"},
		{"lag max (ms)", "lag_max_ms", "%12.2f"},
		{"watcher wake-ups", "lag_wakes", "%12.0f"},
		{"server transactions per command", "lag_server_xacts_per_command", "%12.1f"},
		{"server CPU ms per command", "lag_server_cpu_ms_per_command", "%12.2f"},
		{"Go CPU ms per command", "lag_go_cpu_ms_per_command", "%12.2f"},
	}
	for _, row := range rows {
		fmt.Printf("%-36s "+row.f+"\n", row.label, r[row.key])
	}
	var names []string
	for k := range r {
		if name, ok := strings.CutPrefix(k, "lag_p99_ms_"); ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		fmt.Printf("%-36s %12.2f %12.2f\n", "  "+name+" p50/p99 (ms)", r["lag_p50_ms_"+name], r["lag_p99_ms_"+name])
	}
}

// loadSample is the cost counters the lag run reads before and after the
// load: the database's committed transactions, its server processes' CPU
// and this process's CPU.
type loadSample struct {
	xacts         int64
	server, goCPU float64
}

func sampleLoad(ctx context.Context, a *app.App) loadSample {
	var s loadSample
	_ = a.Pool.QueryRow(ctx, "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()").Scan(&s.xacts)
	s.server, s.goCPU = databaseCPU(ctx, a), cputime.Self().Seconds()
	return s
}

// since records the cost per resolved command between before and s.
// Server CPU counts the processes alive at the end (the pool keeps them).
func (s loadSample) since(before loadSample, res map[string]float64) {
	n := res["lag_commands"] - res["lag_failed"]
	if n <= 0 {
		return
	}
	res["lag_server_xacts_per_command"] = float64(s.xacts-before.xacts) / n
	res["lag_server_cpu_ms_per_command"] = (s.server - before.server) * 1000 / n
	res["lag_go_cpu_ms_per_command"] = (s.goCPU - before.goCPU) * 1000 / n
}
