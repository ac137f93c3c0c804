package projections

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore"
)

var (
	// errSwitched ends a runner whose generation is no longer active.
	errSwitched = errors.New("projection generation switched")
	// errParked ends a pass whose next event was parked as poison.
	errParked = errors.New("projection blocked on a parked event")
)

// Options tune a runner. The zero value gives the defaults.
type Options struct {
	// MaxAttempts is how often a failing batch or event is tried before
	// the event is parked (default 3).
	MaxAttempts int
	// Backoff is the first retry delay; it doubles per attempt (default 100ms).
	Backoff time.Duration
	// Standby is how often a runner without the lock, or blocked on a
	// parked event, looks again (default 500ms).
	Standby time.Duration
	// RebuildBatch is the number of events a rebuild reads per batch
	// (default 5000).
	RebuildBatch int
	// Gather is the longest a live runner rests after applying a batch
	// before it reads again, so that events arriving meanwhile are
	// applied together (default 0: no rest). It rests only when the log
	// is busy for its read model (the batch it read held GatherFrom
	// events or more that the read model selects) and then for
	// GatherRatio times as long as the apply took, at most Gather. A
	// read model that selects one event of a busy batch applied it
	// alone: a rest would gather little for it (its next batch would
	// likely hold one event again) and would delay that event by as long
	// as applying took, which is longest for the slowest read models. A
	// transaction's fixed cost (BEGIN, the checkpoint,
	// COMMIT: most of a small batch's server CPU) is then paid once per
	// rest instead of once per event, and the rest grows only when
	// applying gets slow, that is when the machine is busy, so a quiet
	// system sees no added delay.
	Gather time.Duration
	// GatherFrom is the fewest selected events of a batch read after
	// which a runner rests (default 2).
	GatherFrom int
	// GatherRatio is the rest as a multiple of the apply time (default 1).
	GatherRatio float64
	// PassEvery is how often, at most, a live runner stores a checkpoint
	// moved past events it read and did not select (default 1s): a
	// restart then reads again at most that much of the log for it.
	PassEvery time.Duration
	Log       *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 3
	}
	if o.Backoff <= 0 {
		o.Backoff = 100 * time.Millisecond
	}
	if o.Standby <= 0 {
		o.Standby = 500 * time.Millisecond
	}
	if o.RebuildBatch <= 0 {
		o.RebuildBatch = 5000
	}
	if o.GatherFrom <= 0 {
		o.GatherFrom = 2
	}
	if o.GatherRatio <= 0 {
		o.GatherRatio = 1
	}
	if o.PassEvery <= 0 {
		o.PassEvery = time.Second
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return o
}

// Runner keeps one projection up to date.
type Runner struct {
	pool  *pgxpool.Pool
	store eventstore.Store
	ns    Namespace
	p     Projection
	opts  Options
}

// NewRunner returns a runner for p that reads store and writes pool.
func NewRunner(pool *pgxpool.Pool, store eventstore.Store, ns Namespace, p Projection, opts Options) *Runner {
	if pool == nil || store == nil || p == nil {
		panic("projections.NewRunner: nil dependency")
	}
	return &Runner{pool: pool, store: store, ns: ns, p: p, opts: opts.withDefaults()}
}

// Run follows the global log into the active generation until ctx ends.
// While another process holds the projection, it stands by and takes over
// when that process dies; after a rebuild switches generations, it moves
// to the new one.
func (r *Runner) Run(ctx context.Context) error {
	for {
		gen, err := r.activeGeneration(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", r.p.Name(), err)
		}
		err = r.withLock(ctx, gen, true, func(conn *pgxpool.Conn) error {
			if upgraded, err := r.upgradeIfOutdated(ctx, conn, gen); upgraded || err != nil {
				return cmp.Or(err, errSwitched)
			}
			return r.follow(ctx, conn, gen)
		})
		if errors.Is(err, errNewerGeneration) {
			// Stand by without the lock: the newer code's runner needs it.
			r.opts.Log.WarnContext(ctx, "projection standing by: its read model was built by newer code", "err", err)
			if err := sleep(ctx, r.opts.Standby); err != nil {
				return err
			}
			continue
		}
		if !errors.Is(err, errSwitched) {
			return err
		}
	}
}

// withLock runs fn on a connection holding the generation's advisory
// lock, so at most one runner per generation is active across processes.
// Every write of the runner goes through that connection: if it dies, the
// lock and the writes go with it.
func (r *Runner) withLock(ctx context.Context, gen int, live bool, fn func(*pgxpool.Conn) error) error {
	key := r.ns.lockKey(r.p.Name(), gen)
	conn, err := r.lockedConn(ctx, key, gen, live)
	if err != nil {
		return err
	}
	defer conn.Release()
	defer conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", key) //nolint:errcheck // the lock dies with the session anyway
	// Unqualified names in Apply resolve to this generation for as long as
	// the connection is the runner's; it is reset before the pool gets it
	// back.
	schema := pgx.Identifier{r.ns.generationSchema(r.p.Name(), gen)}.Sanitize()
	// Read-model commits need not wait for the disk: rows and checkpoint
	// commit together, so a crash loses both and the runner replays.
	//
	// A batch reads and writes its rows by key. The connection keeps its
	// statements' plans, and a plan made while a table was small (a new
	// generation, a fresh database) is a sequential scan that stays while
	// the table grows, reading every row version, dead ones included:
	// 2-3 ms a statement against 0.2 ms by the primary key under the
	// HTTP benchmark's load. With sequential scans off the planner
	// probes the key; a statement with no index to use still scans.
	if _, err := conn.Exec(ctx, "SET search_path TO "+schema+"; SET synchronous_commit TO off; SET enable_seqscan TO off"); err != nil {
		return fmt.Errorf("%s: set session: %w", r.p.Name(), err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), "RESET search_path; RESET synchronous_commit; RESET enable_seqscan") //nolint:errcheck // a broken connection is discarded
	return fn(conn)
}

// lockedConn waits for the advisory lock key and returns the connection
// holding it. A runner standing by gives its connection back between
// tries.
func (r *Runner) lockedConn(ctx context.Context, key int64, gen int, live bool) (*pgxpool.Conn, error) {
	for {
		conn, locked, err := r.tryLock(ctx, key)
		if err != nil {
			return nil, err
		}
		if locked {
			return conn, nil
		}
		if live {
			if active, err := readActive(ctx, r.pool, r.ns, r.p.Name()); err == nil && active != gen {
				return nil, errSwitched
			}
		}
		if err := sleep(ctx, r.opts.Standby); err != nil {
			return nil, err
		}
	}
}

// tries lets two runners of the process at a time look up their
// generation or try their lock. An instance starts all its runners at
// once; unthrottled, each would open a connection of its own for these
// few milliseconds and the pool would keep them all, so an instance whose
// runners all stand by (another instance leads) would hold one per runner
// although none holds a lock. Throttled, it keeps a few, and several
// instances fit in the server's connections.
var tries = make(chan struct{}, 2)

func throttled[T any](ctx context.Context, f func() (T, error)) (T, error) {
	select {
	case tries <- struct{}{}:
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
	defer func() { <-tries }()
	return f()
}

// activeGeneration reads the projection's active generation (throttled).
func (r *Runner) activeGeneration(ctx context.Context) (int, error) {
	return throttled(ctx, func() (int, error) { return activeGeneration(ctx, r.pool, r.ns, r.p) })
}

// tryLock tries the advisory lock key once (throttled): it returns the
// connection holding it, or none when another session holds it.
func (r *Runner) tryLock(ctx context.Context, key int64) (*pgxpool.Conn, bool, error) {
	type held struct {
		conn   *pgxpool.Conn
		locked bool
	}
	h, err := throttled(ctx, func() (held, error) {
		conn, err := r.pool.Acquire(ctx)
		if err != nil {
			return held{}, fmt.Errorf("%s: acquire connection: %w", r.p.Name(), err)
		}
		var locked bool
		if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1)", key).Scan(&locked); err != nil {
			conn.Release()
			return held{}, fmt.Errorf("%s: lock: %w", r.p.Name(), err)
		}
		if !locked {
			conn.Release()
			return held{}, nil
		}
		return held{conn, true}, nil
	})
	return h.conn, h.locked, err
}

// follow applies live events until ctx ends or the generation switches.
// It reads the log unfiltered, so it knows, and tells the process's
// waiters (liveProgress), how far it has passed even while the events
// go by without one it selects.
func (r *Runner) follow(ctx context.Context, conn *pgxpool.Conn, gen int) error {
	key := progressKey{pool: r.pool, ns: r.ns, name: r.p.Name()}
	defer liveProgress.forget(key, gen)
	for {
		if err := r.waitUnparked(ctx, gen, true); err != nil {
			return err
		}
		cp, err := r.checkpoint(ctx, conn, gen)
		if err != nil {
			return err
		}
		liveProgress.pass(key, gen, cp)
		sub, err := r.store.Subscribe(ctx, cp, eventstore.Filter{})
		if err != nil {
			return fmt.Errorf("%s: subscribe: %w", r.p.Name(), err)
		}
		err = r.consume(ctx, conn, gen, key, sub)
		sub.Close()
		if !errors.Is(err, errParked) {
			return err
		}
	}
}

// consume applies the events of each batch the projection selects (a
// batch without one costs no transaction), records the batch as passed
// and, when the log is busy with events it selects, rests before reading
// again (Options.Gather).
func (r *Runner) consume(ctx context.Context, conn *pgxpool.Conn, gen int, key progressKey, sub eventstore.Subscription) error {
	filter := r.p.Filter()
	stored := time.Now() // when the checkpoint last moved
	for {
		batch, err := sub.Recv(ctx)
		if err != nil {
			return fmt.Errorf("%s: receive: %w", r.p.Name(), err)
		}
		var took time.Duration
		last := batch[len(batch)-1]
		selected := selectedBy(filter, batch)
		if len(selected) > 0 {
			start := time.Now()
			if err := r.applyWithRetry(ctx, conn, gen, true, selected); err != nil {
				return err
			}
			took = time.Since(start)
			if selected[len(selected)-1].Position == last.Position {
				stored = time.Now()
			}
		}
		if time.Since(stored) >= r.opts.PassEvery {
			if err := r.passCheckpoint(ctx, conn, gen, last); err != nil {
				return err
			}
			stored = time.Now()
		}
		liveProgress.pass(key, gen, last.Position)
		if err := sleep(ctx, r.opts.gatherRest(len(selected), took)); err != nil {
			return err
		}
	}
}

// gatherRest is how long a runner rests after applying the selected
// events of a batch and spending took on them (Options.Gather).
func (o Options) gatherRest(selected int, took time.Duration) time.Duration {
	if o.Gather <= 0 || selected < o.GatherFrom || took <= 0 {
		return 0
	}
	return min(o.Gather, time.Duration(o.GatherRatio*float64(took)))
}

// selectedBy returns the events of batch that filter selects, in order,
// without changing batch (a shared subscription may share its array). A
// batch the filter takes whole is passed as it is, and otherwise the
// selection is allocated once at its size: a rebuild's 50,000-event
// batches, grown by appending, were copied several times over for each
// read model, a tenth of the rebuild's Go CPU.
func selectedBy(filter eventstore.Filter, batch []eventstore.Recorded) []eventstore.Recorded {
	if len(filter.StreamPrefixes) == 0 && len(filter.EventTypes) == 0 {
		return batch
	}
	return selectWhere(batch, func(i int) bool { return filter.Matches(batch[i].Stream, batch[i].Type) })
}

// selectWhere returns the events of batch that keep takes (by index), in
// order: the batch itself when keep takes all or none, else a copy sized
// once.
func selectWhere(batch []eventstore.Recorded, keep func(i int) bool) []eventstore.Recorded {
	n := 0
	for i := range batch {
		if keep(i) {
			n++
		}
	}
	if n == 0 || n == len(batch) {
		return batch[:n]
	}
	out := make([]eventstore.Recorded, 0, n)
	for i, e := range batch {
		if keep(i) {
			out = append(out, e)
		}
	}
	return out
}

func (r *Runner) checkpoint(ctx context.Context, conn *pgxpool.Conn, gen int) (eventstore.Position, error) {
	var major, minor int64
	err := conn.QueryRow(ctx, "SELECT pos_major, pos_minor FROM "+r.ns.table("projection_checkpoints")+
		" WHERE name = $1 AND generation = $2", r.p.Name(), gen).Scan(&major, &minor)
	if err != nil {
		return eventstore.Start, fmt.Errorf("%s: read checkpoint: %w", r.p.Name(), err)
	}
	return eventstore.Position{Major: uint64(major), Minor: uint64(minor)}, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
