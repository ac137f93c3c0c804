package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/app"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// soakOptions are the flags of `opsbench soak`.
type soakOptions struct {
	url                            string
	duration, interval, maxMeasure time.Duration
	rate                           float64
	share, connections             int
	csvOut, pngOut, jsonOut        string
	// profiles, when set, is a directory that receives a goroutine and a
	// heap profile of the process at every sample (see writeProfiles).
	profiles string
}

func parseSoakFlags(args []string) (soakOptions, error) {
	var o soakOptions
	fs := flag.NewFlagSet("soak", flag.ContinueOnError)
	fs.StringVar(&o.url, "postgres", "postgres://postgres@127.0.0.1:5432/opsledger_bench_http?sslmode=disable", "database it may wipe (created if missing; schemas bench_http_*)")
	fs.DurationVar(&o.duration, "duration", 30*time.Minute, "how long the fixed-rate load runs")
	fs.Float64Var(&o.rate, "rate", 0, "requests per second (0: --share percent of the mix's maximum, measured first)")
	fs.IntVar(&o.share, "share", 50, "percent of the measured maximum to run at, when --rate is 0")
	fs.DurationVar(&o.maxMeasure, "max-duration", 10*time.Second, "length of the closed-loop run that measures the maximum")
	fs.IntVar(&o.connections, "connections", 32, "connections of the closed-loop run that measures the maximum")
	fs.DurationVar(&o.interval, "interval", 5*time.Second, "sampling interval")
	fs.StringVar(&o.csvOut, "csv", "soak.csv", "CSV of the samples")
	fs.StringVar(&o.pngOut, "png", "soak.png", "PNG plot of the samples, one panel per series")
	fs.StringVar(&o.jsonOut, "json", "", "write the figures as one JSON object to this file")
	fs.StringVar(&o.profiles, "profiles", "", "directory to write a goroutine and a heap profile to at every sample (to diff a window against another: go tool pprof -base)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case o.duration <= 0 || o.interval <= 0 || o.maxMeasure <= 0:
		return o, errors.New("duration, interval and max-duration must be positive")
	case o.duration < 6*o.interval:
		return o, fmt.Errorf("duration must hold at least six intervals (%s), so each window has a sample", 6*o.interval)
	case o.rate < 0 || o.share < 1 || o.share > 100 || o.connections < 1:
		return o, errors.New("rate must not be negative, share must be 1 to 100, connections positive")
	}
	return o, nil
}

// runSoak runs the --compare-crud mix (httpMix plus the heavy quotation
// and contract commands) open loop at a fixed rate for --duration against
// the application in this process, and samples every --interval the
// live heap, the resident set, the goroutines (but the load
// generator's), the application pool's
// open connections and the p99 of the interval's answers:
//
//	opsbench soak --duration 30m [--rate R | --share 50] [--csv F] [--png F] [--json F]
//
// It writes the samples as CSV and as a PNG plot, and says whether the
// last window stayed within 10% of the reference window (minutes 25–30
// against 5–10 of a 30-minute soak; a soak of another length scales both
// windows, a sixth of the run each).
func runSoak(ctx context.Context, args []string) error {
	o, err := parseSoakFlags(args)
	if err != nil {
		return err
	}
	ho, err := parseHTTPFlags([]string{"--postgres", o.url, "--customers", "200", "--orders", "100", "--complaints", "100"})
	if err != nil {
		return err
	}
	env, err := startSoakEnv(ctx, o.url)
	if err != nil {
		return err
	}
	defer env.close()
	fx, err := setUpHTTP(ctx, env.client, ho)
	if err != nil {
		return fmt.Errorf("set up: %w", err)
	}
	rate := o.rate
	if rate == 0 {
		mix := newHeavyMix(fx)
		s := runAttack(ctx, benchTargeter(env.client.base, "soak-max", mix.next),
			attackPlan{name: "soak-max", duration: o.maxMeasure, closedWorkers: o.connections, onResult: mix.observe})
		rate = s.throughput * float64(o.share) / 100
		fmt.Printf("mix maximum %.0f requests/s over %d connections; soaking at %d%%: %.0f/s\n", s.throughput, o.connections, o.share, rate)
		httpSleep(ctx, settle)
	}
	if rate < 1 {
		return errors.New("the rate to soak at is below one request per second")
	}
	samples := soak(ctx, env, fx, rate, o)
	return writeSoak(samples, rate, o)
}

// startSoakEnv starts the application as cmd/opsledger runs it, with
// aggregate snapshots every app.DefaultSnapshotEvery events and after a
// fold over app.DefaultSnapshotBudget: app.Config's zero value takes
// none, and without them a soak's cache misses (a command that waited
// longer than the cache's handover bound for a hot stream, one whose
// aggregate an error dropped) fold the long streams of the soak from their
// first event, a cost production does not pay (issue 15).
func startSoakEnv(ctx context.Context, url string) (*httpEnv, error) {
	return startWipedHTTPEnv(ctx, url, func(c *app.Config) {
		c.SnapshotEvery, c.SnapshotBudget = app.DefaultSnapshotEvery, app.DefaultSnapshotBudget
	})
}

// soak runs the load and returns one sample per interval.
func soak(ctx context.Context, env *httpEnv, fx *httpFixture, rate float64, o soakOptions) []soakSample {
	mix := newHeavyMix(fx)
	rec := &soakRecorder{}
	transport := newSoakTransport()
	defer transport.CloseIdleConnections()
	atk := vegeta.NewAttacker(vegeta.Client(newAttackClient(transport)), vegeta.MaxBody(4<<10),
		vegeta.Workers(64), vegeta.MaxWorkers(openLoopWorkers))
	stop := context.AfterFunc(ctx, func() { atk.Stop() })
	defer stop()
	db, err := pgx.Connect(ctx, o.url)
	if err != nil {
		fmt.Printf("the database's size is not sampled: %v\n", err)
	} else {
		defer db.Close(context.WithoutCancel(ctx))
	}
	start := time.Now()
	done := make(chan []soakSample)
	sampleCtx, stopSampling := context.WithCancel(ctx)
	go func() { done <- sampleEvery(sampleCtx, o, start, env, db, rec) }()
	pacer := vegeta.ConstantPacer{Freq: int(rate + 0.5), Per: time.Second}
	for res := range atk.Attack(benchTargeter(env.client.base, "soak", mix.next), pacer, o.duration, "soak") {
		mix.observe(res)
		rec.record(res)
	}
	stopSampling()
	return <-done
}

// soakIdleConns bounds the idle connections the load generator keeps.
// An open-loop stall (a checkpoint, a neighbour's burst) makes vegeta
// open up to openLoopWorkers connections; with as many idle ones kept,
// all of them stayed open for the rest of the run (used in turn, none
// idles for IdleConnTimeout), and the server's read and write buffers of
// each (some 10 MB for 900 connections) stayed in the live heap the soak
// judges: a step that followed the generator, not the application, as
// the connections' goroutines do (see serverGoroutines). Past this
// bound a connection is closed once its request is answered, so a
// burst's connections go when it ends.
const soakIdleConns = 64

func newSoakTransport() *http.Transport {
	t := newAttackTransport()
	t.MaxIdleConnsPerHost = soakIdleConns
	return t
}

// soakRecorder keeps the answers of the current interval.
type soakRecorder struct {
	mu      sync.Mutex
	latency []time.Duration
	errors  int
}

func (r *soakRecorder) record(res *vegeta.Result) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.latency = append(r.latency, res.Latency)
	if res.Code < 200 || res.Code > 299 || res.Error != "" {
		r.errors++
	}
}

// interval hands over the interval's latencies (sorted) and errors and
// starts the next interval, reusing buf.
func (r *soakRecorder) interval(buf []time.Duration) ([]time.Duration, int) {
	r.mu.Lock()
	lat, errs := r.latency, r.errors
	r.latency, r.errors = buf[:0], 0
	r.mu.Unlock()
	slices.Sort(lat)
	return lat, errs
}

// sampleEvery samples until ctx ends. db, when not nil, is a connection
// of the sampler's own that reads the database's size.
func sampleEvery(ctx context.Context, o soakOptions, start time.Time, env *httpEnv, db *pgx.Conn, rec *soakRecorder) []soakSample {
	var samples []soakSample
	var spare []time.Duration
	tick := time.NewTicker(o.interval)
	defer tick.Stop()
	last := start
	for {
		select {
		case <-ctx.Done():
			return samples
		case now := <-tick.C:
			lat, errs := rec.interval(spare)
			s := processSample(env)
			s.at, s.errors = now.Sub(start), errs
			s.p99MS = httpQuantile(lat, 0.99)
			s.rps = float64(len(lat)-errs) / now.Sub(last).Seconds()
			s.dbMB = databaseMB(ctx, db)
			samples = append(samples, s)
			if err := writeProfiles(o.profiles, s.at); err != nil {
				fmt.Printf("profiles at %s not written: %v\n", s.at, err)
			}
			fmt.Printf("%6.0fs heap %6.1f MB, rss %6.1f MB, goroutines %5d, http conns %4d, db conns %3d (%3d in use), p99 %8.2f ms, %6.0f ok/s, errors %d, db %6.1f MB\n",
				s.at.Seconds(), s.heapMB, s.rssMB, s.goroutines, s.httpConns, s.dbConns, s.dbAcquired, s.p99MS, s.rps, s.errors, s.dbMB)
			spare, last = lat, now
		}
	}
}

// processSample reads this process's memory and goroutines and the
// application pool's connections.
func processSample(env *httpEnv) soakSample {
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	st := env.app.Pool.Stat()
	s := soakSample{dbConns: int(st.TotalConns()), dbAcquired: int(st.AcquiredConns()), rssMB: residentMB()}
	s.goroutines, s.httpConns = serverGoroutines()
	if live[0].Value.Kind() == metrics.KindUint64 {
		s.heapMB = float64(live[0].Value.Uint64()) / (1 << 20)
	}
	return s
}

// databaseMB is the size on disk of the database db is connected to: the
// log, the read models and every index growing with the soak (0 when it
// cannot be read).
func databaseMB(ctx context.Context, db *pgx.Conn) float64 {
	if db == nil {
		return 0
	}
	var size int64
	if err := db.QueryRow(ctx, "SELECT pg_database_size(current_database())").Scan(&size); err != nil {
		return 0
	}
	return float64(size) / (1 << 20)
}

// serverGoroutines counts this process's goroutines but the load
// generator's (vegeta's workers, which it starts as an overloaded
// interval needs them and never stops until the end, and the client
// side of their connections) and but the HTTP server's connections (one
// goroutine each, two while it reads ahead, whatever the request it
// serves): each connection is one of the generator's workers, so their
// number follows the generator, not the application. What is left is
// the application's own (runners, subscriptions, tickers, and any
// goroutine a request starts): the series the goal checks. conns counts
// the server's connections.
func serverGoroutines() (app, conns int) {
	var b bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&b, 1); err != nil {
		return runtime.NumGoroutine(), 0
	}
	return countServerGoroutines(b.String())
}

// countServerGoroutines counts, in a goroutine profile in its debug=1
// text form (blocks of "N @ pcs" then "#" frames), the goroutines that
// are neither the load generator's nor a server connection's, and the
// server connections.
func countServerGoroutines(profile string) (app, conns int) {
	if strings.HasPrefix(profile, "goroutine profile:") {
		_, profile, _ = strings.Cut(profile, "\n")
	}
	for _, block := range strings.Split(profile, "\n\n") {
		head, frames, _ := strings.Cut(block, "\n")
		count, _, ok := strings.Cut(head, " @ ")
		if !ok {
			continue
		}
		c, err := strconv.Atoi(count)
		switch {
		case err != nil || isGeneratorStack(frames):
		case strings.Contains(frames, "net/http.(*conn).serve"):
			conns += c
		case !strings.Contains(frames, "net/http.(*connReader).backgroundRead"):
			app += c
		}
	}
	return app, conns
}

func isGeneratorStack(frames string) bool {
	return strings.Contains(frames, "tsenart/vegeta") || strings.Contains(frames, "net/http.(*persistConn)")
}

// residentMB is this process's resident set from /proc/self/statm.
func residentMB() float64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, err := strconv.ParseFloat(f[1], 64)
	if err != nil {
		return 0
	}
	return pages * float64(os.Getpagesize()) / (1 << 20)
}

// writeSoak writes the CSV, the plot and the JSON, and prints the verdict.
func writeSoak(samples []soakSample, rate float64, o soakOptions) error {
	if len(samples) == 0 {
		return errors.New("the soak took no sample")
	}
	w := windowsFor(o.duration)
	if err := writeFileWith(o.csvOut, func(wr io.Writer) error { return writeSoakCSV(wr, samples) }); err != nil {
		return err
	}
	if err := writeFileWith(o.pngOut, func(wr io.Writer) error { return writeSoakPNG(wr, samples, w) }); err != nil {
		return err
	}
	f := soakFigures(samples, o.duration)
	f["soak_rate"], f["soak_interval_s"] = rate, o.interval.Seconds()
	printSoak(f, w)
	fmt.Printf("wrote %s and %s\n", o.csvOut, o.pngOut)
	return writeJSON(o.jsonOut, f)
}

func printSoak(f map[string]float64, w soakWindows) {
	fmt.Printf("\nsoak at %.0f requests/s for %.0f s: reference window %.0f–%.0f s, last window %.0f–%.0f s\n",
		f["soak_rate"], f["soak_duration_s"], w.refFrom.Seconds(), w.refTo.Seconds(), w.lastFrom.Seconds(), w.lastTo.Seconds())
	if w.scaled {
		fmt.Println("(the goal's windows are minutes 5–10 and 25–30 of a 30-minute soak; this run's are scaled to its length)")
	}
	for _, s := range soakSeries {
		fmt.Printf("%-24s reference %9.2f, last %9.2f, drift %+6.1f%%\n", s.label, f["soak_"+s.key+"_ref"], f["soak_"+s.key+"_last"], 100*f["soak_"+s.key+"_drift"])
	}
	verdict := "NOT flat"
	if f["soak_flat"] == 1 {
		verdict = "flat"
	}
	fmt.Printf("memory, goroutines and p99 %s (within %.0f%%); %.0f answered/s, %.0f errors\n", verdict, 100*soakFlatTolerance, f["soak_rps"], f["soak_errors"])
}
