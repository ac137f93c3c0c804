package projections

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore"
)

// applyWithRetry applies a batch, retrying with backoff. A batch that keeps
// failing is applied event by event, so the good events before the poison
// one land and the poison one is parked: order is kept, nothing skipped.
func (r *Runner) applyWithRetry(ctx context.Context, conn *pgxpool.Conn, gen int, live bool, batch []eventstore.Recorded) error {
	var err error
	delay := r.opts.Backoff
	for attempt := 1; attempt <= r.opts.MaxAttempts; attempt++ {
		if err = r.applyBatch(ctx, conn, gen, live, batch); err == nil || errors.Is(err, errSwitched) {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if attempt < r.opts.MaxAttempts {
			r.opts.Log.WarnContext(ctx, "projection batch failed; retrying", "projection", r.p.Name(),
				"events", len(batch), "attempt", attempt, "err", err)
			if serr := sleep(ctx, delay); serr != nil {
				return serr
			}
			delay *= 2
		}
	}
	if len(batch) > 1 {
		for _, e := range batch {
			if err := r.applyWithRetry(ctx, conn, gen, live, []eventstore.Recorded{e}); err != nil {
				return err
			}
		}
		return nil
	}
	if perr := r.park(ctx, gen, batch[0], err); perr != nil {
		return perr
	}
	r.opts.Log.ErrorContext(ctx, "projection parked a poison event", "projection", r.p.Name(),
		"event_id", batch[0].ID, "stream", batch[0].Stream, "type", batch[0].Type, "err", err)
	return errParked
}

// applyBatch applies events and moves the checkpoint past them in one
// transaction. A live runner's checkpoint update also checks that its
// generation is still the active one, so a switch costs no extra round
// trip per batch.
func (r *Runner) applyBatch(ctx context.Context, conn *pgxpool.Conn, gen int, live bool, batch []eventstore.Recorded) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	if err := r.p.Apply(ctx, tx, batch); err != nil {
		return fmt.Errorf("%s: apply: %w", r.p.Name(), err)
	}
	last := batch[len(batch)-1]
	tag, err := tx.Exec(ctx, `UPDATE `+r.ns.table("projection_checkpoints")+`
		SET pos_major = $3, pos_minor = $4, last_recorded_at = $5,
			events_applied = events_applied + $6, updated_at = now()
		WHERE name = $1 AND generation = $2
			AND (NOT $7 OR EXISTS (SELECT FROM `+r.ns.table("projection_state")+`
				WHERE name = $1 AND active_generation = $2))`,
		r.p.Name(), gen, int64(last.Position.Major), int64(last.Position.Minor), last.RecordedAt, len(batch), live)
	if err != nil {
		return fmt.Errorf("%s: save checkpoint: %w", r.p.Name(), err)
	}
	if tag.RowsAffected() == 0 {
		return errSwitched
	}
	return tx.Commit(ctx)
}
