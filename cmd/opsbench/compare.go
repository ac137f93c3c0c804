package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/opsledger/opsledger/app"
)

// compareOptions are the flags of `opsbench http --compare-crud`.
type compareOptions struct {
	enabled       bool
	duration      time.Duration
	streams       int
	shortEvents   int
	longEvents    int
	snapshotEvery int
	// maximaOnly skips the open-loop and the stream runs.
	maximaOnly bool
	// decompose adds the runs of measureDecomposition.
	decompose bool
	// coldOnly runs only what the cold command needs (see
	// measureColdOnly).
	coldOnly bool
	// coldRounds is how many restarts the cold command is timed after
	// (see measureColdRounds).
	coldRounds int
	// profileRun is the run --cpuprofile profiles.
	profileRun string
	// pgStatements samples the database's statements during each run
	// (see pgSampler).
	pgStatements bool
}

// comparison is one --compare-crud run under way: the application, the
// plain service, the fixture and the runs measured so far.
type comparison struct {
	o           httpOptions
	env         *httpEnv
	crud        *crudServer
	sampler     *pgSampler // nil unless --pg-statements
	fx          *httpFixture
	short, long []string
	runs        compareRuns
	// warmLongMS and plainAloneMS are the baselines of the cold command
	// (see measureAloneBaselines).
	warmLongMS, plainAloneMS float64
	// restartReadyS is how long the last restart took until /readyz
	// said ready.
	restartReadyS float64
}

// runCompareCRUD compares the event-sourced application with a plain
// CRUD service (see crudService) driven by the same open-loop generator
// (vegeta) in the same run:
//
//		opsbench http --compare-crud [--compare-duration 10s] [--json FILE]
//
//	 1. Maximum throughput of each: a closed loop of --connections workers
//	    sending back to back for --compare-duration; successful answers per
//	    second. For the plain service and for our one-event command (POST
//	    /customers/{id}/contact-log over --customers customers), and for our
//	    mix (httpMix plus the heavy quotation and contract commands, see
//	    heavyMix).
//	 2. Open loop at 50% and 90% of the plain service's maximum, each
//	    request sent on schedule whether or not earlier ones were answered:
//	    p50, p99, p99.9 of the plain service, our one-event command and our
//	    mix.
//	 3. Streams: the one-event command, open loop at streamRate requests
//	    per second per stream (at most half the command's maximum), on
//	    --streams customers of --short-events events and on --streams
//	    customers of --long-events events, after one command on each
//	    stream (so the runs are warm: each aggregate cached, each long
//	    stream with a snapshot); then the application is closed and
//	    reopened on the same database (empty cache, snapshots kept),
//	    the first command on each of a few long streams is timed alone,
//	    in --cold-rounds such restarts (cold_command_ms_10k is the median
//	    of the rounds' medians, see measureColdRounds), and both runs
//	    repeat after the last.
func runCompareCRUD(ctx context.Context, o httpOptions) error {
	c, err := startComparison(ctx, o)
	if err != nil {
		return err
	}
	defer c.close()
	if o.compare.coldOnly {
		return c.measureColdOnly(ctx)
	}
	if err := c.measureMaxima(ctx); err != nil {
		return err
	}
	var cold coldRounds
	var coldNoSnapshot float64
	if !o.compare.maximaOnly {
		c.measureRates(ctx)
		if cold, coldNoSnapshot, err = c.measureStreams(ctx); err != nil {
			return err
		}
	}
	if o.compare.decompose {
		if err := c.measureDecomposition(ctx); err != nil {
			return err
		}
	}
	f := compareFigures(c.runs)
	cold.figures(f)
	f["first_command_ms_10k_no_snapshot"] = coldNoSnapshot
	f["warm_command_ms_10k"], f["crud_alone_ms"] = c.warmLongMS, c.plainAloneMS
	if o.compare.maximaOnly {
		// Not measured: a 0 would read as a goal met.
		for _, k := range notMeasuredByMaxima {
			delete(f, k)
		}
	}
	f["snapshot_every"], f["connections"] = float64(o.compare.snapshotEvery), float64(o.connections)
	f["compare_duration_s"], f["streams"] = o.compare.duration.Seconds(), float64(o.compare.streams)
	f["short_events"], f["long_events"] = float64(o.compare.shortEvents), float64(o.compare.longEvents)
	printCompare(c.runs, f)
	return writeJSON(o.jsonOut, f)
}

// notMeasuredByMaxima are the figures of the runs --compare-maxima-only
// skips.
var notMeasuredByMaxima = []string{"crud_ratio_p99", "mix_ratio_p99", "p99_long_over_short", "p99_long_over_short_restart",
	"cold_command_ms_10k", "cold_command_ms_10", "cold_command_ms_10k_min", "cold_command_ms_10k_max", "cold_rounds",
	"first_command_ms_10k_no_snapshot", "restart_first_command_ms", "warm_command_ms_10k", "crud_alone_ms", "restart_ready_s"}

func startComparison(ctx context.Context, o httpOptions) (*comparison, error) {
	if err := dropHTTPSchemas(ctx, o.url); err != nil {
		return nil, fmt.Errorf("wipe scratch schemas: %w", err)
	}
	env, err := openCompareApp(ctx, o.url, o.compare.snapshotEvery)
	if err != nil {
		return nil, err
	}
	c := &comparison{o: o, env: env, runs: compareRuns{}}
	if c.crud, err = startCRUDServer(ctx, o.url); err != nil {
		env.close()
		return nil, err
	}
	if o.compare.pgStatements {
		if c.sampler, err = startPGSampler(ctx, o.url); err != nil {
			c.close()
			return nil, err
		}
	}
	if c.fx, err = setUpHTTP(ctx, env.client, o); err != nil {
		c.close()
		return nil, fmt.Errorf("set up: %w", err)
	}
	if err := c.setUpStreams(ctx); err != nil {
		c.close()
		return nil, err
	}
	return c, nil
}

func (c *comparison) setUpStreams(ctx context.Context) error {
	start := time.Now()
	o := c.o.compare
	var err error
	if c.short, _, err = setUpStreams(ctx, c.env, c.fx, "short", o.streams, o.shortEvents); err != nil {
		return fmt.Errorf("short streams: %w", err)
	}
	long, last, err := setUpStreams(ctx, c.env, c.fx, "long", o.streams, o.longEvents)
	if err != nil {
		return fmt.Errorf("long streams: %w", err)
	}
	c.long = long
	if err := awaitProjections(ctx, c.env, c.fx.team.head, long[len(long)-1], last); err != nil {
		return err
	}
	fmt.Printf("set up %d streams of %d and %d of %d events in %s\n", o.streams, o.shortEvents, o.streams, o.longEvents,
		time.Since(start).Round(time.Millisecond))
	return nil
}

func (c *comparison) close() {
	if c.sampler != nil {
		c.sampler.close()
	}
	c.env.close()
	c.crud.close()
}

// attack runs one plan against base and keeps it under key.
func (c *comparison) attack(ctx context.Context, key, base string, next nextRequest, p attackPlan) runSummary {
	p.name, p.duration, p.closedWorkers = key, c.o.compare.duration, c.o.connections
	stopProfile := c.profile(key)
	c.sampleStatements(key)
	before := takeCPUSnapshot(ctx, c.env.app.Pool)
	s := runAttack(ctx, benchTargeter(base, key, next), p)
	stopProfile()
	// The CPU counted includes the settle, in which the runners finish
	// the run's events: their work is the run's too.
	httpSleep(ctx, settle)
	s.selfCPU, s.pgCPU = cpuSpent(before, takeCPUSnapshot(ctx, c.env.app.Pool))
	defer c.printStatements(key)
	s.order = len(c.runs)
	c.runs[key] = s
	fmt.Printf("%-26s sent %7.0f/s, ok %7.0f/s, p99 %8.2f ms, errors %d, cpu/req %.3f ms here + %.3f ms in PostgreSQL\n",
		key, s.sentRPS, s.throughput, s.p99, s.errors, s.cpuPerRequestMS(s.selfCPU), s.cpuPerRequestMS(s.pgCPU))
	return s
}

// profile starts a CPU profile of the run key when it is the one
// --profile-run names and --cpuprofile is set; the returned func stops it.
func (c *comparison) profile(key string) func() {
	if c.o.cpuProfile == "" || key != c.o.compare.profileRun {
		return func() {}
	}
	stop, err := startCPUProfile(c.o.cpuProfile)
	if err != nil {
		fmt.Printf("cpu profile of %s not taken: %v\n", key, err)
		return func() {}
	}
	return stop
}

// sampleStatements starts counting the database's statements for run
// key, when --pg-statements is set.
func (c *comparison) sampleStatements(key string) {
	if c.sampler != nil {
		c.sampler.begin(key)
	}
}

// printStatements stops counting and prints what run key's samples
// found.
func (c *comparison) printStatements(key string) {
	if c.sampler == nil {
		return
	}
	c.sampler.end()
	printStatementShares(key, c.sampler.shares(key))
}

// settle is the pause after a run, so that the server ends the work an
// overloaded run left queued before the next run starts.
const settle = 2 * time.Second

func (c *comparison) oursBase() string { return c.env.client.base }

// measureMaxima warms both services up (not counted), then measures the
// closed-loop maxima.
func (c *comparison) measureMaxima(ctx context.Context) error {
	rep := c.fx.team.rep
	warm := attackPlan{name: "warm-up", duration: c.o.warmup, closedWorkers: c.o.connections}
	runAttack(ctx, benchTargeter(c.crud.base, "warm-crud", oneEventRequests(c.fx.customers, rep)), warm)
	runAttack(ctx, benchTargeter(c.oursBase(), "warm-one", oneEventRequests(c.fx.customers, rep)), warm)
	if c.attack(ctx, keyCRUDMax, c.crud.base, oneEventRequests(c.fx.customers, rep), attackPlan{}).throughput == 0 {
		return fmt.Errorf("the plain service answered nothing: %s", c.runs[keyCRUDMax].firstErr)
	}
	c.attack(ctx, keyOneMax, c.oursBase(), oneEventRequests(c.fx.customers, rep), attackPlan{})
	mix := newHeavyMix(c.fx)
	c.attack(ctx, keyMixMax, c.oursBase(), mix.next, attackPlan{onResult: mix.observe})
	return ctx.Err()
}

// measureRates runs the three services open loop at 50% and 90% of the
// plain service's maximum.
func (c *comparison) measureRates(ctx context.Context) {
	rep, plainMax := c.fx.team.rep, c.runs[keyCRUDMax].throughput
	for _, pct := range []int{50, 90} {
		rate := plainMax * float64(pct) / 100
		c.attack(ctx, rateKey("crud", pct), c.crud.base, oneEventRequests(c.fx.customers, rep), attackPlan{rate: rate})
		c.attack(ctx, rateKey("one", pct), c.oursBase(), oneEventRequests(c.fx.customers, rep), attackPlan{rate: rate})
		mix := newHeavyMix(c.fx)
		c.attack(ctx, rateKey("mix", pct), c.oursBase(), mix.next, attackPlan{rate: rate, onResult: mix.observe})
	}
}

// streamRate is the requests per second per stream of the stream runs:
// a stream takes its commands one at a time (each appends at the version
// it read), so the runs must not ask more of one stream than it can
// answer, or both would measure a queue, not the stream's length.
const streamRate = 10

// measureStreams runs the one-event command on the short and the long
// streams warm, then the cold rounds (measureColdRounds: restarts and
// first commands), and both runs again after the last restart. It
// returns the cold rounds, and the first command's milliseconds on a
// long stream before it had a snapshot.
func (c *comparison) measureStreams(ctx context.Context) (coldRounds, float64, error) {
	rate := max(min(c.runs[keyOneMax].throughput/2, float64(len(c.short)*streamRate)), 1)
	rep := c.fx.team.rep
	coldNoSnapshot, err := c.touchStreams(ctx)
	if err != nil {
		return coldRounds{}, 0, err
	}
	c.attack(ctx, streamKey("short", false), c.oursBase(), oneEventRequests(c.short, rep), attackPlan{rate: rate})
	c.attack(ctx, streamKey("long", false), c.oursBase(), oneEventRequests(c.long, rep), attackPlan{rate: rate})
	cold, err := c.measureColdRounds(ctx)
	if err != nil {
		return cold, 0, err
	}
	c.attack(ctx, streamKey("short", true), c.oursBase(), oneEventRequests(c.short, rep), attackPlan{rate: rate})
	c.attack(ctx, streamKey("long", true), c.oursBase(), oneEventRequests(c.long, rep), attackPlan{rate: rate})
	return cold, coldNoSnapshot, ctx.Err()
}

// coldSamples is how many streams of each length the cold command is
// timed on after each restart (their median is the round's figure).
const coldSamples = 5

// medianCommand times one command on each customer, one at a time, and
// returns the median.
func (c *comparison) medianCommand(ctx context.Context, ids []string) (float64, error) {
	ms := make([]float64, len(ids))
	for i, id := range ids {
		var err error
		if ms[i], err = c.timeCommand(ctx, id); err != nil {
			return 0, err
		}
	}
	slices.Sort(ms)
	return ms[len(ms)/2], nil
}

// touchStreams sends one command to every stream, one at a time, so
// that the warm runs find each aggregate in the cache and each long
// stream with a snapshot, as a stream that grew through commands would
// have (the pre-filled events came with none). It returns how long the
// first command on a long stream took: the whole stream read and folded.
func (c *comparison) touchStreams(ctx context.Context) (float64, error) {
	first, err := c.timeCommand(ctx, c.long[0])
	if err != nil {
		return 0, err
	}
	for _, id := range slices.Concat(c.long[1:], c.short) {
		if _, err := c.timeCommand(ctx, id); err != nil {
			return 0, err
		}
	}
	return first, nil
}

// restart closes the application (its snapshot saver finishes), opens
// a new one on the same database and waits until its /readyz says ready,
// as an orchestrator waits before it sends the new instance traffic (the
// cold command is the first command a ready instance takes; until
// opsbench waited, it was timed while the instance's read models still
// caught up with the log, see app.catchUpAfterStart). How long the
// restart took until ready is kept as restart_ready_s.
func (c *comparison) restart(ctx context.Context) error {
	c.env.close()
	start := time.Now()
	env, err := openCompareApp(ctx, c.o.url, c.o.compare.snapshotEvery)
	if err != nil {
		return fmt.Errorf("restart: %w", err)
	}
	c.env = env
	if err := awaitReady(ctx, env); err != nil {
		return fmt.Errorf("restart: %w", err)
	}
	c.restartReadyS = time.Since(start).Seconds()
	fmt.Printf("restarted, ready after %.1f s\n", c.restartReadyS)
	return nil
}

// timeCommand times one contact-log command on the customer, alone.
func (c *comparison) timeCommand(ctx context.Context, customerID string) (float64, error) {
	start := time.Now()
	status, out, err := c.env.client.send(ctx, http.MethodPost, "/customers/"+customerID+"/contact-log", c.fx.team.rep,
		uuid.NewString(), contactLogBody)
	took := time.Since(start)
	if err != nil || status != http.StatusCreated && status != http.StatusOK {
		return 0, fmt.Errorf("cold command on %s: status %d %v %.200s", customerID, status, err, out)
	}
	return float64(took.Microseconds()) / 1000, nil
}

// compareFlags adds the flags of --compare-crud to fs.
func compareFlags(fs *flag.FlagSet, o *compareOptions) {
	fs.BoolVar(&o.enabled, "compare-crud", false, "compare with a plain CRUD service under an open-loop load instead of the closed-loop figures (see runCompareCRUD)")
	fs.DurationVar(&o.duration, "compare-duration", 10*time.Second, "length of each of the comparison's 13 measured runs")
	fs.IntVar(&o.streams, "streams", 20, "customers in each of the short and long stream sets")
	fs.IntVar(&o.shortEvents, "short-events", 10, "events of a short stream")
	fs.IntVar(&o.longEvents, "long-events", 10000, "events of a long stream")
	fs.BoolVar(&o.maximaOnly, "compare-maxima-only", false, "measure only the maximum throughputs (diagnostic: the goals but crud_ratio_rps stay 0)")
	fs.BoolVar(&o.decompose, "compare-decompose", false, "also run the one-event command's maximum without idempotency keys and without background runners (see measureDecomposition)")
	fs.BoolVar(&o.coldOnly, "compare-cold-only", false, "measure only the first commands after a restart (diagnostic: cold_command_ms_10k and its baselines, no load runs)")
	fs.StringVar(&o.profileRun, "profile-run", keyOneMax, "the comparison run --cpuprofile profiles (a key of the report, e.g. one_max, crud_max, one_at90)")
	fs.BoolVar(&o.pgStatements, "pg-statements", false, "sample PostgreSQL's running statements every 5 ms during each run and print each run's statements by share of the samples on CPU (diagnostic: where the server's time goes, without pg_stat_statements)")
	fs.IntVar(&o.coldRounds, "cold-rounds", 3, "restarts after which the first commands are timed (cold_command_ms_10k is the median of the rounds' medians)")
	fs.IntVar(&o.snapshotEvery, "snapshot-every", app.DefaultSnapshotEvery, "the application's SnapshotEvery in the comparison (0: none)")
}

func (o compareOptions) check() error {
	if o.enabled && (o.duration <= 0 || o.streams < 2 || o.shortEvents < 3 || o.longEvents < o.shortEvents || o.snapshotEvery < 0 || o.coldRounds < 1) {
		return errors.New("compare-duration must be positive, streams at least 2, cold-rounds at least 1, short-events at least 3 (a registered customer has 2), long-events at least short-events")
	}
	return nil
}
