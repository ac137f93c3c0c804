package commands

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
)

// maxAttempts bounds the retries of a decision that lost a race for its
// stream; each retry decides again on the fresh state, after a jittered
// pause (see retryPause). With pauses of up to 64 ms, 60 attempts let a
// command keep trying for about two seconds: enough for 100 clients
// deciding on one aggregate at once to all get through (the worst case
// the system is tested under, TestUpdateCustomerProfile_hundred...), while
// a command that still loses after that answers 409 in bounded time.
const maxAttempts = 60

// eventLog is what every repository shares: the store, the codec, the
// clock that dates the audit envelope and the aggregate cache (one LRU
// over the streams of every aggregate type).
type eventLog struct {
	store eventstore.Store
	codec *eventstore.Codec
	now   func() time.Time
	cache *aggregateCache
	// snapshots, when set, keeps folded states of long streams (see
	// loadFolded); nil takes none.
	snapshots *snapshotter
	// employees reads the people a command says it acts on behalf of.
	employees repository[employee.Employee]
	// portfolios are the employees' customer portfolios, which customer
	// registrations, reassignments and departures decide on jointly.
	portfolios repository[employee.Portfolio]
	// warmers fold a stream into the cache, by the schema of its
	// snapshots (see WarmCache).
	warmers warmers
}

// repository loads, decides on and appends to the streams of one
// aggregate type S, folded with evolve (the aggregate's Evolve). One
// state type has one evolve in every repository, so a cached state
// evolves the same way whichever command built it.
type repository[S any] struct {
	log    *eventLog
	evolve func(S, domain.Event) S
	// subject names the aggregate to the user ("customer file") in the
	// conflict answered when the retries run out.
	subject string
}

func newRepository[S any](log *eventLog, evolve func(S, domain.Event) S, subject string) repository[S] {
	r := repository[S]{log: log, evolve: evolve, subject: subject}
	registerWarmer(r)
	return r
}

// decision is one command's change to one stream: where, under which role
// and regulation version (both recorded in the audit envelope), and the
// aggregate's decide on the current state.
type decision[S any] struct {
	stream     string
	role       domain.Role // the role the actor acts under
	regulation string      // the regulation version applied, if any
	decide     func(S) ([]domain.Event, error)
	// fresh presumes the stream new (a number being claimed): it is not
	// read before deciding. The append at NoStream proves the presumption;
	// any other answer reads the stream first, as for a cached aggregate.
	fresh bool
}

// Update is the one load → decide → append loop every command uses: it
// takes the stream's aggregate (cached or read), lets d decide on it,
// appends the events at the version decided on and answers where they
// landed. Its invariants:
//
//   - Envelope. Before the aggregate is taken or anything decided, the
//     command's envelope is checked (checkMeta): texts within their kinds,
//     the business date within its bounds, on_behalf_of only as the
//     regulations allow. A refused envelope leaves the cache as it was.
//   - Load. The aggregate comes from the cache when the stream is hot,
//     else from the store, from its newest snapshot on (or is presumed
//     new, see decision.fresh, and treated as a cached one). A cache hit decides without reading the
//     store; a stale entry catches up by reading only the events after
//     its version.
//   - When the cache is trusted. A cached aggregate may be stale: another
//     process (or another Handler) may have appended since. Only two
//     answers are taken from it unchecked, because the store proves them:
//     a replay of a key it records (keys never leave a stream), and a
//     successful append at Exact(cached version) (the stream was at that
//     version, so the decision saw the current state). Every other answer
//     on a cached aggregate (a rule error, a no-op, a stale If-Match, a
//     conflict) is given only after catching up with the store and
//     deciding again, as a command without the cache would have.
//   - Idempotent replay. A command whose key the stream already records
//     writes nothing and returns the first command's Result with
//     Replayed set. Event ids are fresh per append (see encode), so the
//     store never takes our append as a retry of another writer's events:
//     a duplicate that raced the first conflicts, catches up, finds the
//     key and replays it.
//   - Conflict and retry. An append that finds the stream moved on is a
//     lost race: Update waits a jittered pause (retryPause), catches up
//     and decides again on the fresh state, at most maxAttempts times. The
//     conflict of a cached aggregate is a stale read and does not count as
//     an attempt. Nothing else is retried: a rule error on a checked
//     aggregate is answered as it is (the decision changed on the fresh
//     state), and any other store error with the aggregate forgotten.
//   - When 409 surfaces. A conflict (a *ChangedMeanwhile, wrapping
//     domain.ErrConflict) is returned when the attempts run out, or at
//     once when the command named If-Match without an idempotency key (the
//     version it saw is gone). With If-Match and a key, the catch-up looks
//     for the key first and answers the conflict only if it is not there.
//     An If-Match that does not match a freshly read stream is
//     ErrStaleVersion.
//   - Cache ownership. An aggregate belongs to the cache or to the one
//     command that took it; it goes back only when it is the fold of the
//     stream at its version (outcome keep), and is forgotten otherwise.
//   - Tracing. The command runs in a span of its own (rule OPS-tracing):
//     its name, stream, outcome and the lost races it retried; the
//     store's append is a child of it.
func (r repository[S]) Update(ctx context.Context, m Meta, d decision[S]) (res Result, err error) {
	ctx, span := startCommandSpan(ctx, m, r.subject, d.stream)
	defer func() { endCommandSpan(span, res, err) }()
	// Checked before the aggregate is taken, so a refused envelope leaves
	// a cached aggregate in the cache.
	if err := r.log.checkMeta(ctx, m, d.role); err != nil {
		return Result{}, err
	}
	return r.updateChecked(ctx, m, d)
}

// updateChecked is Update for a command that has checked m itself
// (checkMeta), once for all the streams it changes.
func (r repository[S]) updateChecked(ctx context.Context, m Meta, d decision[S]) (Result, error) {
	a, err := r.acquire(ctx, d)
	if err != nil {
		r.log.cache.release(d.stream)
		return Result{}, err
	}
	return r.updateOn(ctx, m, d, a)
}

// updateOn is updateChecked on an aggregate the command acquired. It
// ends the acquire's checkOut: the aggregate goes back to the cache
// (outcome keep) or the stream is released.
func (r repository[S]) updateOn(ctx context.Context, m Meta, d decision[S], a *aggregate[S]) (Result, error) {
	putBack := false
	defer func() {
		if !putBack {
			r.log.cache.release(d.stream)
		}
	}()
	var raced error // an If-Match append that lost, answered unless it was a replay
	for attempt := 1; ; {
		cached := a.cached
		res, next, err := r.pass(ctx, m, d, a, raced)
		switch {
		case next == keep:
			r.log.cache.put(a)
			putBack = true
			return res, err
		case next == drop:
			return res, err
		case next == retry && !cached: // a cached aggregate's conflict is a stale read, not a lost race
			if attempt >= maxAttempts || (m.IfVersion != nil && m.IdempotencyKey == "") {
				return res, r.changedMeanwhile(err)
			}
			if m.IfVersion != nil {
				raced = r.changedMeanwhile(err)
			}
			if err := retryPause(ctx, attempt); err != nil {
				return Result{}, err
			}
			attempt++
			noteRetry(ctx, attempt-1)
		}
		if err := a.catchUp(ctx, r.log, r.evolve, next == retry); err != nil {
			return Result{}, err
		}
	}
}

// outcome says what Update does after one pass.
type outcome int

const (
	keep    outcome = iota // answer; the aggregate is current, cache it
	drop                   // answer; the aggregate may be wrong, forget it
	recheck                // a cached aggregate could not settle it: catch up, decide again
	retry                  // the append conflicted: catch up, decide again
)

// acquire checks the stream's aggregate out of the cache (waiting for
// another command that holds it, see aggregateCache.checkOut) or loads
// it. The caller puts it back or releases the stream, also when acquire
// fails. A cached aggregate of another state type (two repositories on
// one stream; none do today) is dropped and the stream read again.
func (r repository[S]) acquire(ctx context.Context, d decision[S]) (*aggregate[S], error) {
	if a, ok := r.log.cache.checkOut(ctx, d.stream).(*aggregate[S]); ok {
		a.cached = true
		return a, nil
	}
	a := newAggregate[S](d.stream)
	if d.fresh {
		a.cached = true // unchecked, like a cached aggregate
		return a, nil
	}
	return a, loadFolded(ctx, r.log, r.evolve, a)
}

// pass decides once on a and appends what was decided. raced is the error
// of an If-Match append that lost, to answer once a catch-up found no
// replay.
func (r repository[S]) pass(ctx context.Context, m Meta, d decision[S], a *aggregate[S], raced error) (Result, outcome, error) {
	if prior, ok := a.replay(m.IdempotencyKey); ok {
		return prior, keep, nil
	}
	if m.IfVersion != nil && *m.IfVersion != a.version {
		switch {
		case a.cached:
			return Result{}, recheck, nil
		case raced != nil:
			return Result{}, keep, raced
		}
		return Result{}, keep, &StaleVersion{Current: a.version}
	}
	events, err := d.decide(a.state)
	switch {
	case a.cached && (err != nil || len(events) == 0):
		return Result{}, recheck, nil // a stale state may refuse what the current one allows
	case err != nil:
		return Result{}, keep, err
	case len(events) == 0:
		return Result{Stream: d.stream, Version: a.version}, keep, nil
	}
	return r.appendDecided(ctx, m, d, a, events)
}

// appendDecided appends events at a.version and, on success, evolves a
// with them.
func (r repository[S]) appendDecided(ctx context.Context, m Meta, d decision[S], a *aggregate[S], events []domain.Event) (Result, outcome, error) {
	data, err := r.log.encode(m, d.role, d.regulation, events)
	if err != nil {
		return Result{}, drop, err
	}
	res, err := r.log.store.Append(ctx, d.stream, eventstore.Exact(a.version), data...)
	if err != nil {
		err = fmt.Errorf("append %s at version %d: %w", d.stream, a.version, err)
	}
	switch {
	case errors.Is(err, domain.ErrConflict):
		return Result{}, retry, err
	case err != nil:
		return Result{}, drop, err
	}
	next := keep
	if !a.appended(r.log, r.evolve, data, res, m.IdempotencyKey) {
		next = drop
	}
	return Result{Stream: d.stream, Version: res.Version, Position: res.Position, Events: len(events)}, next, nil
}

// Load rebuilds the current state of a stream from the store, for facts
// a decision on another aggregate needs (the contract an order
// references, the customer a quote is for). It always reads the store
// (after the newest snapshot, when one is kept) and leaves the cache
// alone: a fact is read, never decided on. ok is false when the stream
// has no events.
func (r repository[S]) Load(ctx context.Context, stream string) (state S, ok bool, err error) {
	a := newAggregate[S](stream)
	if err := loadFolded(ctx, r.log, r.evolve, a); err != nil {
		return state, false, err
	}
	return a.state, a.version > 0, nil
}
