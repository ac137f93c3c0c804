package projections

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
)

// lagScanLimit caps how many pending events queries.Status counts; a projection
// further behind reports the cap.
const lagScanLimit = 10000

// ReadStatus reports p's progress against the store's log.
func ReadStatus(ctx context.Context, pool *pgxpool.Pool, store eventstore.Store, ns Namespace, p Projection, now time.Time) (queries.Status, error) {
	s := queries.Status{Name: p.Name()}
	var major, minor int64
	err := pool.QueryRow(ctx, `SELECT s.active_generation, c.pos_major, c.pos_minor, c.events_applied,
			c.last_recorded_at, c.updated_at,
			(SELECT count(*) FROM `+ns.table("projection_dead_letters")+` d
				WHERE d.name = s.name AND d.generation = s.active_generation AND d.status = 'parked')
		FROM `+ns.table("projection_state")+` s JOIN `+ns.table("projection_checkpoints")+` c
			ON c.name = s.name AND c.generation = s.active_generation
		WHERE s.name = $1`, p.Name()).Scan(&s.Generation, &major, &minor, &s.EventsApplied, &s.LastRecordedAt, &s.UpdatedAt, &s.Parked)
	if err != nil {
		return s, fmt.Errorf("status of %s: %w", p.Name(), err)
	}
	at := eventstore.Position{Major: uint64(major), Minor: uint64(minor)}
	s.Position = queries.Position(at)
	pending, err := store.ReadAll(ctx, at, lagScanLimit, p.Filter())
	if err != nil {
		return s, fmt.Errorf("status of %s: %w", p.Name(), err)
	}
	s.LagEvents = len(pending)
	if len(pending) > 0 {
		s.LagSeconds = now.Sub(pending[0].RecordedAt).Seconds()
	}
	return s, nil
}

// WaitFor blocks until every projection in ps has passed pos, that is, has
// applied every event it selects up to pos, or until timeout.
func WaitFor(ctx context.Context, pool *pgxpool.Pool, store eventstore.Store, ns Namespace, pos eventstore.Position, timeout time.Duration, ps ...Projection) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for _, p := range ps {
		for {
			passed, err := hasPassed(ctx, pool, store, ns, p, pos)
			if err != nil && ctx.Err() != nil {
				return queries.ErrNotCaughtUp
			}
			if err != nil {
				return err
			}
			if passed {
				break
			}
			if sleep(ctx, 5*time.Millisecond) != nil {
				return queries.ErrNotCaughtUp
			}
		}
	}
	return nil
}

func hasPassed(ctx context.Context, pool *pgxpool.Pool, store eventstore.Store, ns Namespace, p Projection, pos eventstore.Position) (bool, error) {
	var major, minor int64
	err := pool.QueryRow(ctx, `SELECT c.pos_major, c.pos_minor FROM `+ns.table("projection_state")+` s
		JOIN `+ns.table("projection_checkpoints")+` c ON c.name = s.name AND c.generation = s.active_generation
		WHERE s.name = $1`, p.Name()).Scan(&major, &minor)
	if err != nil {
		return false, err
	}
	cp := eventstore.Position{Major: uint64(major), Minor: uint64(minor)}
	if cp.Compare(pos) >= 0 {
		return true, nil
	}
	// Head first: once pos is readable, the read below (a later snapshot)
	// sees every event up to it. In the other order a transaction ending
	// between the two reads could hide pos from the read and show it to
	// Head, and the wait would end too early.
	head, err := store.Head(ctx)
	if err != nil || head.Compare(pos) < 0 {
		return false, err
	}
	next, err := store.ReadAll(ctx, cp, 1, p.Filter())
	if err != nil {
		return false, err
	}
	return len(next) == 0 || next[0].Position.Compare(pos) > 0, nil
}
