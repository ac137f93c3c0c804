package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"time"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/privacy"
)

// Schemas of the integrity benchmark; every schema starting with "ig_" is
// dropped on each run (the http phases use the http benchmark's).
const (
	igEvents  = "ig_events"
	igRead    = "ig_read"
	igControl = "ig_control"
)

// integrityOptions are the flags of `opsbench integrity`.
type integrityOptions struct {
	url                        string
	events, writers            int
	seed                       uint64
	rate, workers              int
	lagDuration                time.Duration
	appendEvents, appendRounds int
	httpURL                    string
	httpDuration, httpWarmup   time.Duration
	httpRounds                 int
	connections                int
	jsonOut, cpuProfile        string
}

func parseIntegrityFlags(args []string) (integrityOptions, error) {
	var o integrityOptions
	fs := flag.NewFlagSet("integrity", flag.ContinueOnError)
	fs.StringVar(&o.url, "postgres", "postgres://postgres@127.0.0.1:5432/opsledger_bench?sslmode=disable", "database it may wipe (created if missing; schemas ig_*)")
	fs.IntVar(&o.events, "events", 1_000_000, "events of the generated history the sealer, the read-back and verify go over")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the generated history")
	fs.IntVar(&o.writers, "writers", 16, "concurrent writers appending the history")
	fs.IntVar(&o.rate, "rate", 1000, "commands per second of the seal-lag measurement")
	fs.IntVar(&o.workers, "workers", 200, "concurrent command issuers of the seal-lag measurement")
	fs.DurationVar(&o.lagDuration, "lag-duration", 30*time.Second, "how long the seal-lag load runs; 0 skips it")
	fs.IntVar(&o.appendEvents, "append-events", 5000, "events of each single-append round")
	fs.IntVar(&o.appendRounds, "append-rounds", 3, "rounds of the single-append measurement, with and without the sealer alternating (best counts); 0 skips it")
	fs.StringVar(&o.httpURL, "http-postgres", "postgres://postgres@127.0.0.1:5432/opsledger_bench_http?sslmode=disable", "database of the http-mix phases (schemas bench_http_*, wiped)")
	fs.DurationVar(&o.httpDuration, "http-duration", 8*time.Second, "how long each http-mix phase (with and without the sealer) is measured; 0 skips them")
	fs.DurationVar(&o.httpWarmup, "http-warmup", 3*time.Second, "load run before each http-mix phase is measured")
	fs.IntVar(&o.httpRounds, "http-rounds", 5, "pairs of http-mix phases, without and with the sealer, the first of each pair alternating; append_ratio_sealed_http is the median of the pairs' ratios")
	fs.IntVar(&o.connections, "connections", 32, "concurrent connections of the http-mix phases")
	fs.StringVar(&o.jsonOut, "json", "", "write the figures as one JSON object to this file")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the sealing and verifying phases to this file")
	err := fs.Parse(args)
	if err == nil && (o.events < 1 || o.writers < 1 || o.rate < 1 || o.workers < 1 || o.lagDuration < 0 || o.appendEvents < 1 || o.appendRounds < 0 || o.connections < 1 || o.httpRounds < 1) {
		err = errors.New("events, writers, rate, workers, append-events, connections and http-rounds must be positive, lag-duration and append-rounds not negative")
	}
	return o, err
}

// integrityFeatures configure the application as append_ratio_sealed
// measures it "with": the sealer runs (it always does in app), and each
// function here turns on one more thing issue 17 adds to the write path.
// Personal-field encryption registers its configuration here (its
// master key), so the ratio covers it too; the baseline applies none of
// them and holds the sealer off.
var integrityFeatures = []func(*app.Config){
	// Personal fields are encrypted under a master key of the run's own.
	func(c *app.Config) { c.MasterKey = privacy.GenerateMasterKey() },
}

func withIntegrityFeatures(c *app.Config) {
	for _, f := range integrityFeatures {
		f(c)
	}
}

// runIntegrity measures the verifiable log over a generated history:
//
//	opsbench integrity --postgres URL [--events N] [--json FILE]
//
// (--append-rounds 0 --lag-duration 0 --http-duration 0 measures the
// sealing and verifying alone, e.g. verify_eps over a long history)
//
// It appends a history of --events events, reads $all back (the
// read-back rate), seals it from an empty tree (seal_eps; seal_ratio is
// the one over the other), verifies it (verify_eps), then keeps the
// sealer running while commands arrive at --rate a second and takes each
// event's wait until its checkpoint commits (seal_lag_p99_ms). Last it
// compares appends with the sealer and the integrityFeatures against
// appends without them, in the same run: single appends to the event
// store, and the http mix in rounds (append_ratio_sealed is the lower
// of the two).
func runIntegrity(ctx context.Context, args []string) error {
	o, err := parseIntegrityFlags(args)
	if err != nil {
		return err
	}
	results := map[string]float64{}
	if err := measureLog(ctx, o, results); err != nil {
		// The phases that finished still tell something (a later phase
		// may fail for a reason of the shared machine's).
		printIntegrity(results)
		return err
	}
	if o.httpDuration > 0 {
		if err := measureHTTPSealed(ctx, o, results); err != nil {
			return fmt.Errorf("http mix: %w", err)
		}
	}
	setAppendRatio(results)
	printIntegrity(results)
	return writeJSON(o.jsonOut, results)
}

// measureLog runs the phases on the generated history, in one
// application on the ig_ schemas.
func measureLog(ctx context.Context, o integrityOptions, results map[string]float64) error {
	a, err := openIntegrityApp(ctx, o.url)
	if err != nil {
		return err
	}
	defer a.Close()
	hist, err := writeHistory(ctx, a.Store, o.events, o.seed, o.writers)
	if err != nil {
		return fmt.Errorf("append history: %w", err)
	}
	printRefusals(hist.refusals)
	results["history_events"], results["history_append_eps"] = float64(hist.events), float64(hist.events)/hist.seconds
	if _, err := a.Pool.Exec(ctx, "VACUUM ANALYZE "+igEvents+".events"); err != nil {
		return err
	}
	if err := measureReadBack(ctx, a, results); err != nil {
		return err
	}
	sealer := newBenchSealer(a)
	defer sealer.stop()
	stopProfile, err := startCPUProfile(o.cpuProfile)
	if err != nil {
		return err
	}
	err = sealer.measureCatchUp(ctx, results)
	if err == nil {
		err = measureVerify(ctx, a, results)
	}
	stopProfile()
	if err != nil {
		return err
	}
	if o.appendRounds > 0 {
		if err := measureStoreAppends(ctx, a, sealer, o, results); err != nil {
			return err
		}
	}
	if o.lagDuration == 0 {
		return nil
	}
	return sealer.measureLag(ctx, a, o, results)
}

// setAppendRatio sets append_ratio_sealed to the lower of the ratios
// measured (none when both phases were skipped).
func setAppendRatio(results map[string]float64) {
	var ratios []float64
	for _, k := range []string{"append_ratio_sealed_eventstore", "append_ratio_sealed_http"} {
		if r, ok := results[k]; ok {
			ratios = append(ratios, r)
		}
	}
	if len(ratios) > 0 {
		results["append_ratio_sealed"] = slices.Min(ratios)
	}
}

// openIntegrityApp wipes the benchmark's schemas and opens the
// application on fresh ones.
func openIntegrityApp(ctx context.Context, url string) (*app.App, error) {
	if err := wipeSchemas(ctx, url, "ig_"); err != nil {
		return nil, err
	}
	cfg := app.Config{PostgresURL: url, EventSchema: igEvents, ReadNamespace: igRead,
		ControlSchema: igControl, JWTSecret: []byte("opsbench-integrity-secret-0123456789abcdef")}
	withIntegrityFeatures(&cfg)
	return app.Open(ctx, cfg)
}

func printIntegrity(r map[string]float64) {
	fmt.Printf("%-44s %14s\n", "integrity", "")
	rows := []struct{ label, key, f string }{
		{"history events", "history_events", "%14.0f"},
		{"$all read-back events/s", "readback_eps", "%14.0f"},
		{"$all read-back events/s, as stored", "readback_stored_eps", "%14.0f"},
		{"seal events/s (from an empty tree)", "seal_eps", "%14.0f"},
		{"seal / read-back", "seal_ratio", "%14.3f"},
		{"seal / read-back as stored", "seal_ratio_stored", "%14.3f"},
		{"verify events/s", "verify_eps", "%14.0f"},
		{"seal-lag commands/s achieved", "seal_lag_commands_per_sec", "%14.0f"},
		{"seal lag p50 (ms)", "seal_lag_p50_ms", "%14.1f"},
		{"seal lag p99 (ms)", "seal_lag_p99_ms", "%14.1f"},
		{"single append events/s, sealer off", "append_1_eps_unsealed", "%14.0f"},
		{"single append events/s, sealer on", "append_1_eps_sealed", "%14.0f"},
		{"single append sealed / unsealed", "append_ratio_sealed_eventstore", "%14.3f"},
		{"http commands/s, sealer off (median)", "http_cmd_rps_unsealed", "%14.0f"},
		{"http commands/s, sealer on (median)", "http_cmd_rps_sealed", "%14.0f"},
		{"http rounds (pairs of phases)", "http_rounds", "%14.0f"},
		{"http sealed / unsealed (median of rounds)", "append_ratio_sealed_http", "%14.3f"},
		{"http sealed / unsealed, lowest round", "append_ratio_sealed_http_min", "%14.3f"},
		{"http sealed / unsealed, highest round", "append_ratio_sealed_http_max", "%14.3f"},
		{"append_ratio_sealed (lower of the two)", "append_ratio_sealed", "%14.3f"},
	}
	for _, row := range rows {
		if v, ok := r[row.key]; ok {
			fmt.Printf("%-44s "+row.f+"\n", row.label, v)
		}
	}
}
