package projections

import (
	"context"
	"fmt"

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
		if err := replayInto(ctx, store, targets, opts.withDefaults().RebuildBatch, progress); err != nil {
			return err
		}
		g, ctx := errgroup.WithContext(ctx)
		for _, t := range targets {
			g.Go(func() error { return finishRebuild(ctx, t.conn, ns, t.r.p, t.gen) })
		}
		return g.Wait()
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

// replayInto reads the log once, one batch ahead of the writers, and
// applies each batch to every target in parallel.
func replayInto(ctx context.Context, store eventstore.Store, targets []*rebuildTarget, batchSize int, progress Progress) error {
	g, ctx := errgroup.WithContext(ctx)
	batches := make(chan []eventstore.Recorded, 1)
	g.Go(func() error {
		defer close(batches)
		pos := eventstore.Start
		for {
			batch, err := store.ReadAll(ctx, pos, batchSize, eventstore.Filter{})
			if err != nil || len(batch) == 0 {
				return err
			}
			select {
			case batches <- batch:
			case <-ctx.Done():
				return ctx.Err()
			}
			pos = batch[len(batch)-1].Position
		}
	})
	g.Go(func() error {
		var applied int64
		for batch := range batches {
			if err := applyToAll(ctx, targets, batch); err != nil {
				return err
			}
			applied += int64(len(batch))
			if progress != nil {
				progress(applied, batch[len(batch)-1].Position)
			}
		}
		return nil
	})
	return g.Wait()
}

func applyToAll(ctx context.Context, targets []*rebuildTarget, batch []eventstore.Recorded) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, t := range targets {
		f := t.r.p.Filter()
		var mine []eventstore.Recorded
		for _, e := range batch {
			if f.Matches(e.Stream, e.Type) {
				mine = append(mine, e)
			}
		}
		if len(mine) == 0 {
			continue
		}
		g.Go(func() error {
			if err := t.r.applyWithRetry(ctx, t.conn, t.gen, false, mine); err != nil {
				return fmt.Errorf("rebuild %s: %w", t.r.p.Name(), err)
			}
			return nil
		})
	}
	return g.Wait()
}
