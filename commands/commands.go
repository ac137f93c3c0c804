// Package commands is the write-side application layer: it authorizes the
// acting employee, loads an aggregate from its stream (or takes it from an
// in-memory cache that the append checks), asks the aggregate to decide,
// and appends the resulting events with their audit envelope, retrying on
// a concurrent write. Facts from other aggregates are loaded here, always
// from the store, and handed to the decision as plain values.
package commands

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// maxAttempts bounds the retries of a decision that lost a race for its
// stream; each retry decides again on the fresh state.
const maxAttempts = 5

// ErrStaleVersion is returned when a command names the stream version it
// saw (If-Match) and the stream has moved on since.
var ErrStaleVersion = domain.Conflict("the resource changed since it was read")

// Handler executes commands against the event store.
type Handler struct {
	store    eventstore.Store
	codec    *eventstore.Codec
	now      func() time.Time
	policies map[string]any
	// customerOwnership counts the customers an employee still owns, for
	// completing a departure (set with SetCustomerOwnership).
	customerOwnership CustomerOwnership
	// aggregates keeps hot streams folded between commands (nil: off).
	aggregates *aggregateCache
}

// New returns a Handler. codec must know every event the aggregates record;
// now is the clock decisions use. The aggregate cache is on with
// DefaultAggregateCache streams unless an option says otherwise.
func New(store eventstore.Store, codec *eventstore.Codec, now func() time.Time, opts ...Option) *Handler {
	if store == nil || codec == nil || now == nil {
		panic("commands.New: nil dependency")
	}
	h := &Handler{store: store, codec: codec, now: now, policies: map[string]any{},
		aggregates: newAggregateCache(defaultAggregateCache, maxCachedKeys)}
	for _, opt := range opts {
		opt(h)
	}
	return h
}

// Meta is what every command carries besides its own fields: who acts, why,
// and how the request relates to others. The API fills it from the
// authenticated request, never from the body.
type Meta struct {
	Actor        domain.Actor
	Reason       string
	SourceDocRef string
	OnBehalfOf   string
	// EffectiveAt is the business time of the fact when it differs from
	// now (a retroactive filing); zero means now.
	EffectiveAt   time.Time
	CorrelationID string
	CausationID   string
	// IdempotencyKey makes a repeated command a no-op that returns the
	// first result.
	IdempotencyKey string
	// IfVersion, when set, is the stream version the caller last read;
	// the command fails with ErrStaleVersion if the stream moved on.
	IfVersion *uint64
}

// Result tells the caller where a command's events landed.
type Result struct {
	Stream string
	// Version is the stream version after the command (the ETag).
	Version uint64
	// Position is the global position of the last event written, for
	// read-your-writes; Start when the command recorded nothing.
	Position eventstore.Position
	// Events is the number of events recorded.
	Events int
	// Replayed is true when an earlier command with the same idempotency
	// key already had the effect and nothing new was written.
	Replayed bool
}

// decision is one command's path through execute.
type decision[S any] struct {
	stream        string
	role          domain.Role // the role the actor acts under
	policyVersion string
	evolve        func(S, domain.Event) S
	decide        func(S) ([]domain.Event, error)
	// fresh presumes the stream new (a number being claimed): it is not
	// read before deciding. The append at NoStream proves the presumption;
	// any other answer reads the stream first, as for a cached aggregate.
	fresh bool
}

// execute is the one load–decide–append loop every command uses.
//
// The aggregate comes from the cache when the stream is hot, else from the
// store (or is presumed new, see decision.fresh, and treated as a cached
// one). A cached aggregate may be stale: another process (or a writer
// outside this Handler) may have appended since. Only two answers are
// taken from it unchecked, because the store proves them:
//   - a replay of a key the cached aggregate records: keys never leave a
//     stream;
//   - a successful append at Exact(cached version): the stream was at that
//     version, so the decision saw the current state. Event ids are fresh
//     per append (see encode), so the store cannot take our append as a
//     retry of another writer's events; a key another writer recorded
//     after the cached version moved the version, our append conflicts,
//     and the catch-up below finds the key and replays it.
//
// Every other answer on a cached aggregate (a rule error, a no-op, a stale
// If-Match, a conflict) is given only after catching up with the store and
// deciding again, as a command without the cache would have.
func execute[S any](ctx context.Context, h *Handler, m Meta, d decision[S]) (Result, error) {
	a, err := acquire(ctx, h, d)
	if err != nil {
		return Result{}, err
	}
	return executeOn(ctx, h, m, d, a)
}

// executeOn is execute on an aggregate the command acquired itself, to
// look at it first (acquire).
func executeOn[S any](ctx context.Context, h *Handler, m Meta, d decision[S], a *aggregate[S]) (Result, error) {
	var raced error // an If-Match append that lost, answered unless it was a replay
	for attempt := 1; ; {
		cached := a.cached
		res, next, err := pass(ctx, h, m, d, a, raced)
		switch {
		case next == keep:
			h.aggregates.put(a)
			return res, err
		case next == drop:
			return res, err
		case next == retry && !cached: // a cached aggregate's conflict is a stale read, not a lost race
			if attempt >= maxAttempts || (m.IfVersion != nil && m.IdempotencyKey == "") {
				return res, err
			}
			if m.IfVersion != nil {
				raced = err
			}
			attempt++
		}
		if err := a.catchUp(ctx, h, d.evolve, next == retry); err != nil {
			return Result{}, err
		}
	}
}

// outcome says what execute does after one pass.
type outcome int

const (
	keep    outcome = iota // answer; the aggregate is current, cache it
	drop                   // answer; the aggregate may be wrong, forget it
	recheck                // a cached aggregate could not settle it: catch up, decide again
	retry                  // the append conflicted: catch up, decide again
)

// acquire takes the stream's aggregate from the cache or loads it. A
// cached aggregate of another state type (two decision types on one
// stream; none do today) is dropped and the stream read again. One state
// type has one evolve (its aggregate's Evolve) in every decision here, so
// a cached state evolves the same way whichever command built it.
func acquire[S any](ctx context.Context, h *Handler, d decision[S]) (*aggregate[S], error) {
	if a, ok := h.aggregates.take(d.stream).(*aggregate[S]); ok {
		a.cached = true
		return a, nil
	}
	a := newAggregate[S](d.stream)
	if d.fresh {
		a.cached = true // unchecked, like a cached aggregate
		return a, nil
	}
	return a, a.catchUp(ctx, h, d.evolve, false)
}

// pass decides once on a and appends what was decided. raced is the error
// of an If-Match append that lost, to answer once a catch-up found no
// replay.
func pass[S any](ctx context.Context, h *Handler, m Meta, d decision[S], a *aggregate[S], raced error) (Result, outcome, error) {
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
		return Result{}, keep, ErrStaleVersion
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
	return appendDecided(ctx, h, m, d, a, events)
}

// appendDecided appends events at a.version and, on success, evolves a
// with them.
func appendDecided[S any](ctx context.Context, h *Handler, m Meta, d decision[S], a *aggregate[S], events []domain.Event) (Result, outcome, error) {
	data, err := h.encode(d, m, events)
	if err != nil {
		return Result{}, drop, err
	}
	res, err := h.store.Append(ctx, d.stream, eventstore.Exact(a.version), data...)
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
	if !a.appended(h, d.evolve, data, res, m.IdempotencyKey) {
		next = drop
	}
	return Result{Stream: d.stream, Version: res.Version, Position: res.Position, Events: len(events)}, next, nil
}

func fold[S any](codec *eventstore.Codec, evolve func(S, domain.Event) S, history []eventstore.Recorded) (S, error) {
	var s S
	for _, r := range history {
		e, err := codec.DecodeRecorded(r)
		if err != nil {
			return s, err
		}
		s = evolve(s, e)
	}
	return s, nil
}

// encode gives every event a fresh id, also under an idempotency key: a
// store takes an append of ids it already holds as a retry of that append
// and reports success without writing, so ids derived from the key would
// let a duplicate request "succeed" with events that are not the stored
// ones. With fresh ids a duplicate that raced the first conflicts, reads
// the stream and replays the key; the aggregate cache relies on this.
func (h *Handler) encode(d decisionMeta, m Meta, events []domain.Event) ([]eventstore.EventData, error) {
	meta := h.metadata(m, d.actingRole(), d.policy())
	out := make([]eventstore.EventData, len(events))
	for i, e := range events {
		ed, err := h.codec.Encode(uuid.NewString(), e, meta)
		if err != nil {
			return nil, err
		}
		out[i] = ed
	}
	return out, nil
}

// decisionMeta is what encode needs of a decision, whatever its state type.
type decisionMeta interface {
	actingRole() domain.Role
	policy() string
}

func (d decision[S]) actingRole() domain.Role { return d.role }
func (d decision[S]) policy() string          { return d.policyVersion }

func (h *Handler) metadata(m Meta, role domain.Role, policyVersion string) eventstore.Metadata {
	effective := m.EffectiveAt
	if effective.IsZero() {
		effective = h.now()
	}
	return eventstore.Metadata{
		ActorID:        m.Actor.EmployeeID,
		ActorRole:      role,
		ActorOrgUnitID: m.Actor.OrgUnitID,
		OnBehalfOf:     m.OnBehalfOf,
		Reason:         m.Reason,
		SourceDocRef:   m.SourceDocRef,
		PolicyVersion:  policyVersion,
		EffectiveAt:    effective.UTC(),
		CorrelationID:  m.CorrelationID,
		CausationID:    m.CausationID,
		IdempotencyKey: m.IdempotencyKey,
	}
}

// load rebuilds another aggregate's current state, for facts a decision
// needs from it (the contract an order references, the customer a quote is
// for). ok is false when the stream has no events.
func load[S any](ctx context.Context, h *Handler, stream string, evolve func(S, domain.Event) S) (state S, ok bool, err error) {
	history, err := h.store.ReadStream(ctx, stream, eventstore.ReadStreamOptions{})
	if err != nil {
		return state, false, fmt.Errorf("load %s: %w", stream, err)
	}
	state, err = fold(h.codec, evolve, history)
	if err != nil {
		return state, false, fmt.Errorf("load %s: %w", stream, err)
	}
	return state, len(history) > 0, nil
}
