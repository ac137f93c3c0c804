package esdb

import (
	"context"
	"errors"
	"fmt"
	"io"

	esdbclient "github.com/EventStore/EventStore-Client-Go/v4/esdb"

	"github.com/opsledger/opsledger/eventstore"
)

// ReadStream implements eventstore.Store.
func (s *Store) ReadStream(ctx context.Context, stream string, opts eventstore.ReadStreamOptions) ([]eventstore.Recorded, error) {
	from := max(opts.FromVersion, 1)
	if opts.ToVersion > 0 && opts.ToVersion < from {
		return nil, nil
	}
	count := noCount
	if opts.ToVersion > 0 {
		count = opts.ToVersion - from + 1
	}
	// RecordedUntil drops events after reading them, so only without it
	// does the limit bound the read itself.
	if opts.Limit > 0 && opts.RecordedUntil.IsZero() {
		count = min(count, uint64(opts.Limit))
	}
	ro := esdbclient.ReadStreamOptions{Direction: esdbclient.Forwards, From: esdbclient.Revision(from - 1)}
	rs, err := s.client.ReadStream(ctx, stream, ro, count)
	if err != nil {
		return nil, wrap(ctx.Err(), err, "read "+stream)
	}
	defer rs.Close()
	var out []eventstore.Recorded
	for opts.Limit <= 0 || len(out) < opts.Limit {
		ev, err := rs.Recv()
		switch {
		case errors.Is(err, io.EOF):
			return out, nil
		case isMissingStream(err):
			return nil, nil
		case err != nil:
			return nil, wrap(ctx.Err(), err, "read "+stream)
		}
		r, err := toRecorded(ev.Event)
		if err != nil {
			return nil, err
		}
		if !opts.RecordedUntil.IsZero() && r.RecordedAt.After(opts.RecordedUntil) {
			continue
		}
		out = append(out, r)
	}
	return out, nil
}

// ReadAll implements eventstore.Store. It filters on the client, so it
// reads on until limit events matched or $all ends (limit <= 0: no limit).
func (s *Store) ReadAll(ctx context.Context, from eventstore.Position, limit int, filter eventstore.Filter) ([]eventstore.Recorded, error) {
	rs, err := s.client.ReadAll(ctx, esdbclient.ReadAllOptions{From: allFrom(from)}, noCount)
	if err != nil {
		return nil, wrap(ctx.Err(), err, "read $all")
	}
	defer rs.Close()
	var out []eventstore.Recorded
	for limit <= 0 || len(out) < limit {
		ev, err := rs.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, wrap(ctx.Err(), err, fmt.Sprintf("read $all from %v", from))
		}
		r, ok, err := keep(ev, from, filter)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// keep converts an event of $all if it comes after from, is not a system
// event and matches filter.
func keep(ev *esdbclient.ResolvedEvent, from eventstore.Position, filter eventstore.Filter) (eventstore.Recorded, bool, error) {
	e := ev.Event
	if e == nil || isSystem(e) || fromPosition(e.Position).Compare(from) <= 0 {
		return eventstore.Recorded{}, false, nil
	}
	if !filter.Matches(e.StreamID, e.EventType) {
		return eventstore.Recorded{}, false, nil
	}
	r, err := toRecorded(e)
	return r, err == nil, err
}
