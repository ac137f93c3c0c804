package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/domain"
)

// opsbench access measures what the read-access log costs the reads it
// records: personal-data reads (one customer file, a page of files, whose
// contact and phone the reader sees) served by one application through
// two servers, one with the log and one without, in alternating phases of
// the same run. Each round is a pair of phases, one each way (the one
// that goes first alternates), and gives its own ratio, reads/s with the
// log over reads/s without it; access_log_ratio is the median of the
// rounds' ratios, so a neighbour's burst of load that lands on one phase
// moves one round's ratio, not the figure (it used to be the ratio of the
// phases' pooled reads, which such a burst moved whole).
// access_log_ratio_pooled is that pooled ratio, and
// access_log_ratio_min/max the spread of the rounds. A phase with the log
// ends when its writer has written the phase's entries (Flush), and its
// time includes that wait. On a shared machine throughput moves with the
// neighbours' load more than with the log, so the run also reports the CPU time per
// read (this process, load included, and the database's backends, the
// log's writer and its drain included) each way: access_log_cpu_ratio,
// CPU per read without the log over with it, is what the throughput ratio
// would be were CPU the only limit.

type accessOptions struct {
	url         string
	duration    time.Duration
	warmup      time.Duration
	rounds      int
	connections int
	customers   int
	jsonOut     string
	cpuProfile  string
}

func parseAccessFlags(args []string) (accessOptions, error) {
	var o accessOptions
	fs := flag.NewFlagSet("access", flag.ContinueOnError)
	fs.StringVar(&o.url, "postgres", "postgres://postgres@127.0.0.1:5432/opsledger_bench_access?sslmode=disable", "database it may wipe (created if missing; schemas bench_http_*)")
	fs.DurationVar(&o.duration, "duration", 20*time.Second, "measured time, split over the phases with and without the log")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "reads on each server before measuring (not counted)")
	fs.IntVar(&o.rounds, "rounds", 10, "pairs of phases, without and with the log, the first of each pair alternating; access_log_ratio is the median of the pairs' ratios")
	fs.IntVar(&o.connections, "connections", 16, "concurrent keep-alive connections")
	fs.IntVar(&o.customers, "customers", 200, "customer files set up before the load")
	fs.StringVar(&o.jsonOut, "json", "", "write the figures as JSON to this file")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the measured phases (server, log writer and load) to this file")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage of access: personal-data reads/s with the read-access log on and off, in alternating phases.
access_log_ratio is the median, over the rounds, of each round's reads/s with the log over reads/s
without it (a round is one phase each way, 10 rounds by default); access_log_ratio_pooled is the ratio
of all the phases' reads, and access_log_ratio_min/max the spread of the rounds. A phase's time includes
the wait for the log's writer to write the phase's entries.`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.duration <= 0 || o.rounds < 1 || o.connections < 1 || o.customers < 1 {
		return o, errors.New("duration, rounds, connections and customers must be positive")
	}
	return o, nil
}

func runAccess(ctx context.Context, args []string) error {
	o, err := parseAccessFlags(args)
	if err != nil {
		return err
	}
	if err := dropHTTPSchemas(ctx, o.url); err != nil {
		return fmt.Errorf("wipe scratch schemas: %w", err)
	}
	env, err := openHTTPEnv(ctx, o.url, func(*app.Config) {})
	if err != nil {
		return err
	}
	defer env.close()
	fx, err := setupAccessFixture(ctx, env, o.customers)
	if err != nil {
		return fmt.Errorf("set up: %w", err)
	}
	off, err := serveWithoutAccessLog(env)
	if err != nil {
		return err
	}
	defer off.Close()
	on := env.client.base
	for _, base := range []string{"http://" + off.Addr().String(), on} {
		if _, err := driveAccessPhase(ctx, base, fx, o.connections, o.warmup/2); err != nil {
			return err
		}
	}
	fx.countFrom, err = fx.countLogged(ctx, env)
	if err != nil {
		return err
	}
	phase := o.duration / time.Duration(2*o.rounds)
	stopProfile, err := startCPUProfile(o.cpuProfile)
	if err != nil {
		return err
	}
	defer stopProfile()
	var withLog, withoutLog accessPhase
	ratios := make([]float64, 0, o.rounds)
	for round := range o.rounds {
		// ABBA: the phase that goes first alternates, so neither order
		// nor drift favours one side.
		order := []bool{false, true}
		if round%2 == 1 {
			order = []bool{true, false}
		}
		var pair [2]accessPhase // without, with the log
		for _, logged := range order {
			base, into, side := "http://"+off.Addr().String(), &withoutLog, 0
			if logged {
				base, into, side = on, &withLog, 1
			}
			before := takeCPUSnapshot(ctx, env.app.Pool)
			r, err := driveAccessPhase(ctx, base, fx, o.connections, phase)
			if err != nil {
				return err
			}
			// The log's writer finishes a phase's entries before the
			// next phase, and the phase's time includes that wait, so
			// its work (time and CPU) is billed to its own side even
			// when the writer was resting as the phase ended.
			r.elapsed += drainAccessLog(ctx, env)
			r.selfCPU, r.pgCPU = cpuSpent(before, takeCPUSnapshot(ctx, env.app.Pool))
			into.add(r)
			pair[side] = r
		}
		ratios = append(ratios, pair[1].rate()/pair[0].rate())
	}
	total, err := fx.countLogged(ctx, env)
	if err != nil {
		return err
	}
	// Reads still in flight when a phase ends are served and logged but
	// not counted, so the log may hold a few more than counted, never fewer.
	logged := total - fx.countFrom
	figures := map[string]float64{
		"access_log_off_reads_per_s": withoutLog.rate(), "access_log_on_reads_per_s": withLog.rate(),
		"access_log_ratio":        median(ratios),
		"access_log_ratio_pooled": withLog.rate() / withoutLog.rate(),
		"access_log_ratio_min":    slices.Min(ratios), "access_log_ratio_max": slices.Max(ratios),
		"access_log_rounds":          float64(len(ratios)),
		"access_log_entries_written": float64(logged), "access_log_entries_counted": float64(withLog.entries),
		"access_log_off_cpu_us_per_read": withoutLog.cpuPerRead(), "access_log_on_cpu_us_per_read": withLog.cpuPerRead(),
		"access_log_cpu_ratio": withoutLog.cpuPerRead() / withLog.cpuPerRead(),
	}
	fmt.Printf("personal-data reads, %d connections, %d rounds of %v each way\n", o.connections, o.rounds, phase)
	fmt.Printf("  without the access log: %8.0f reads/s (%d errors)\n", withoutLog.rate(), withoutLog.errors)
	fmt.Printf("  with the access log:    %8.0f reads/s (%d errors)\n", withLog.rate(), withLog.errors)
	fmt.Printf("  access_log_ratio:       %8.3f (median of %d rounds' ratios, from %.3f to %.3f; pooled %.3f)\n",
		figures["access_log_ratio"], len(ratios), figures["access_log_ratio_min"], figures["access_log_ratio_max"], figures["access_log_ratio_pooled"])
	fmt.Printf("  CPU per read (this process and its database backends): %.0f µs without, %.0f µs with the log (ratio %.3f)\n",
		withoutLog.cpuPerRead(), withLog.cpuPerRead(), figures["access_log_cpu_ratio"])
	fmt.Printf("  entries written: %d for %d counted reads' entries\n", logged, withLog.entries)
	if withLog.errors+withoutLog.errors > 0 {
		return fmt.Errorf("%d reads failed", withLog.errors+withoutLog.errors)
	}
	if logged < withLog.entries {
		return fmt.Errorf("the access log holds %d entries for %d logged reads' entries: some were lost", logged, withLog.entries)
	}
	return writeJSON(o.jsonOut, figures)
}

// drainAccessLog waits until the access log has written every entry
// queued (the writer does not rest meanwhile), and says how long that took.
func drainAccessLog(ctx context.Context, env *httpEnv) time.Duration {
	start := time.Now()
	if q, ok := env.app.API.Deps.AccessLog.(interface{ Flush(context.Context) error }); ok {
		_ = q.Flush(ctx) // ends with ctx: the run is over
	}
	return time.Since(start)
}

// serveWithoutAccessLog serves the application's API again, on another
// loopback port, with no access log.
func serveWithoutAccessLog(env *httpEnv) (net.Listener, error) {
	deps := env.app.API.Deps
	deps.AccessLog = nil
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: api.NewServer(deps), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln) //nolint:errcheck // ends when ln closes
	return ln, nil
}

// accessFixture is the customer files and the reader who sees their
// personal data (their department head).
type accessFixture struct {
	ids    []string
	reader string
	// countFrom is what the log held before the measured phases.
	countFrom int64
}

func setupAccessFixture(ctx context.Context, env *httpEnv, n int) (*accessFixture, error) {
	rep, err := env.client.token(ctx, "bench-access-rep", "SALES", domain.RoleSalesRep)
	if err != nil {
		return nil, err
	}
	head, err := env.client.token(ctx, "bench-access-head", "SALES", domain.RoleDeptHead)
	if err != nil {
		return nil, err
	}
	fx := &accessFixture{reader: head}
	var last string
	for i := range n {
		res, err := env.client.command(ctx, "/customers", rep, map[string]any{
			"number": fmt.Sprintf("ACC-%05d", i), "name": fmt.Sprintf("Customer %d", i), "address": "1 Harbour Road",
			"primary_contact": "Ms Lin", "phone": "+86 21 5555 " + strconv.Itoa(1000+i), "source": "REFERRAL", "region": "EAST"})
		if err != nil {
			return nil, err
		}
		fx.ids, last = append(fx.ids, res.ID), res.Position
	}
	return fx, env.client.get(ctx, "/customers/"+fx.ids[0]+"?after="+last, head)
}

// countLogged counts the entries the log holds for the fixture's reader,
// once its writer has caught up.
func (fx *accessFixture) countLogged(ctx context.Context, env *httpEnv) (int64, error) {
	deadline := time.Now().Add(10 * time.Second)
	var n, last int64 = 0, -1
	for n != last && time.Now().Before(deadline) {
		last = n
		time.Sleep(200 * time.Millisecond)
		if err := env.app.Pool.QueryRow(ctx, "SELECT coalesce(sum(last_id - first_id + 1), 0)::bigint FROM "+httpPrefix+"_control.access_reads WHERE reader_id = 'bench-access-head'").Scan(&n); err != nil {
			return 0, err
		}
	}
	return n, nil
}
