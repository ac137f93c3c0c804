package projections

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
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
		if conn.Conn().IsClosed() {
			// The connection died (a database restart, a terminated
			// backend): every retry on it would fail the same way and
			// the event would be parked as poison though nothing is
			// wrong with it. The runner starts again on a new one.
			return fmt.Errorf("%s: connection lost: %w", r.p.Name(), err)
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
// transaction (see pipeTx: the read model's writes, the checkpoint and
// COMMIT share one round trip). A live runner's checkpoint also checks
// that its generation is still the active one and fails the transaction
// if not, so a switch costs no extra round trip per batch.
//
// Each call is one span (see startApplySpan).
func (r *Runner) applyBatch(ctx context.Context, conn *pgxpool.Conn, gen int, live bool, batch []eventstore.Recorded) (err error) {
	ctx, span := startApplySpan(ctx, r.p.Name(), live, batch)
	defer func() { endApplySpan(span, err) }()
	tx := newPipeTx(conn.Conn())
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	if err := r.p.Apply(ctx, tx, batch); err != nil {
		return fmt.Errorf("%s: apply: %w", r.p.Name(), err)
	}
	cp := &pgx.Batch{}
	// No row moved means the generation is no longer active: the division
	// by zero fails the transaction, and with it the batch's writes.
	sql, args := r.moveCheckpoint(gen, live, batch[len(batch)-1], len(batch))
	cp.Queue(sql, args...).Fn = func(br pgx.BatchResults) error {
		_, err := br.Exec()
		if hasSQLState(err, sqlstateDivisionByZero) {
			return errSwitched
		}
		return err
	}
	tx.DeferWrites(cp)
	if err := tx.Commit(ctx); err != nil {
		if errors.Is(err, errSwitched) {
			return errSwitched
		}
		return fmt.Errorf("%s: save checkpoint: %w", r.p.Name(), err)
	}
	return nil
}

// moveCheckpoint is the statement that moves the checkpoint of generation
// gen to last, counting applied events. It fails with a division by zero
// when no row moved, that is when the generation is no longer active
// (checked only for a live runner).
func (r *Runner) moveCheckpoint(gen int, live bool, last eventstore.Recorded, applied int) (string, []any) {
	return `WITH moved AS (UPDATE ` + r.ns.table("projection_checkpoints") + `
		SET pos_major = $3, pos_minor = $4, last_recorded_at = $5,
			events_applied = events_applied + $6, updated_at = now()
		WHERE name = $1 AND generation = $2
			AND (NOT $7 OR EXISTS (SELECT FROM ` + r.ns.table("projection_state") + `
				WHERE name = $1 AND active_generation = $2))
		RETURNING 1)
		SELECT 1 / count(*) FROM moved`,
		[]any{r.p.Name(), gen, int64(last.Position.Major), int64(last.Position.Minor), last.RecordedAt, applied, live}
}

// passCheckpoint moves a live runner's checkpoint past events it read and
// did not select, with no read-model write. Without it a read model that
// ignores most of the log (a contact-log entry concerns two of eighteen)
// keeps an old checkpoint, and after a restart it reads again everything
// since its last selected event.
func (r *Runner) passCheckpoint(ctx context.Context, conn *pgxpool.Conn, gen int, last eventstore.Recorded) error {
	sql, args := r.moveCheckpoint(gen, true, last, 0)
	if _, err := conn.Exec(ctx, sql, args...); err != nil {
		if hasSQLState(err, sqlstateDivisionByZero) {
			return errSwitched
		}
		return fmt.Errorf("%s: move checkpoint past unselected events: %w", r.p.Name(), err)
	}
	return nil
}

// sqlstateDivisionByZero is how the checkpoint statement reports that its
// generation is no longer active.
const sqlstateDivisionByZero = "22012"
