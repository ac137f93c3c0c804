package projections

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
)

func (r *Runner) park(ctx context.Context, gen int, e eventstore.Recorded, cause error) error {
	_, err := r.pool.Exec(context.WithoutCancel(ctx), `INSERT INTO `+r.ns.table("projection_dead_letters")+`
		(name, generation, event_id, stream, event_type, pos_major, pos_minor, error, attempts, status)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'parked')`,
		r.p.Name(), gen, e.ID, e.Stream, e.Type, int64(e.Position.Major), int64(e.Position.Minor),
		cause.Error(), r.opts.MaxAttempts)
	if err != nil {
		return fmt.Errorf("%s: park event %s: %w", r.p.Name(), e.ID, err)
	}
	return nil
}

// waitUnparked blocks while the generation has a parked event.
func (r *Runner) waitUnparked(ctx context.Context, gen int, live bool) error {
	for {
		var parked bool
		err := r.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+r.ns.table("projection_dead_letters")+`
			WHERE name = $1 AND generation = $2 AND status = 'parked')`, r.p.Name(), gen).Scan(&parked)
		if err != nil {
			return fmt.Errorf("%s: read dead letters: %w", r.p.Name(), err)
		}
		if !parked {
			return nil
		}
		if live {
			if active, err := readActive(ctx, r.pool, r.ns, r.p.Name()); err == nil && active != gen {
				return errSwitched
			}
		}
		if err := sleep(ctx, r.opts.Standby); err != nil {
			return err
		}
	}
}

// DeadLetters lists a namespace's dead letters, newest first; with open
// set, only those still blocking a projection.
func DeadLetters(ctx context.Context, pool *pgxpool.Pool, ns Namespace, open bool) ([]queries.DeadLetter, error) {
	q := `SELECT id, name, generation, event_id, stream, event_type, pos_major, pos_minor, error, attempts,
		status, parked_at, resolved_at, resolved_by, resolution FROM ` + ns.table("projection_dead_letters")
	if open {
		q += ` WHERE status = 'parked'`
	}
	rows, err := pool.Query(ctx, q+` ORDER BY id DESC LIMIT 1000`)
	if err != nil {
		return nil, fmt.Errorf("list dead letters: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (queries.DeadLetter, error) {
		var d queries.DeadLetter
		var major, minor int64
		err := row.Scan(&d.ID, &d.Projection, &d.Generation, &d.EventID, &d.Stream, &d.EventType, &major, &minor,
			&d.Error, &d.Attempts, &d.Status, &d.ParkedAt, &d.ResolvedAt, &d.ResolvedBy, &d.Resolution)
		d.Position = queries.Position{Major: uint64(major), Minor: uint64(minor)}
		return d, err
	})
}

// RetryDeadLetter unblocks a projection so it tries the parked event
// again; if it fails again it is parked anew.
func RetryDeadLetter(ctx context.Context, pool *pgxpool.Pool, ns Namespace, id int64, by, reason string) error {
	return resolve(ctx, pool, ns, id, "resolved", by, "retry: "+reason, nil)
}

// SkipDeadLetter moves the projection past the parked event without
// applying it. The skip is kept on the dead letter with who, when and why.
func SkipDeadLetter(ctx context.Context, pool *pgxpool.Pool, ns Namespace, id int64, by, reason string) error {
	return resolve(ctx, pool, ns, id, "skipped", by, "skip: "+reason, func(tx pgx.Tx, name string, gen int, major, minor int64) error {
		_, err := tx.Exec(ctx, `UPDATE `+ns.table("projection_checkpoints")+`
			SET pos_major = $3, pos_minor = $4, updated_at = now()
			WHERE name = $1 AND generation = $2 AND (pos_major, pos_minor) < ($3, $4)`, name, gen, major, minor)
		return err
	})
}

func resolve(ctx context.Context, pool *pgxpool.Pool, ns Namespace, id int64, status, by, resolution string,
	also func(tx pgx.Tx, name string, gen int, major, minor int64) error) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		var name string
		var gen int
		var major, minor int64
		err := tx.QueryRow(ctx, `UPDATE `+ns.table("projection_dead_letters")+`
			SET status = $2, resolved_at = now(), resolved_by = $3, resolution = $4
			WHERE id = $1 AND status = 'parked'
			RETURNING name, generation, pos_major, pos_minor`, id, status, by, resolution).Scan(&name, &gen, &major, &minor)
		if errors.Is(err, pgx.ErrNoRows) {
			return queries.ErrDeadLetterNotFound
		}
		if err != nil || also == nil {
			return err
		}
		return also(tx, name, gen, major, minor)
	})
}

// DeadLetterDesk is where operators see and resolve the dead letters of
// one namespace.
type DeadLetterDesk struct {
	pool *pgxpool.Pool
	ns   Namespace
}

// NewDeadLetterDesk returns the dead letters of namespace ns.
func NewDeadLetterDesk(pool *pgxpool.Pool, ns Namespace) DeadLetterDesk {
	return DeadLetterDesk{pool: pool, ns: ns}
}

// DeadLetters lists the namespace's dead letters (open only, or all).
func (d DeadLetterDesk) DeadLetters(ctx context.Context, open bool) ([]queries.DeadLetter, error) {
	return DeadLetters(ctx, d.pool, d.ns, open)
}

// RetryDeadLetter unblocks a projection to try a parked event again.
func (d DeadLetterDesk) RetryDeadLetter(ctx context.Context, id int64, by, reason string) error {
	return RetryDeadLetter(ctx, d.pool, d.ns, id, by, reason)
}

// SkipDeadLetter moves a projection past a parked event, recording who
// skipped it and why.
func (d DeadLetterDesk) SkipDeadLetter(ctx context.Context, id int64, by, reason string) error {
	return SkipDeadLetter(ctx, d.pool, d.ns, id, by, reason)
}
