package app

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/queries"
)

// startup tells whether the instance has caught up since it started: its
// projection runners have passed every event the log held when they
// began. Until then /readyz answers 503 (rule OPS-ready-after-catch-up),
// so that an orchestrator sends no traffic to an instance still catching
// up.
//
// Why: a restarted runner resumes from its stored checkpoint and reads
// again what it passed since. Before that checkpoint also moved past the
// events a runner skips (rule OPS-checkpoint-pass), this was every skipped
// event since its last selected one (a long run of contact-log entries,
// for most read models). Measured on a log of 200,000 such events
// (`opsbench http --compare-crud --compare-cold-only`), the runners read
// the log for about 35 s after the restart on a loaded machine, and a
// lone command then took 0.3 to 1.9 s instead of tens of milliseconds,
// with or without a snapshot of its stream: the first command after a
// restart waited on the machine the catch-up held, not on its own work.
type startup struct {
	once sync.Once
	done chan struct{}
}

func newStartup() *startup { return &startup{done: make(chan struct{})} }

func (s *startup) finish()               { s.once.Do(func() { close(s.done) }) }
func (s *startup) finished() bool        { return isClosed(s.done) }
func (s *startup) wait() <-chan struct{} { return s.done }

func isClosed(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// CaughtUp is closed once the projection runners RunProjections started
// have passed every event the log held when they began (or
// startupCatchUpLimit passed): /readyz answers 503 until then.
func (a *App) CaughtUp() <-chan struct{} { return a.startup.wait() }

// startupCatchUpLimit bounds how long the instance reports itself not
// ready while its runners catch up: past it, /readyz reports each read
// model's own state (a lagging one shows in its status), rather than
// keeping an instance out of service for good.
const startupCatchUpLimit = 5 * time.Minute

// startupPoll is how long one wait for a read model lasts before the
// catch-up looks again for a parked one or the limit.
const startupPoll = time.Second

// catchUpAfterStart waits until every read model has passed the head of
// the log as it stood when the runners started, warms the request
// connections (warmRequestConns), then marks the instance caught up. A
// read model stopped on a parked event is not waited for: it
// degrades /readyz by its own component, as it would at any time.
func (a *App) catchUpAfterStart(ctx context.Context) error {
	head, err := a.headAtStart(ctx)
	if err != nil {
		return nil //nolint:nilerr // ctx ended: the instance is stopping
	}
	limit := time.Now().Add(startupCatchUpLimit)
	behind := slices.Clone(a.Projections)
	for len(behind) > 0 {
		err := projections.WaitFor(ctx, a.Pool, a.Store, a.Config.ReadNamespace, head, startupPoll, behind[0])
		switch {
		case ctx.Err() != nil:
			return nil
		case err == nil || a.parked(ctx, behind[0].Name()):
			behind = behind[1:]
		case time.Now().After(limit):
			a.Config.Log.Warn("read models still catching up after start; reporting ready", "behind", len(behind), "limit", startupCatchUpLimit)
			behind = nil
		}
	}
	a.warmRequestConns(ctx)
	a.warmAggregateCache(ctx)
	a.startup.finish()
	return nil
}

// headAtStart reads the log's head, retrying while the store cannot be
// reached (readiness says so meanwhile); it fails only when ctx ends.
func (a *App) headAtStart(ctx context.Context) (eventstore.Position, error) {
	for {
		head, err := a.Store.Head(ctx)
		if err == nil {
			return head, nil
		}
		if errors.Is(err, ctx.Err()) || ctx.Err() != nil {
			return head, ctx.Err()
		}
		a.Config.Log.Warn("catch-up after start: cannot read the log's head", "err", err)
		select {
		case <-ctx.Done():
			return head, ctx.Err()
		case <-time.After(startupPoll):
		}
	}
}

// parked reports whether the read model name is stopped on a parked
// event.
func (a *App) parked(ctx context.Context, name string) bool {
	open, err := projections.DeadLetters(ctx, a.Pool, a.Config.ReadNamespace, true)
	if err != nil {
		return false
	}
	return slices.ContainsFunc(open, func(d queries.DeadLetter) bool { return d.Projection == name })
}

// startupComponent is the catch-up after start as /readyz reports it:
// unavailable (503) until the read models have passed the log as it
// stood when the runners started.
func (a *App) startupComponent() api.Component {
	c := component("catch-up after start", api.KindStartup)
	if !a.startup.finished() {
		c.Status, c.Reason = api.ComponentUnavailable, "read models catching up with the log since start"
	}
	return c
}
