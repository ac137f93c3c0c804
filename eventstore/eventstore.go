// Package eventstore is the port between the application and wherever
// events are kept: the Store contract, the envelope every event carries,
// global positions, expected versions and the codec that maps stored type
// names to Go types. Adapters live in its subpackages (postgres, esdb,
// memory); the conformance suite that all of them pass is eventstoretest.
package eventstore

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Store appends events to streams with optimistic concurrency and reads
// them back, per stream or as the global log ($all).
//
// Stream versions count events: a stream with n events is at version n, the
// first event has stream version 1, and a stream that was never written is
// at version 0.
type Store interface {
	// Append writes events to stream atomically if the stream is at the
	// expected version, and returns where they landed. A stream at another
	// version fails with an error wrapping domain.ErrConflict. Retrying an
	// append whose events (by ID) are already the stream's events at that
	// expected version succeeds without writing them again, provided each
	// is the same event (SameEvent); an ID the stream holds for another
	// event fails with an error wrapping ErrEventIDReused (a conflict).
	// Event IDs are unique within a stream, not across streams: the same
	// ID may name events of two streams (see EventData.ID).
	Append(ctx context.Context, stream string, expected ExpectedVersion, events ...EventData) (AppendResult, error)

	// ReadStream returns a stream's events in version order, bounded by
	// opts. A missing stream reads as empty with no error.
	ReadStream(ctx context.Context, stream string, opts ReadStreamOptions) ([]Recorded, error)

	// ReadAll returns up to limit events of the global log that come after
	// position from (Start reads from the beginning) and match filter, in
	// global order. It never returns an event while an earlier one may
	// still appear: a reader that resumes from the last position it saw
	// misses nothing.
	ReadAll(ctx context.Context, from Position, limit int, filter Filter) ([]Recorded, error)

	// Subscribe follows the global log from after position from: it
	// catches up with the stored events, then delivers new ones as they
	// commit, in the same order ReadAll uses.
	Subscribe(ctx context.Context, from Position, filter Filter) (Subscription, error)

	// Head returns the position of the last event of the global log that a
	// reader may see now (Start when the log is empty).
	Head(ctx context.Context) (Position, error)
}

// Subscription delivers events of the global log in order.
type Subscription interface {
	// Recv blocks until at least one event is available and returns the
	// events available now, in order (at most a store-defined batch). It
	// returns ctx.Err() when ctx ends and an error when the subscription
	// broke; it never returns an empty batch without an error.
	Recv(ctx context.Context) ([]Recorded, error)
	// Close releases the subscription. Recv after Close returns an error.
	Close() error
}

// AppendResult tells where an append landed.
type AppendResult struct {
	// Version is the stream's version after the append.
	Version uint64
	// Position is the global position of the last event appended.
	Position Position
}

// ReadStreamOptions bound a stream read. The zero value reads it all.
type ReadStreamOptions struct {
	// FromVersion is the first stream version to return (0 or 1: from the
	// start).
	FromVersion uint64
	// ToVersion is the last stream version to return (0: no bound).
	ToVersion uint64
	// RecordedUntil, when set, drops events recorded after it: the stream
	// as it was known at that time.
	RecordedUntil time.Time
	// Limit caps the number of events returned (0: no cap).
	Limit int
}

// Filter selects events of the global log. The zero value selects all.
type Filter struct {
	// StreamPrefixes keeps events whose stream starts with any of them.
	StreamPrefixes []string
	// EventTypes keeps events of any of these types.
	EventTypes []string
}

// Matches reports whether r passes the filter. Stores that cannot filter on
// the server use it; the conformance suite holds them all to it.
func (f Filter) Matches(stream, eventType string) bool {
	return f.matchesStream(stream) && f.matchesType(eventType)
}

func (f Filter) matchesStream(stream string) bool {
	if len(f.StreamPrefixes) == 0 {
		return true
	}
	for _, p := range f.StreamPrefixes {
		if len(stream) >= len(p) && stream[:len(p)] == p {
			return true
		}
	}
	return false
}

func (f Filter) matchesType(t string) bool {
	if len(f.EventTypes) == 0 {
		return true
	}
	for _, want := range f.EventTypes {
		if t == want {
			return true
		}
	}
	return false
}

// EventData is an event to append: its encoded body and its envelope.
type EventData struct {
	// ID identifies the event (a UUID). Appending the same event (same
	// ID, type, schema version, body and metadata) twice at the same
	// expected version is an idempotent retry; the same ID with other
	// content is a conflict. Stores check IDs within the stream only,
	// because a global index of random UUIDs would cost every append a
	// random page of the log: an ID reused in another stream is stored as
	// a separate event, so whoever makes IDs keeps them unique (fresh
	// UUIDs are).
	ID            string
	Type          string
	SchemaVersion int
	// Data is the JSON body.
	Data     []byte
	Metadata Metadata
}

// Recorded is a stored event with everything the store assigned to it.
type Recorded struct {
	EventData
	Stream        string
	StreamVersion uint64
	Position      Position
	RecordedAt    time.Time
}

// Metadata is the audit envelope every event carries (ARCHITECTURE.md
// decision 4, rule §2.5-envelope in docs/RULES.md): who did it, under which role and rule, when it took
// effect in business terms, why, and how it relates to other events.
type Metadata struct {
	ActorID        string      `json:"actor_id,omitempty"`
	ActorRole      domain.Role `json:"actor_role,omitempty"`
	ActorOrgUnitID string      `json:"actor_org_unit_id,omitempty"`
	OnBehalfOf     string      `json:"on_behalf_of,omitempty"`
	Reason         string      `json:"reason,omitempty"`
	SourceDocRef   string      `json:"source_doc_ref,omitempty"`
	// RegulationVersion is the version of the regulation the decision
	// applied. Its key stays "policy_version": events already stored
	// carry that key.
	RegulationVersion string `json:"policy_version,omitempty"`
	// EffectiveAt is the business time the fact took effect, which may
	// precede the recorded time (retroactive filings).
	EffectiveAt    time.Time `json:"effective_at,omitzero"`
	CorrelationID  string    `json:"correlation_id,omitempty"`
	CausationID    string    `json:"causation_id,omitempty"`
	IdempotencyKey string    `json:"idempotency_key,omitempty"`
	// TraceParent is the W3C traceparent of the command that wrote the
	// event, when it was traced (rule OPS-tracing): a read model's apply
	// span links to it. Empty with tracing off.
	TraceParent string `json:"traceparent,omitempty"`
	// PrevHash and Hash chain each event to its predecessor in the stream,
	// so an altered history is detectable. Stores that do not chain leave
	// them empty.
	PrevHash string `json:"prev_hash,omitempty"`
	Hash     string `json:"hash,omitempty"`
}
