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
// stream in the given order, and where the last of them landed. Event ids
// are checked per stream: the store does not index ids globally.
func (s *Store) retried(ctx context.Context, q querier, stream string, events []eventstore.EventData) (eventstore.AppendResult, bool, error) {
	ids := make([]string, len(events))
	for i, e := range events {
		ids[i] = e.ID
	}
	rows, err := q.Query(ctx, s.sql.byIDs, stream, ids)
	if err != nil {
		return eventstore.AppendResult{}, false, fmt.Errorf("append %s: %w", stream, err)
	}
	type stored struct {
		version uint64
		pos     eventstore.Position
	}
	found := make(map[string]stored, len(ids))
	for rows.Next() {
		var id string
		var st stored
		if err := rows.Scan(&id, &st.version, &st.pos.Major, &st.pos.Minor); err != nil {
			rows.Close()
			return eventstore.AppendResult{}, false, fmt.Errorf("append %s: %w", stream, err)
		}
		found[id] = st
	}
	if err := rows.Err(); err != nil {
		return eventstore.AppendResult{}, false, fmt.Errorf("append %s: %w", stream, err)
	}
	first, ok := found[ids[0]]
	for k, id := range ids {
		st, ok2 := found[id]
		if !ok || !ok2 || st.version != first.version+uint64(k) {
			return eventstore.AppendResult{}, false, nil
		}
	}
	last := found[ids[len(ids)-1]]
	return eventstore.AppendResult{Version: last.version, Position: last.pos}, true, nil
}
