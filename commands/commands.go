// Package commands is the write-side application layer: it authorizes the
// acting employee, loads an aggregate from its stream, asks the aggregate to
// decide, and appends the resulting events with their audit envelope,
// retrying on a concurrent write. Facts from other aggregates are loaded
// here and handed to the decision as plain values.
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
}

// New returns a Handler. codec must know every event the aggregates record;
// now is the clock decisions use.
func New(store eventstore.Store, codec *eventstore.Codec, now func() time.Time) *Handler {
	if store == nil || codec == nil || now == nil {
		panic("commands.New: nil dependency")
	}
	return &Handler{store: store, codec: codec, now: now, policies: map[string]any{}}
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
}

// execute is the one load–decide–append loop every command uses.
func execute[S any](ctx context.Context, h *Handler, m Meta, d decision[S]) (Result, error) {
	for attempt := 1; ; attempt++ {
		history, err := h.store.ReadStream(ctx, d.stream, eventstore.ReadStreamOptions{})
		if err != nil {
			return Result{}, fmt.Errorf("load %s: %w", d.stream, err)
		}
		version := lastVersion(history)
		if prior, ok := replayOf(history, d.stream, m.IdempotencyKey); ok {
			return prior, nil
		}
		if m.IfVersion != nil && *m.IfVersion != version {
			return Result{}, ErrStaleVersion
		}
		state, err := fold(h.codec, d.evolve, history)
		if err != nil {
			return Result{}, fmt.Errorf("load %s: %w", d.stream, err)
		}
		events, err := d.decide(state)
		if err != nil {
			return Result{}, err
		}
		if len(events) == 0 {
			return Result{Stream: d.stream, Version: version}, nil
		}
		data, err := h.encode(d, m, version, events)
		if err != nil {
			return Result{}, err
		}
		res, err := h.store.Append(ctx, d.stream, eventstore.Exact(version), data...)
		if errors.Is(err, domain.ErrConflict) && attempt < maxAttempts && m.IfVersion == nil {
			continue
		}
		if err != nil {
			return Result{}, fmt.Errorf("append %s at version %d: %w", d.stream, version, err)
		}
		return Result{Stream: d.stream, Version: res.Version, Position: res.Position, Events: len(events)}, nil
	}
}

// replayOf finds the events an earlier command with the same idempotency
// key recorded on this stream.
func replayOf(history []eventstore.Recorded, stream, key string) (Result, bool) {
	if key == "" {
		return Result{}, false
	}
	res, found := Result{Stream: stream, Replayed: true}, false
	for _, r := range history {
		if r.Metadata.IdempotencyKey == key {
			res.Version, res.Position, found = r.StreamVersion, r.Position, true
			res.Events++
		}
	}
	return res, found
}

func lastVersion(history []eventstore.Recorded) uint64 {
	if len(history) == 0 {
		return 0
	}
	return history[len(history)-1].StreamVersion
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

// idempotencyNamespace derives event ids from idempotency keys, so two
// concurrent requests with one key write the same ids and the store keeps
// one of them.
var idempotencyNamespace = uuid.MustParse("6f1c2d4e-8a5b-4c3d-9e7f-0a1b2c3d4e5f")

func (h *Handler) encode(d decisionMeta, m Meta, version uint64, events []domain.Event) ([]eventstore.EventData, error) {
	meta := h.metadata(m, d.actingRole(), d.policy())
	out := make([]eventstore.EventData, len(events))
	for i, e := range events {
		id := uuid.NewString()
		if m.IdempotencyKey != "" {
			id = uuid.NewSHA1(idempotencyNamespace, fmt.Appendf(nil, "%s|%s|%d|%d", d.streamName(), m.IdempotencyKey, version, i)).String()
		}
		ed, err := h.codec.Encode(id, e, meta)
		if err != nil {
			return nil, err
		}
		out[i] = ed
	}
	return out, nil
}

// decisionMeta is what encode needs of a decision, whatever its state type.
type decisionMeta interface {
	streamName() string
	actingRole() domain.Role
	policy() string
}

func (d decision[S]) streamName() string      { return d.stream }
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
