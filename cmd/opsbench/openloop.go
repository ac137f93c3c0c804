package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// benchRequest is one request a targeter asks for: an empty token sends
// no Authorization header, a command gets a fresh Idempotency-Key.
type benchRequest struct {
	method, path, token string
	body                []byte
	command             bool
}

// nextRequest chooses the next request; vegeta calls it from many
// goroutines at once, so it must be safe for that.
type nextRequest func() benchRequest

// benchTargeter turns requests into vegeta targets on base, each command
// with an Idempotency-Key no other request of the run carries, as a
// retrying client would send.
func benchTargeter(base, run string, next nextRequest) vegeta.Targeter {
	var seq atomic.Uint64
	return func(t *vegeta.Target) error {
		r := next()
		t.Method, t.URL, t.Body = r.method, base+r.path, r.body
		t.Header = http.Header{}
		if r.token != "" {
			t.Header.Set("Authorization", "Bearer "+r.token)
		}
		if r.body != nil {
			t.Header.Set("Content-Type", "application/json")
		}
		if r.command {
			t.Header.Set("Idempotency-Key", fmt.Sprintf("%s-%d", run, seq.Add(1)))
		}
		return nil
	}
}

// attackPlan is one measured run: rate requests per second on schedule
// (open loop: a slow answer never delays the next request), or, with rate
// 0, closedWorkers workers sending back to back (closed loop, for the
// maximum throughput).
type attackPlan struct {
	name          string
	rate          float64
	duration      time.Duration
	closedWorkers int
	// onResult, when set, sees every result (the heavy mix learns from
	// them which quotations moved on).
	onResult func(*vegeta.Result)
}

// openLoopWorkers bounds vegeta's workers (each with its connection) in
// an open-loop run: enough that a tick does not wait for a free worker
// while the server keeps up (waiting would be coordinated omission
// again), few enough that an overloaded server cannot make the generator
// run the process out of file descriptors. A run whose sent rate falls
// short of its offered rate hit the bound: the server was overloaded.
const openLoopWorkers = 1000

// attackTimeout is how long a request may wait for its answer before it
// counts as an error; it also bounds how long an overloaded run drains.
const attackTimeout = 10 * time.Second

// runAttack sends the plan's requests and summarizes what came back.
// Each run has its own connections, closed at its end, so one run's
// backlog does not weigh on the next.
func runAttack(ctx context.Context, tr vegeta.Targeter, p attackPlan) runSummary {
	transport := newAttackTransport()
	defer transport.CloseIdleConnections()
	opts := []func(*vegeta.Attacker){vegeta.Client(newAttackClient(transport)), vegeta.MaxBody(4 << 10)}
	pacer := vegeta.ConstantPacer{Freq: int(p.rate + 0.5), Per: time.Second}
	if p.rate <= 0 {
		pacer = vegeta.ConstantPacer{} // as fast as the workers go
		opts = append(opts, vegeta.Workers(uint64(p.closedWorkers)), vegeta.MaxWorkers(uint64(p.closedWorkers)))
	} else {
		opts = append(opts, vegeta.Workers(64), vegeta.MaxWorkers(openLoopWorkers))
	}
	atk := vegeta.NewAttacker(opts...)
	stop := context.AfterFunc(ctx, func() { atk.Stop() })
	defer stop()
	var results []attackResult
	for res := range atk.Attack(tr, pacer, p.duration, p.name) {
		if p.onResult != nil {
			p.onResult(res)
		}
		results = append(results, attackResult{at: res.Timestamp, latency: res.Latency, code: res.Code, err: res.Error, body: res.Body})
	}
	s := summarize(results)
	s.name, s.offered = p.name, p.rate
	return s
}

// newAttackTransport keeps a connection per worker between requests.
func newAttackTransport() *http.Transport {
	return &http.Transport{MaxIdleConnsPerHost: openLoopWorkers, IdleConnTimeout: time.Minute, DisableCompression: true}
}

func newAttackClient(t *http.Transport) *http.Client {
	return &http.Client{Transport: t, Timeout: attackTimeout}
}

// attackResult is what the summary needs of a vegeta result.
type attackResult struct {
	at      time.Time
	latency time.Duration
	code    uint16
	err     string
	body    []byte
}

// runSummary is one run's figures. Throughput counts successful (2xx)
// answers per second of the run; the quantiles are exact (nearest rank)
// over every answer, failed ones included, so an overloaded server's
// timeouts show in its tail.
type runSummary struct {
	name               string
	offered            float64 // requests per second asked (0: closed loop)
	requests, errors   int
	throughput         float64
	p50, p99, p999     float64 // ms
	firstErr           string
	durationS, sentRPS float64
	order              int // the run's place in the report
	// selfCPU and pgCPU are the CPU time this process (server, plain
	// service and generator) and the database's backends spent during
	// the run.
	selfCPU, pgCPU time.Duration
}

// cpuPerRequestMS is d per successful answer, in milliseconds.
func (s runSummary) cpuPerRequestMS(d time.Duration) float64 {
	ok := s.requests - s.errors
	if ok <= 0 {
		return 0
	}
	return float64(d.Microseconds()) / 1000 / float64(ok)
}

func summarize(results []attackResult) runSummary {
	var s runSummary
	if len(results) == 0 {
		return s
	}
	lat := make([]time.Duration, len(results))
	first, last := results[0].at, results[0].at
	ok := 0
	for i, r := range results {
		lat[i] = r.latency
		first, last = minTime(first, r.at), maxTime(last, r.at)
		if r.code >= 200 && r.code <= 299 && r.err == "" {
			ok++
			continue
		}
		s.errors++
		if s.firstErr == "" {
			s.firstErr = fmt.Sprintf("status %d %s %.200s", r.code, r.err, r.body)
		}
	}
	slices.Sort(lat)
	s.requests = len(results)
	s.p50, s.p99, s.p999 = httpQuantile(lat, 0.50), httpQuantile(lat, 0.99), httpQuantile(lat, 0.999)
	// Rates are over the span of send times, as vegeta's own: n requests
	// sent over it are n-1 intervals.
	if span := last.Sub(first).Seconds(); span > 0 {
		s.durationS = span
		s.sentRPS = float64(len(results)-1) / span
		s.throughput = float64(ok) / span
	}
	return s
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
