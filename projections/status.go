package projections

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// lagScanLimit caps how many pending events Status counts; a projection
// further behind reports the cap.
const lagScanLimit = 10000

// Status is how far one projection's active generation has got.
type Status struct {
	Name           string
	Generation     int
	Position       eventstore.Position
	EventsApplied  int64
	LastRecordedAt *time.Time
	UpdatedAt      time.Time
	// LagEvents counts events the projection has yet to apply (capped at
	// 10,000); LagSeconds is the age of the oldest of them.
	LagEvents  int
	LagSeconds float64
	Parked     int
}

// ReadStatus reports p's progress against the store's log.
func ReadStatus(ctx context.Context, pool *pgxpool.Pool, store eventstore.Store, ns Namespace, p Projection, now time.Time) (Status, error) {
	s := Status{Name: p.Name()}
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
	s.Position = eventstore.Position{Major: uint64(major), Minor: uint64(minor)}
	pending, err := store.ReadAll(ctx, s.Position, lagScanLimit, p.Filter())
	if err != nil {
		return s, fmt.Errorf("status of %s: %w", p.Name(), err)
	}
	s.LagEvents = len(pending)
	if len(pending) > 0 {
		s.LagSeconds = now.Sub(pending[0].RecordedAt).Seconds()
	}
	return s, nil
}

// ErrNotCaughtUp is returned when a read model did not reach a position in
// time; the API answers 503 with Retry-After.
var ErrNotCaughtUp = domain.Conflict("the read model has not caught up with that position yet")

// WaitFor blocks until every projection in ps has passed pos, that is, has
// applied every event it selects up to pos, or until timeout.
func WaitFor(ctx context.Context, pool *pgxpool.Pool, store eventstore.Store, ns Namespace, pos eventstore.Position, timeout time.Duration, ps ...Projection) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for _, p := range ps {
		for {
			passed, err := hasPassed(ctx, pool, store, ns, p, pos)
			if err != nil && ctx.Err() != nil {
				return ErrNotCaughtUp
			}
			if err != nil {
				return err
			}
			if passed {
				break
			}
			if sleep(ctx, 5*time.Millisecond) != nil {
				return ErrNotCaughtUp
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
