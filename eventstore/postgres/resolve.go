package postgres

import (
	"context"
	"fmt"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// resolve explains an append that wrote nothing. When the events are
// already stored, consecutively in stream, it is an idempotent retry and
// returns the original result. When an Any or StreamExists append lost a
// race for the version it computed, raced asks the caller to try again.
// Anything else is a conflict.
func (s *Store) resolve(ctx context.Context, q querier, stream string, expected eventstore.ExpectedVersion, events []eventstore.EventData, cause error) (res eventstore.AppendResult, raced bool, err error) {
	res, ok, err := s.retried(ctx, q, stream, events)
	if err != nil || ok {
		return res, false, err
	}
	if isVersionRace(cause, expected) {
		return eventstore.AppendResult{}, true, nil
	}
	var current uint64
	if err := q.QueryRow(ctx, s.sql.streamVersion, stream).Scan(&current); err != nil {
		return eventstore.AppendResult{}, false, fmt.Errorf("append %s: %w", stream, err)
	}
	if expected.Allows(current) {
		// The expectation held, so the stream must hold some of the ids.
		return eventstore.AppendResult{}, false, fmt.Errorf("append %s: the stream already holds some of these events, not as one append: %w", stream, domain.ErrConflict)
	}
	return eventstore.AppendResult{}, false, fmt.Errorf("append %s: expected %s, stream at version %d: %w", stream, expected, current, domain.ErrConflict)
}

// retried reports whether events are, by id, already consecutive events of
// stream in the given order, and where the last of them landed. An id the
// stream holds for another event is ErrEventIDReused. Event ids are
// checked per stream: the store does not index ids globally.
func (s *Store) retried(ctx context.Context, q querier, stream string, events []eventstore.EventData) (eventstore.AppendResult, bool, error) {
	ids := make([]string, len(events))
	for i, e := range events {
		ids[i] = e.ID
	}
	rows, err := q.Query(ctx, s.sql.byIDs, stream, ids)
	if err != nil {
		return eventstore.AppendResult{}, false, fmt.Errorf("append %s: %w", stream, err)
	}
	stored, err := scanEvents(rows, len(ids))
	if err != nil {
		return eventstore.AppendResult{}, false, fmt.Errorf("append %s: %w", stream, err)
	}
	found := make(map[string]*eventstore.Recorded, len(stored))
	for i := range stored {
		found[stored[i].ID] = &stored[i]
	}
	for _, e := range events {
		if r, ok := found[e.ID]; ok && !eventstore.SameEvent(r.EventData, e) {
			return eventstore.AppendResult{}, false, fmt.Errorf("append %s: event %s: %w", stream, e.ID, eventstore.ErrEventIDReused)
		}
	}
	first, ok := found[ids[0]]
	for k, id := range ids {
		r, ok2 := found[id]
		if !ok || !ok2 || r.StreamVersion != first.StreamVersion+uint64(k) {
			return eventstore.AppendResult{}, false, nil
		}
	}
	last := found[ids[len(ids)-1]]
	return eventstore.AppendResult{Version: last.StreamVersion, Position: last.Position}, true, nil
}
