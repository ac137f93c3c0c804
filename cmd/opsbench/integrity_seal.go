package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/eventstore"
	integritypg "github.com/opsledger/opsledger/integrity/postgres"
	"github.com/opsledger/opsledger/integrity/verify"
	"github.com/opsledger/opsledger/privacy"
)

// benchSealer runs the application's log sealer on demand and keeps each
// sealed event's wait (commit of its checkpoint minus its recorded time)
// while lags are collected.
type benchSealer struct {
	a       *app.App
	stopRun context.CancelFunc
	done    chan error

	mu      sync.Mutex
	collect bool
	since   time.Time
	lagsMS  []float64
}

func newBenchSealer(a *app.App) *benchSealer { return &benchSealer{a: a} }

// start runs the sealer until stop; it resumes from what is sealed.
func (s *benchSealer) start(ctx context.Context) {
	runCtx, cancel := context.WithCancel(ctx)
	s.stopRun, s.done = cancel, make(chan error, 1)
	sealer := s.a.IntegrityLog.Sealer(privacy.Stored(s.a.Store), integritypg.SealerOptions{OnSeal: s.observe})
	go func() { s.done <- sealer.Run(runCtx) }()
}

func (s *benchSealer) stop() {
	if s.stopRun == nil {
		return
	}
	s.stopRun()
	<-s.done
	s.stopRun = nil
}

func (s *benchSealer) observe(seal integritypg.Seal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.collect {
		return
	}
	for _, e := range seal.Events {
		if !e.RecordedAt.Before(s.since) {
			s.lagsMS = append(s.lagsMS, float64(seal.Committed.Sub(e.RecordedAt).Microseconds())/1000)
		}
	}
}

// waitSealed waits until a checkpoint covers n events.
func (s *benchSealer) waitSealed(ctx context.Context, n uint64, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		c, err := s.a.IntegrityLog.Checkpoint(ctx)
		if err == nil && c.Size >= n {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the sealer did not seal %d events in %s (checkpoint %d, %v)", n, timeout, c.Size, err)
		}
		select {
		case err := <-s.done:
			return fmt.Errorf("sealer stopped: %w", err)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// logSize counts the events of the log.
func logSize(ctx context.Context, a *app.App) (uint64, error) {
	var n int64
	err := a.Pool.QueryRow(ctx, "SELECT count(*) FROM "+igEvents+".events").Scan(&n)
	return uint64(n), err
}

// measureReadBack reads the whole of $all with ReadAll pages, as a
// projection catching up does (through the decrypting store): the rate
// the sealer is held against. readback_stored_eps is the same read of
// the events as stored, which the sealer and verify read.
func measureReadBack(ctx context.Context, a *app.App, results map[string]float64) error {
	var err error
	if results["readback_eps"], err = readBackRate(ctx, a.Store); err != nil {
		return err
	}
	results["readback_stored_eps"], err = readBackRate(ctx, privacy.Stored(a.Store))
	return err
}

func readBackRate(ctx context.Context, store eventstore.Store) (float64, error) {
	best := 0.0
	for range 2 { // the first read warms the cache, as the sealer's would find it
		start, n := time.Now(), 0
		for from := eventstore.Start; ; {
			page, err := store.ReadAll(ctx, from, 5000, eventstore.Filter{})
			if err != nil {
				return 0, err
			}
			if len(page) == 0 {
				break
			}
			n += len(page)
			from = page[len(page)-1].Position
		}
		best = max(best, float64(n)/time.Since(start).Seconds())
	}
	return best, nil
}

// measureCatchUp seals the whole history from an empty tree.
func (s *benchSealer) measureCatchUp(ctx context.Context, results map[string]float64) error {
	n, err := logSize(ctx, s.a)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "integrity: sealing %d events\n", n)
	start := time.Now()
	s.start(ctx)
	if err := s.waitSealed(ctx, n, 30*time.Minute); err != nil {
		return err
	}
	results["seal_eps"] = float64(n) / time.Since(start).Seconds()
	results["seal_ratio"] = results["seal_eps"] / results["readback_eps"]
	results["seal_ratio_stored"] = results["seal_eps"] / results["readback_stored_eps"]
	return nil
}

// measureVerify verifies the sealed history.
func measureVerify(ctx context.Context, a *app.App, results map[string]float64) error {
	fmt.Fprintln(os.Stderr, "integrity: verifying")
	start := time.Now()
	r, err := verify.Verify(ctx, verify.StoreEvents(privacy.Stored(a.Store), 0), a.IntegrityLog, verify.Options{PublicKey: a.IntegrityLog.VerifierKey()})
	if err != nil {
		return err
	}
	if !r.OK() {
		return fmt.Errorf("the benchmark's own log failed verification: %s", r.Problem)
	}
	results["verify_events"], results["verify_eps"] = float64(r.Events), float64(r.Events)/time.Since(start).Seconds()
	return nil
}

// measureLag issues commands at o.rate a second for o.lagDuration with
// the sealer running and takes the p50 and p99 of the events' waits.
func (s *benchSealer) measureLag(ctx context.Context, a *app.App, o integrityOptions, results map[string]float64) error {
	fmt.Fprintln(os.Stderr, "integrity: setting up the seal-lag load")
	fix, err := setupLag(ctx, a.Commands, 500, 300, 200)
	if err != nil {
		return err
	}
	// The lag benchmark's mix, less its complaint progress, which its
	// customer-service actor is refused since complaints are routed to
	// quality: the sealer's lag does not depend on which events it seals.
	mix := slices.DeleteFunc((&lagWatch{a: a}).mix(fix), func(c lagCommand) bool { return c.eventType == "complaint.progress_recorded" })
	s.mu.Lock()
	s.collect, s.since, s.lagsMS = true, time.Now(), nil
	s.mu.Unlock()
	fmt.Fprintf(os.Stderr, "integrity: %d commands/s for %s\n", o.rate, o.lagDuration)
	var firstErr atomic.Value
	issued, failed, elapsed := issueAtRate(ctx, o.rate, o.lagDuration, o.workers, func(ctx context.Context, i int) error {
		c := mix[i%len(mix)]
		_, err := c.issue(ctx, i/len(mix))
		if err != nil {
			firstErr.CompareAndSwap(nil, fmt.Errorf("%s: %w", c.eventType, err))
		}
		return err
	})
	n, err := logSize(ctx, a)
	if err == nil {
		err = s.waitSealed(ctx, n, time.Minute)
	}
	if err != nil {
		return err
	}
	s.mu.Lock()
	lags := slices.Clone(s.lagsMS)
	s.collect = false
	s.mu.Unlock()
	slices.Sort(lags)
	results["seal_lag_commands"], results["seal_lag_failed"] = float64(issued), float64(failed)
	results["seal_lag_commands_per_sec"] = float64(issued-failed) / elapsed
	results["seal_lag_events"] = float64(len(lags))
	results["seal_lag_p50_ms"], results["seal_lag_p99_ms"] = lagQuantile(lags, 0.5), lagQuantile(lags, 0.99)
	results["seal_lag_max_ms"] = lagQuantile(lags, 1)
	if failed > 0 {
		return fmt.Errorf("%d of %d commands failed, the first with %v", failed, issued, firstErr.Load())
	}
	return nil
}

// issueAtRate calls issue rate times a second for d from workers
// goroutines (open loop: a 10 ms ticker releases what is due), and
// returns how many it issued and how many failed, and the seconds taken.
func issueAtRate(ctx context.Context, rate int, d time.Duration, workers int, issue func(context.Context, int) error) (issued, failed int, seconds float64) {
	jobs := make(chan int, rate*int(d/time.Second)+rate)
	var failures atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				if err := issue(ctx, i); err != nil && !errors.Is(err, context.Canceled) {
					failures.Add(1)
				}
			}
		})
	}
	start := time.Now()
	tick := time.NewTicker(10 * time.Millisecond)
	for time.Since(start) < d && ctx.Err() == nil {
		<-tick.C
		for due := int(time.Since(start).Seconds()*float64(rate)) - issued; due > 0; due-- {
			jobs <- issued
			issued++
		}
	}
	tick.Stop()
	close(jobs)
	wg.Wait()
	return issued, int(failures.Load()), time.Since(start).Seconds()
}
