package projections

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/sync/errgroup"

	"github.com/opsledger/opsledger/eventstore"
)

// rebuildTarget is one projection being rebuilt by RebuildAll.
type rebuildTarget struct {
	r    *Runner
	gen  int
	conn *pgxpool.Conn
}

// RebuildAll rebuilds several projections in one pass over the log: each
// batch is read once and applied to every projection's next generation in
// parallel, so a full rebuild costs one read of history rather than one
// per read model. When the log is exhausted every projection switches to
// its new generation. Rebuilt projections stay beside the live ones until
// then; queries read the old generations.
func RebuildAll(ctx context.Context, pool *pgxpool.Pool, store eventstore.Store, ns Namespace, ps []Projection, opts Options, progress Progress) error {
	targets := make([]*rebuildTarget, len(ps))
	for i, p := range ps {
		r := NewRunner(pool, store, ns, p, opts)
		active, err := activeGeneration(ctx, pool, ns, p)
		if err != nil {
			return err
		}
		gen := active + 1
		if err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return createGeneration(ctx, tx, ns, p, gen, false) }); err != nil {
			return err
		}
		targets[i] = &rebuildTarget{r: r, gen: gen}
	}
	err := lockAll(ctx, targets, func() error {
		return replayInto(ctx, store, targets, opts.withDefaults().RebuildBatch, progress, func(ctx context.Context, t *rebuildTarget) error {
			if err := buildIndexesApart(ctx, pool, t.conn, ns, t.r.p, t.gen); err != nil {
				return err
			}
			return finishRebuild(ctx, t.conn, ns, t.r.p, t.gen)
		})
	})
	if err != nil {
		return err
	}
	for _, t := range targets {
		if err := dropGenerationsBefore(ctx, pool, ns, t.r.p, t.gen-1); err != nil {
			return err
		}
	}
	return nil
}

// lockAll takes every target's generation lock, then runs fn.
func lockAll(ctx context.Context, targets []*rebuildTarget, fn func() error) error {
	if len(targets) == 0 {
		return fn()
	}
	t := targets[0]
	return t.r.withLock(ctx, t.gen, false, func(conn *pgxpool.Conn) error {
		t.conn = conn
		return lockAll(ctx, targets[1:], fn)
	})
}

// replayInto reads the log once and hands each batch to every target,
// each applying its batches in order on a goroutine of its own. A target
// may fall up to rebuildLead batches behind the reader before the reader
// waits for it, so a read model whose batch is slow (a large COPY, many
// rows to load) holds up only itself, not every other one at each batch:
// the replay takes about the slowest read model's time, not the sum of
// each batch's slowest. A target that has applied the last batch is
// finished (its indexes built, its views switched) at once, while slower
// ones still replay: the index builds of the quick read models use the
// time the slowest one leaves the machine (decision 30).
func replayInto(ctx context.Context, store eventstore.Store, targets []*rebuildTarget, batchSize int, progress Progress,
	finish func(context.Context, *rebuildTarget) error) error {
	g, ctx := errgroup.WithContext(ctx)
	feeds := make([]chan *replayBatch, len(targets))
	passed := &replayProgress{report: progress}
	filters := make([]eventstore.Filter, len(targets))
	for i, t := range targets {
		filters[i] = t.r.p.Filter()
	}
	kinds := newKindReader(filters)
	for i, t := range targets {
		feeds[i] = make(chan *replayBatch, rebuildLead)
		g.Go(func() error {
			if err := applyFeed(ctx, t, newKindFilter(kinds, filters[i]), feeds[i], passed); err != nil {
				return err
			}
			return finish(ctx, t)
		})
	}
	g.Go(func() error {
		if err := readFeeds(ctx, store, kinds, batchSize, len(targets), feeds); err != nil {
			return err // the targets stop on ctx, unfinished
		}
		// a closed feed tells its target the log is done, so it is
		// closed only when the whole log was read
		for _, f := range feeds {
			close(f)
		}
		return nil
	})
	return g.Wait()
}

// rebuildLead is how many batches a target may lag behind the reader.
const rebuildLead = 2

// replayBatch is one batch of the log on its way to every target;
// kinds describes its events for the targets' filters (nil: they
// select with selectedBy); pending counts the targets that have not
// passed it yet.
type replayBatch struct {
	events  []eventstore.Recorded
	kinds   *batchKinds
	pending atomic.Int64
}

// readFeeds reads the log in batches, describes each batch's events once
// for the targets' filters and hands it to every feed.
func readFeeds(ctx context.Context, store eventstore.Store, kinds *kindReader, batchSize, targets int, feeds []chan *replayBatch) error {
	pos := eventstore.Start
	for {
		events, err := store.ReadAll(ctx, pos, batchSize, eventstore.Filter{})
		if err != nil || len(events) == 0 {
			return err
		}
		b := &replayBatch{events: events, kinds: kinds.describe(events)}
		b.pending.Store(int64(targets))
		for _, f := range feeds {
			select {
			case f <- b:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		pos = events[len(events)-1].Position
	}
}

// applyFeed applies the events of each batch that t's projection selects
// (by f, its filter; a batch without one costs no transaction) and marks
// the batch passed, until its feed is closed (nil: the whole log applied)
// or ctx is done.
func applyFeed(ctx context.Context, t *rebuildTarget, f *kindFilter, feed <-chan *replayBatch, passed *replayProgress) error {
	for {
		var b *replayBatch
		select {
		case <-ctx.Done():
			return ctx.Err()
		case next, ok := <-feed:
			if !ok {
				return nil
			}
			b = next
		}
		if mine := f.selected(b.events, b.kinds); len(mine) > 0 {
			if err := t.r.applyWithRetry(ctx, t.conn, t.gen, false, mine); err != nil {
				return fmt.Errorf("rebuild %s: %w", t.r.p.Name(), err)
			}
		}
		if b.pending.Add(-1) == 0 {
			passed.pass(b.events)
		}
	}
}

// replayProgress reports each batch once every target has passed it.
// Targets pass batches in the log's order, so the last target to pass a
// batch does so before any target's last pass of the next one.
type replayProgress struct {
	mu      sync.Mutex
	applied int64
	report  Progress
}

func (p *replayProgress) pass(events []eventstore.Recorded) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.applied += int64(len(events))
	if p.report != nil {
		p.report(p.applied, events[len(events)-1].Position)
	}
}
