package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/projections"
)

// Schemas of the KPI benchmark; it drops every schema starting with "kb_"
// unless told to reuse the previous run's history.
const (
	kbEvents  = "kb_events"
	kbRead    = "kb_read"
	kbControl = "kb_control"
)

// runKPI generates a history (the rebuild benchmark's generator), builds
// every read model from it, then asks every KPI for every grouping it
// takes, over the month, quarter and year of the history's last fact, as
// the whole company, as one department and as one rep, round after round,
// and reports the latency percentiles of these queries (kpi_p99_ms).
func runKPI(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("kpi", flag.ContinueOnError)
	url := fs.String("postgres", "postgres://postgres@127.0.0.1:5432/opsledger_bench?sslmode=disable", "database it may wipe (created if missing)")
	n := fs.Int("events", 1_000_000, "events to generate (at least)")
	seed := fs.Uint64("seed", 1, "seed of the generated history")
	writers := fs.Int("writers", 16, "concurrent writers appending the history")
	reuse := fs.Bool("reuse", false, "keep the history and read models of the previous run")
	rebuild := fs.String("rebuild", "", "with --reuse: rebuild these read models (comma-separated) on the kept history first, e.g. one whose shape changed")
	rounds := fs.Int("rounds", 20, "times each query is asked")
	jsonOut := fs.String("json", "", "write the figures as one JSON object to this file")
	answers := fs.String("answers", "", "write every request's answer to this file, a JSON line each, to compare two binaries on one history")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := openKPIApp(ctx, *url, !*reuse)
	if err != nil {
		return err
	}
	defer a.Close()
	results := map[string]float64{}
	if !*reuse {
		hist, err := writeHistory(ctx, a.Store, *n, *seed, *writers)
		if err != nil {
			return fmt.Errorf("append history: %w", err)
		}
		printRefusals(hist.refusals)
		results["history_events"] = float64(hist.events)
		if err := waitHistoryVisible(ctx, a, 10*time.Minute); err != nil {
			return err
		}
		start := time.Now()
		if err := a.Rebuild(ctx, projections.Progress(func(int64, eventstore.Position) {})); err != nil {
			return fmt.Errorf("rebuild: %w", err)
		}
		results["rebuild_seconds"] = time.Since(start).Seconds()
		if _, err := a.Pool.Exec(ctx, "ANALYZE"); err != nil {
			return err
		}
	} else if *rebuild != "" {
		if err := rebuildKept(ctx, a, strings.Split(*rebuild, ","), results); err != nil {
			return err
		}
	}
	w, err := kpiWorkload(ctx, a)
	if err != nil {
		return err
	}
	samples, queries, err := w.run(ctx, a, *rounds)
	if err != nil {
		return err
	}
	reportKPI(samples, results)
	reportSlowestKPIQueries(queries, 15)
	if *answers != "" {
		if err := w.writeAnswers(ctx, a, *answers); err != nil {
			return err
		}
	}
	return writeKPIJSON(*jsonOut, results)
}

// rebuildKept rebuilds the named read models on the kept history, so a
// binary whose read model changed shape is measured on the same history
// as the one before it.
func rebuildKept(ctx context.Context, a *app.App, names []string, results map[string]float64) error {
	start := time.Now()
	if err := a.Rebuild(ctx, projections.Progress(func(int64, eventstore.Position) {}), names...); err != nil {
		return fmt.Errorf("rebuild %v: %w", names, err)
	}
	results["rebuild_seconds"] = time.Since(start).Seconds()
	_, err := a.Pool.Exec(ctx, "ANALYZE")
	return err
}

// waitHistoryVisible waits until the whole history is below the log's
// gap-safe horizon: a rebuild reads the log until it reads nothing, so a
// transaction of another process (any database of the cluster) still
// running from before the last append stopped it part-way, once at half
// the history and once at none of it, and the KPIs then ran on partial
// read models.
func waitHistoryVisible(ctx context.Context, a *app.App, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for said := false; ; {
		var hidden int64
		err := a.Pool.QueryRow(ctx, `SELECT count(*) FROM `+kbEvents+`.events
			WHERE xid >= pg_snapshot_xmin(pg_current_snapshot())`).Scan(&hidden)
		if err != nil || hidden == 0 {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d events of the history still above the gap-safe horizon after %s: a long transaction holds it", hidden, limit)
		}
		if !said {
			fmt.Fprintf(os.Stderr, "kpi: %d events above the gap-safe horizon (a running transaction holds it); waiting\n", hidden)
			said = true
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func openKPIApp(ctx context.Context, url string, wipe bool) (*app.App, error) {
	if wipe {
		if err := wipeSchemas(ctx, url, "kb_"); err != nil {
			return nil, err
		}
	}
	return app.Open(ctx, app.Config{PostgresURL: url, EventSchema: kbEvents, ReadNamespace: kbRead,
		ControlSchema: kbControl, JWTSecret: []byte("opsbench-kpi-secret-0123456789abcdefgh")})
}

// kpiSamples are the latencies measured, per KPI name.
type kpiSamples map[string][]time.Duration

// reportKPI adds the percentiles of all queries (kpi_p50_ms, kpi_p99_ms,
// kpi_max_ms) and each KPI's p99 (kpi_p99_ms_<name>), and prints them.
func reportKPI(s kpiSamples, results map[string]float64) {
	var all []time.Duration
	names := make([]string, 0, len(s))
	for name, d := range s {
		all = append(all, d...)
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		p99 := kpiPercentile(s[name], 0.99)
		results["kpi_p99_ms_"+name] = kpiMillis(p99)
		fmt.Printf("  %-24s p50 %6.2f ms  p99 %6.2f ms  (%d queries)\n", name, kpiMillis(kpiPercentile(s[name], 0.5)), kpiMillis(p99), len(s[name]))
	}
	results["kpi_queries"] = float64(len(all))
	results["kpi_p50_ms"], results["kpi_p99_ms"], results["kpi_max_ms"] = kpiMillis(kpiPercentile(all, 0.5)), kpiMillis(kpiPercentile(all, 0.99)), kpiMillis(kpiPercentile(all, 1))
	fmt.Printf("kpi: %d queries  p50 %.2f ms  p99 %.2f ms (target ≤ 20)  max %.2f ms\n",
		len(all), results["kpi_p50_ms"], results["kpi_p99_ms"], results["kpi_max_ms"])
}

// reportSlowestKPIQueries prints the n queries (KPI, grouping, period,
// scope) of highest p99, the ones to look at first.
func reportSlowestKPIQueries(s kpiSamples, n int) {
	type q struct {
		label string
		p99   time.Duration
	}
	qs := make([]q, 0, len(s))
	for label, d := range s {
		qs = append(qs, q{label, kpiPercentile(d, 0.99)})
	}
	slices.SortFunc(qs, func(a, b q) int { return int(b.p99 - a.p99) })
	fmt.Printf("kpi: the %d slowest of %d queries by p99\n", min(n, len(qs)), len(qs))
	for _, x := range qs[:min(n, len(qs))] {
		fmt.Printf("  %7.2f ms  %s\n", kpiMillis(x.p99), x.label)
	}
}

func kpiMillis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// kpiPercentile is the q-quantile of ds (nearest rank).
func kpiPercentile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(q*float64(len(s))+0.5) - 1
	return s[max(0, min(i, len(s)-1))]
}

func writeKPIJSON(path string, results map[string]float64) error {
	if path == "" {
		return nil
	}
	out, err := json.MarshalIndent(results, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, out, 0o644)
}
