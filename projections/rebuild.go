package projections

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore"
)

// Progress is told how far a rebuild got: events applied so far and the
// position of the last one.
type Progress func(applied int64, at eventstore.Position)

// Rebuild builds the next generation of the projection from the start of
// the log, beside the live one, and switches the read views to it once it
// has caught up. Queries keep reading the old generation until the switch,
// which happens in one transaction. The generation before the old one is
// dropped afterwards; the old one stays for comparison until the next
// rebuild.
func (r *Runner) Rebuild(ctx context.Context, progress Progress) (generation int, err error) {
	active, err := activeGeneration(ctx, r.pool, r.ns, r.p)
	if err != nil {
		return 0, err
	}
	gen := active + 1
	err = pgx.BeginFunc(ctx, r.pool, func(tx pgx.Tx) error { return createGeneration(ctx, tx, r.ns, r.p, gen, false) })
	if err != nil {
		return 0, err
	}
	err = r.withLock(ctx, gen, false, func(conn *pgxpool.Conn) error {
		if err := r.catchUp(ctx, conn, gen, progress); err != nil {
			return err
		}
		if err := buildIndexesApart(ctx, r.pool, conn, r.ns, r.p, gen); err != nil {
			return err
		}
		return finishRebuild(ctx, conn, r.ns, r.p, gen)
	})
	if err != nil {
		return 0, err
	}
	return gen, dropGenerationsBefore(ctx, r.pool, r.ns, r.p, gen-1)
}

// catchUp applies the log in large batches until a read comes back empty.
func (r *Runner) catchUp(ctx context.Context, conn *pgxpool.Conn, gen int, progress Progress) error {
	pos, err := r.checkpoint(ctx, conn, gen)
	if err != nil {
		return err
	}
	var applied int64
	for {
		batch, err := r.store.ReadAll(ctx, pos, r.opts.RebuildBatch, r.p.Filter())
		if err != nil {
			return fmt.Errorf("%s: read: %w", r.p.Name(), err)
		}
		if len(batch) == 0 {
			return nil
		}
		if err := r.applyWithRetry(ctx, conn, gen, false, batch); err != nil {
			if errors.Is(err, errParked) {
				return fmt.Errorf("%s: rebuild stopped at a parked event (see dead letters): %w", r.p.Name(), err)
			}
			return err
		}
		pos = batch[len(batch)-1].Position
		applied += int64(len(batch))
		if progress != nil {
			progress(applied, pos)
		}
	}
}
