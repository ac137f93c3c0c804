package projections

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
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
//
// Each look at the database is one query for every projection still
// behind. A projection whose runner follows the log in this process is
// also known passed from memory (liveProgress), skipped events included,
// and a move of any such runner wakes the wait at once; the timer only
// covers runners in other processes.
func WaitFor(ctx context.Context, pool *pgxpool.Pool, store eventstore.Store, ns Namespace, pos eventstore.Position, timeout time.Duration, ps ...Projection) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	w := &passWait{pool: pool, store: store, ns: ns, pos: pos, behind: ps}
	for {
		changed := liveProgress.changes() // before looking: no move is missed
		err := w.look(ctx)
		if err != nil && ctx.Err() != nil {
			return queries.ErrNotCaughtUp
		}
		if err != nil || len(w.behind) == 0 {
			return err
		}
		if err := w.await(ctx, changed); err != nil {
			return queries.ErrNotCaughtUp
		}
		if len(w.behind) == 0 {
			return nil
		}
	}
}

// waitPoll is how often WaitFor asks the database again while it waits
// for a projection no runner of this process follows.
const waitPoll = 5 * time.Millisecond

// passWait is one WaitFor: the projections not yet known to have passed
// pos, and the generation each was active in at the last look.
type passWait struct {
	pool   *pgxpool.Pool
	store  eventstore.Store
	ns     Namespace
	pos    eventstore.Position
	behind []Projection
	gens   map[string]int
}

// look reads the active checkpoint of every projection still behind in
// one query and keeps those that have not passed pos.
func (w *passWait) look(ctx context.Context) error {
	names := make([]string, len(w.behind))
	for i, p := range w.behind {
		names[i] = p.Name()
	}
	rows, err := w.pool.Query(ctx, `SELECT s.name, s.active_generation, c.pos_major, c.pos_minor
		FROM `+w.ns.table("projection_state")+` s JOIN `+w.ns.table("projection_checkpoints")+` c
			ON c.name = s.name AND c.generation = s.active_generation
		WHERE s.name = ANY($1)`, names)
	if err != nil {
		return err
	}
	type checkpoint struct {
		gen int
		at  eventstore.Position
	}
	cps := make(map[string]checkpoint, len(names))
	for rows.Next() {
		var name string
		var gen int
		var major, minor int64
		if err := rows.Scan(&name, &gen, &major, &minor); err != nil {
			rows.Close()
			return err
		}
		cps[name] = checkpoint{gen, eventstore.Position{Major: uint64(major), Minor: uint64(minor)}}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	w.gens = make(map[string]int, len(cps))
	var head *eventstore.Position
	var still []Projection
	for _, p := range w.behind {
		cp, ok := cps[p.Name()]
		if !ok {
			return fmt.Errorf("checkpoint of %s: %w", p.Name(), pgx.ErrNoRows)
		}
		w.gens[p.Name()] = cp.gen
		if cp.at.Compare(w.pos) >= 0 || liveProgress.hasPassed(w.key(p), cp.gen, w.pos) {
			continue
		}
		passed, err := w.nothingSelectedBefore(ctx, p, cp.at, &head)
		if err != nil {
			return err
		}
		if !passed {
			still = append(still, p)
		}
	}
	w.behind = still
	return nil
}

func (w *passWait) key(p Projection) progressKey {
	return progressKey{pool: w.pool, ns: w.ns, name: p.Name()}
}

// nothingSelectedBefore reports whether p, at checkpoint cp, selects no
// event up to pos: then it has passed pos without applying anything. It
// asks the log, so only for a projection no runner of this process
// follows (a local runner's skips are in liveProgress).
func (w *passWait) nothingSelectedBefore(ctx context.Context, p Projection, cp eventstore.Position, head **eventstore.Position) (bool, error) {
	if liveProgress.follows(w.key(p), w.gens[p.Name()]) {
		return false, nil
	}
	// Head first: once pos is readable, the read below (a later snapshot)
	// sees every event up to it. In the other order a transaction ending
	// between the two reads could hide pos from the read and show it to
	// Head, and the wait would end too early.
	if *head == nil {
		h, err := w.store.Head(ctx)
		if err != nil {
			return false, err
		}
		*head = &h
	}
	if (*head).Compare(w.pos) < 0 {
		return false, nil
	}
	next, err := w.store.ReadAll(ctx, cp, 1, p.Filter())
	if err != nil {
		return false, err
	}
	return len(next) == 0 || next[0].Position.Compare(w.pos) > 0, nil
}

// await waits for a local runner to move or for the next poll, and drops
// the projections a local runner has since carried past pos; it returns
// early once none is left or when ctx ends.
func (w *passWait) await(ctx context.Context, changed <-chan struct{}) error {
	poll := time.NewTimer(waitPoll)
	defer poll.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-poll.C:
			return nil
		case <-changed:
		}
		changed = liveProgress.changes()
		w.behind = slices.DeleteFunc(w.behind, func(p Projection) bool {
			return liveProgress.hasPassed(w.key(p), w.gens[p.Name()], w.pos)
		})
		if len(w.behind) == 0 {
			return nil
		}
	}
}
