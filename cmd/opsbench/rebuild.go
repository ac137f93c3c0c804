package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/internal/cputime"
	"github.com/opsledger/opsledger/projections"
)

// Schemas of the rebuild benchmark; it drops every schema starting with
// "rb_" (the read models' generation schemas among them) on each run.
const (
	rbEvents  = "rb_events"
	rbRead    = "rb_read"
	rbControl = "rb_control"
	rbCeiling = "rb_ceiling"
)

// runRebuild generates a realistic history, appends it, rebuilds every
// read model from zero in one run and compares the rate with COPY of as
// many audit-trail-shaped rows into one table.
func runRebuild(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("rebuild", flag.ContinueOnError)
	url := fs.String("postgres", "postgres://postgres@127.0.0.1:5432/opsledger_bench?sslmode=disable", "database it may wipe (created if missing)")
	n := fs.Int("events", 1_000_000, "events to generate (at least)")
	seed := fs.Uint64("seed", 1, "seed of the generated history")
	writers := fs.Int("writers", 16, "concurrent writers appending the history")
	dry := fs.Bool("generate-only", false, "generate the history without a database and report refused decisions")
	reuse := fs.Bool("reuse", false, "keep the log of the previous run: rebuild only (history_* figures are then absent)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the rebuild to this file")
	jsonOut := fs.String("json", "", "write the figures as one JSON object to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dry {
		return dryRun(*n, *seed)
	}
	a, err := openRebuildApp(ctx, *url, !*reuse)
	if err != nil {
		return err
	}
	defer a.Close()
	results := map[string]float64{}
	var hist historyStats
	if !*reuse {
		if hist, err = writeHistory(ctx, a.Store, *n, *seed, *writers); err != nil {
			return fmt.Errorf("append history: %w", err)
		}
		printRefusals(hist.refusals)
		results["history_events"], results["history_appends"] = float64(hist.events), float64(hist.appends)
		results["history_append_eps"], results["seed"] = float64(hist.events)/hist.seconds, float64(*seed)
	}
	if _, err := a.Pool.Exec(ctx, "VACUUM ANALYZE "+rbEvents+".events"); err != nil {
		return err
	}
	if err := timeRebuild(ctx, a, *cpuProfile, results); err != nil {
		return err
	}
	if err := ceiling(ctx, a, int(results["rebuild_events"]), results); err != nil {
		return err
	}
	results["rebuild_ratio"] = results["rebuild_eps"] / results["rebuild_ceiling_eps"]
	printRebuild(hist, results)
	return writeRebuildJSON(*jsonOut, results)
}

// openRebuildApp wipes the benchmark's schemas and opens the application
// on fresh ones.
func openRebuildApp(ctx context.Context, url string, wipe bool) (*app.App, error) {
	if wipe {
		if err := wipeSchemas(ctx, url, "rb_"); err != nil {
			return nil, err
		}
	}
	return app.Open(ctx, app.Config{PostgresURL: url, EventSchema: rbEvents, ReadNamespace: rbRead,
		ControlSchema: rbControl, JWTSecret: []byte("opsbench-rebuild-secret-0123456789abcdef")})
}

// wipeSchemas drops the schemas whose names start with prefix, through a
// pool of its own that it closes before returning: a suite wipes its
// schemas before opening the application on fresh ones.
func wipeSchemas(ctx context.Context, url, prefix string) error {
	pool, err := openBenchPool(ctx, url)
	if err != nil {
		return err
	}
	defer pool.Close()
	return dropSchemas(ctx, pool, prefix)
}

// dropSchemas drops every schema whose name starts with prefix.
func dropSchemas(ctx context.Context, pool *pgxpool.Pool, prefix string) error {
	rows, err := pool.Query(ctx, `SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)`, prefix)
	if err != nil {
		return err
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, s := range names {
		if _, err := pool.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{s}.Sanitize()+" CASCADE"); err != nil {
			return err
		}
	}
	return nil
}

// timeRebuild rebuilds all read models through App.Rebuild, optionally
// under the CPU profiler.
func timeRebuild(ctx context.Context, a *app.App, cpuProfile string, results map[string]float64) error {
	var count int64
	if err := a.Pool.QueryRow(ctx, "SELECT count(*) FROM "+rbEvents+".events").Scan(&count); err != nil {
		return err
	}
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	_, _ = a.Pool.Exec(ctx, "CHECKPOINT")
	var last, replayed time.Time
	progress := func(applied int64, _ eventstore.Position) {
		replayed = time.Now()
		if time.Since(last) > 5*time.Second {
			last = time.Now()
			fmt.Fprintf(os.Stderr, "rebuild: %d events applied\n", applied)
		}
	}
	report := timeProjections(a)
	goCPU, dbCPU := cputime.Self().Seconds(), databaseCPU(ctx, a)
	start := time.Now()
	if err := a.Rebuild(ctx, projections.Progress(progress)); err != nil {
		return fmt.Errorf("rebuild: %w", err)
	}
	secs := time.Since(start).Seconds()
	// The last batch applied ends the replay; what follows is building
	// the deferred query indexes and switching the views.
	results["rebuild_replay_seconds"] = replayed.Sub(start).Seconds()
	results["rebuild_finish_seconds"] = secs - results["rebuild_replay_seconds"]
	results["rebuild_go_cpu_seconds"], results["rebuild_server_cpu_seconds"] = cputime.Self().Seconds()-goCPU, databaseCPU(ctx, a)-dbCPU
	report(results)
	results["rebuild_events"], results["rebuild_seconds"] = float64(count), secs
	results["rebuild_eps"] = float64(count) / secs
	results["read_models"] = float64(len(a.Projections))
	return nil
}

func writeRebuildJSON(path string, results map[string]float64) error {
	if path == "" {
		return nil
	}
	out, err := json.MarshalIndent(results, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(out, '\n'), 0o644)
}

func printRefusals(refusals []string) {
	if len(refusals) == 0 {
		return
	}
	fmt.Fprintln(os.Stderr, "refused decisions (generator bugs, not appended):")
	for i, r := range refusals {
		if i == 20 {
			break
		}
		fmt.Fprintln(os.Stderr, " ", r)
	}
}

func printRebuild(h historyStats, r map[string]float64) {
	fmt.Printf("%-34s %14s\n", "rebuild", "")
	rows := []struct {
		label string
		v     float64
		f     string
	}{
		{"history events (generated)", float64(h.events), "%14.0f"},
		{"history appends", float64(h.appends), "%14.0f"},
		{"history append events/s", r["history_append_eps"], "%14.0f"},
		{"events in the log", r["rebuild_events"], "%14.0f"},
		{"read models", r["read_models"], "%14.0f"},
		{"rebuild seconds", r["rebuild_seconds"], "%14.2f"},
		{"  replaying the log", r["rebuild_replay_seconds"], "%14.2f"},
		{"  indexing and switching", r["rebuild_finish_seconds"], "%14.2f"},
		{"rebuild events/s", r["rebuild_eps"], "%14.0f"},
		{"rebuild Go CPU seconds", r["rebuild_go_cpu_seconds"], "%14.2f"},
		{"rebuild server CPU seconds", r["rebuild_server_cpu_seconds"], "%14.2f"},
		{"ceiling (COPY) rows/s", r["rebuild_ceiling_eps"], "%14.0f"},
		{"rebuild / ceiling", r["rebuild_ratio"], "%14.3f"},
	}
	for _, row := range rows {
		fmt.Printf("%-34s "+row.f+"\n", row.label, row.v)
	}
}
