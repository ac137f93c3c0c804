package esdb

import (
	"context"
	"errors"
	"fmt"
	"io"

	esdbclient "github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// checkRetry looks for the events' ids in the stream before appending.
// EventStoreDB deduplicates a retry by id alone (at the expected version the
// events were first appended at, and under Any only while their ids are in
// its cache), without comparing the events, and at the stream's current
// version it writes a second copy. The port never stores an event twice
// nor acknowledges another event as a retry, so: an id the stream holds
// for another event is ErrEventIDReused; a true retry (the ids are the
// stream's events right after the expected version) returns the original
// result without writing; any other reuse of a stored id is a conflict.
// NoStream is checked too, although the server would refuse it on an
// existing stream: it would acknowledge a retry of other content.
func (s *Store) checkRetry(ctx context.Context, stream string, expected eventstore.ExpectedVersion, events []eventstore.EventData, data []esdbclient.EventData) (*eventstore.AppendResult, error) {
	stored, err := s.storedIDs(ctx, stream)
	if err != nil || len(stored.events) == 0 {
		return nil, err
	}
	if err := checkSame(stream, stored, events, data); err != nil {
		return nil, err
	}
	at := -1
	for i, d := range data {
		j, ok := stored.index[d.EventID]
		if !ok {
			if at >= 0 {
				return nil, reused(stream, d.EventID)
			}
			continue
		}
		if i == 0 {
			at = j
		} else if at < 0 || j != at+i {
			return nil, reused(stream, d.EventID)
		}
	}
	if at < 0 {
		return nil, nil
	}
	if v, ok := expected.Exact(); (ok || expected.IsNoStream()) && v != uint64(at) {
		return nil, reused(stream, data[0].EventID)
	}
	last := stored.events[at+len(data)-1]
	return &eventstore.AppendResult{Version: last.EventNumber + 1, Position: fromPosition(last.Position)}, nil
}

// checkSame refuses events whose id the stream holds for another event.
func checkSame(stream string, stored streamIDs, events []eventstore.EventData, data []esdbclient.EventData) error {
	for i, d := range data {
		j, ok := stored.index[d.EventID]
		if !ok {
			continue
		}
		r, err := toRecorded(stored.events[j])
		if err != nil {
			return err
		}
		if !eventstore.SameEvent(r.EventData, events[i]) {
			return fmt.Errorf("esdb: append to %s: event %s: %w", stream, events[i].ID, eventstore.ErrEventIDReused)
		}
	}
	return nil
}

type streamIDs struct {
	events []*esdbclient.RecordedEvent
	index  map[uuid.UUID]int
}

func (s *Store) storedIDs(ctx context.Context, stream string) (streamIDs, error) {
	out := streamIDs{index: map[uuid.UUID]int{}}
	rs, err := s.client.ReadStream(ctx, stream, esdbclient.ReadStreamOptions{From: esdbclient.Start{}}, noCount)
	if err != nil {
		return out, wrap(ctx.Err(), err, "read "+stream)
	}
	defer rs.Close()
	for {
		ev, err := rs.Recv()
		switch {
		case errors.Is(err, io.EOF) || isMissingStream(err):
			return out, nil
		case err != nil:
			return out, wrap(ctx.Err(), err, "read "+stream)
		}
		out.index[ev.Event.EventID] = len(out.events)
		out.events = append(out.events, ev.Event)
	}
}

func reused(stream string, id uuid.UUID) error {
	return fmt.Errorf("esdb: append to %s: %w: event %s is already stored at another version", stream, domain.ErrConflict, id)
}
