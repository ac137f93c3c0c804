package commands

import (
	"context"
	"fmt"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// aggregate is one stream folded for decisions: the state, the stream
// version it reflects and the idempotency keys the stream records. It is
// always the fold of the stream's first version events: loading, catching
// up and recording an append all evolve it with stored bodies, decoded,
// never with the in-memory events a decision returned.
type aggregate[S any] struct {
	stream  string
	state   S
	version uint64
	keys    map[string]keyed
	// keyOrder holds the keys of keys, ordered by the version of their
	// last event, oldest first: the window forgets from its front (see
	// keyWindow).
	keyOrder []string
	// cached is set while the aggregate comes from the cache (or was
	// presumed new, see decision.fresh) and was not checked against the
	// store in this command: the stream may have moved on since.
	cached bool
	// snapped is the version of the newest snapshot known to hold this
	// state (0: none), so the next is taken `every` events later.
	snapped uint64
}

// keyed is where the events of one idempotency key landed in the stream.
type keyed struct {
	version  uint64 // of the key's last event
	position eventstore.Position
	events   int
}

func newAggregate[S any](stream string) *aggregate[S] {
	return &aggregate[S]{stream: stream, keys: map[string]keyed{}}
}

func (a *aggregate[S]) streamName() string    { return a.stream }
func (a *aggregate[S]) streamVersion() uint64 { return a.version }
func (a *aggregate[S]) keyCount() int         { return len(a.keys) }

// replay returns the result of the earlier command with idempotency key
// on this stream, if there was one. A recorded key stays in the stream
// (streams are append-only), so a replay found on a cached aggregate is as
// final as one found on a fresh read.
func (a *aggregate[S]) replay(key string) (Result, bool) {
	k, ok := a.keys[key]
	if key == "" || !ok {
		return Result{}, false
	}
	return Result{Stream: a.stream, Version: k.version, Position: k.position, Events: k.events, Replayed: true}, true
}

// catchUp folds the events recorded after a.version; on a new aggregate
// that is the whole stream. moved says an append found the stream past
// a.version: if the store then has nothing after it, or the read does not
// continue at a.version+1, the aggregate is not a prefix of the stream
// (a store restored from backup, say) and is rebuilt from the start.
func (a *aggregate[S]) catchUp(ctx context.Context, log *eventLog, evolve func(S, domain.Event) S, moved bool) error {
	tail, err := log.store.ReadStream(ctx, a.stream, eventstore.ReadStreamOptions{FromVersion: a.version + 1})
	if err != nil {
		return fmt.Errorf("load %s: %w", a.stream, err)
	}
	if a.version > 0 && (moved && len(tail) == 0 || len(tail) > 0 && tail[0].StreamVersion != a.version+1) {
		*a = *newAggregate[S](a.stream)
		return a.catchUp(ctx, log, evolve, false)
	}
	for _, r := range tail {
		e, err := log.codec.DecodeRecorded(r)
		if err != nil {
			return fmt.Errorf("load %s: %w", a.stream, err)
		}
		a.apply(evolve, e, r.StreamVersion, r.Position, r.Metadata.IdempotencyKey)
	}
	a.cached = false
	return nil
}

// appended evolves the aggregate with the events a command appended at
// a.version, decoded from the bodies it stored: the state is then what a
// read of the stream would fold. Event ids are fresh per append (see
// encode), so a successful append wrote exactly these events; it reports
// false, and the caller drops the aggregate, if anything disagrees.
func (a *aggregate[S]) appended(log *eventLog, evolve func(S, domain.Event) S, data []eventstore.EventData, res eventstore.AppendResult, key string) bool {
	if res.Version != a.version+uint64(len(data)) {
		return false
	}
	for _, ed := range data {
		e, err := log.codec.Decode(ed.Type, ed.SchemaVersion, ed.Data)
		if err != nil {
			return false
		}
		// the positions of all but the last event are unknown; a key
		// records only its last one, which is res.Position
		a.apply(evolve, e, a.version+1, res.Position, key)
	}
	offerSnapshot(log.snapshots, a)
	return true
}

func (a *aggregate[S]) apply(evolve func(S, domain.Event) S, e domain.Event, version uint64, pos eventstore.Position, key string) {
	a.state, a.version = evolve(a.state, e), version
	if key != "" {
		a.recordKey(key, version, pos)
	}
}
