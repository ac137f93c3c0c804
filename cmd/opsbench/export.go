package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"sort"
	"time"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/export"
)

// Schemas of the export benchmark; it drops every schema starting with
// "xb_" (the read models' generations and the replay's among them) on
// each run.
const (
	xbEvents  = "xb_events"
	xbRead    = "xb_read"
	xbControl = "xb_control"
	xbReplay  = "xb_replay"
)

// runExportBench generates a history, then measures in one run, in
// interleaved rounds: reading $all back through the store, exporting it as
// NDJSON and as Parquet (each against the read-back), and replaying the
// read models as of a date inside the history against a full rebuild.
func runExportBench(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	url := fs.String("postgres", "postgres://postgres@127.0.0.1:5432/opsledger_bench?sslmode=disable", "database it may wipe (created if missing)")
	n := fs.Int("events", 100_000, "events to generate (at least)")
	seed := fs.Uint64("seed", 1, "seed of the generated history")
	writers := fs.Int("writers", 16, "concurrent writers appending the history")
	rounds := fs.Int("rounds", 3, "interleaved rounds of read-back and exports (the median of each is kept)")
	asOfShare := fs.Float64("as-of", 0.5, "where in the history the replay's as-of date falls, as a share of its events")
	reuse := fs.Bool("reuse", false, "keep the log of the previous run")
	jsonOut := fs.String("json", "", "write the figures as one JSON object to this file")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the exports to this file")
	withReplay := fs.Bool("replay", true, "also time the replay against a full rebuild (false: the exports alone, minutes shorter)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := openExportBenchApp(ctx, *url, !*reuse)
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
	}
	if _, err := a.Pool.Exec(ctx, "VACUUM ANALYZE "+xbEvents+".events"); err != nil {
		return err
	}
	if err := timeExports(ctx, a, *rounds, *cpuProfile, results); err != nil {
		return err
	}
	if *withReplay {
		if err := timeReplay(ctx, a, *asOfShare, results); err != nil {
			return err
		}
	}
	printExportBench(results)
	return writeRebuildJSON(*jsonOut, results)
}

func openExportBenchApp(ctx context.Context, url string, wipe bool) (*app.App, error) {
	prefix := xbReplay // a replay left by an interrupted run
	if wipe {
		prefix = "xb_"
	}
	if err := wipeSchemas(ctx, url, prefix); err != nil {
		return nil, err
	}
	return app.Open(ctx, app.Config{PostgresURL: url, EventSchema: xbEvents, ReadNamespace: xbRead,
		ControlSchema: xbControl, JWTSecret: []byte("opsbench-export-secret-0123456789abcdef")})
}

// timeExports measures, round after round, the read-back of $all through
// the store and the export of it in NDJSON and Parquet to a file, and
// keeps each one's median rate.
func timeExports(ctx context.Context, a *app.App, rounds int, cpuProfile string, results map[string]float64) error {
	file, err := os.CreateTemp("", "opsbench-export-*")
	if err != nil {
		return err
	}
	if cpuProfile != "" {
		prof, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		defer prof.Close()
		if err := pprof.StartCPUProfile(prof); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	defer os.Remove(file.Name()) //nolint:errcheck // a scratch file
	defer file.Close()
	runs := map[string][]float64{}
	measure := func(key string, fn func() (int64, error)) error {
		start := time.Now()
		events, err := fn()
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		runs[key] = append(runs[key], float64(events)/time.Since(start).Seconds())
		results["export_events"] = float64(events)
		return nil
	}
	exportTo := func(f export.Format) func() (int64, error) {
		return func() (int64, error) {
			if _, err := file.Seek(0, 0); err != nil {
				return 0, err
			}
			if err := file.Truncate(0); err != nil {
				return 0, err
			}
			// Not synced: the CLI does not sync its file either.
			return export.Write(ctx, a.Store, export.Query{}, f, file, export.Options{})
		}
	}
	for r := range rounds {
		fmt.Fprintf(os.Stderr, "export: round %d of %d\n", r+1, rounds)
		steps := []struct {
			key string
			fn  func() (int64, error)
		}{
			{"readall_eps", func() (int64, error) { return readAllBack(ctx, a.Store) }},
			{"export_ndjson_eps", exportTo(export.NDJSON)},
			{"export_parquet_eps", exportTo(export.Parquet)},
		}
		for _, s := range steps {
			if err := measure(s.key, s.fn); err != nil {
				return err
			}
		}
	}
	for key, rates := range runs {
		results[key] = median(rates)
	}
	results["export_ratio_ndjson"] = results["export_ndjson_eps"] / results["readall_eps"]
	results["export_ratio_parquet"] = results["export_parquet_eps"] / results["readall_eps"]
	return nil
}

// readAllBack reads the whole log through the store in pages, as a
// projection catching up does: the baseline of the exports.
func readAllBack(ctx context.Context, store eventstore.Store) (int64, error) {
	var n int64
	from := eventstore.Start
	for {
		page, err := store.ReadAll(ctx, from, readBatch, eventstore.Filter{})
		if err != nil || len(page) == 0 {
			return n, err
		}
		n += int64(len(page))
		from = page[len(page)-1].Position
	}
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func printExportBench(r map[string]float64) {
	rows := []struct {
		label, key, f string
	}{
		{"events in the log", "export_events", "%14.0f"},
		{"$all read back (events/s)", "readall_eps", "%14.0f"},
		{"export NDJSON (events/s)", "export_ndjson_eps", "%14.0f"},
		{"export Parquet (events/s)", "export_parquet_eps", "%14.0f"},
		{"NDJSON / read-back", "export_ratio_ndjson", "%14.3f"},
		{"Parquet / read-back", "export_ratio_parquet", "%14.3f"},
		{"full rebuild (events/s)", "rebuild_eps", "%14.0f"},
		{"replay: events as of the date", "replay_events", "%14.0f"},
		{"replay as of the date (events/s)", "replay_eps", "%14.0f"},
		{"replay / full rebuild", "replay_ratio", "%14.3f"},
	}
	fmt.Printf("%-34s %14s\n", "export and replay", "")
	for _, row := range rows {
		fmt.Printf("%-34s "+row.f+"\n", row.label, r[row.key])
	}
}
