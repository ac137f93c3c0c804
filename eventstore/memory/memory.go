// Package memory is an in-memory event store for unit tests and
// development. It keeps the whole log in one slice under one lock, so its
// global order is its commit order and no reader can skip an event.
package memory

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// Store is an eventstore.Store held in memory. The zero value is not
// usable; call New.
type Store struct {
	mu      sync.RWMutex
	log     []eventstore.Recorded // the global log; index i has position i+1
	streams map[string][]int      // stream → indexes into log
	ids     map[streamID]int      // event id in its stream → index into log
	changed chan struct{}         // closed and replaced on every append
	now     func() time.Time
}

var _ eventstore.Store = (*Store)(nil)

// New returns an empty store.
func New() *Store {
	return &Store{
		streams: map[string][]int{},
		ids:     map[streamID]int{},
		changed: make(chan struct{}),
		now:     time.Now,
	}
}

func position(i int) eventstore.Position { return eventstore.Position{Major: uint64(i) + 1} }

// streamID keys an event id within its stream: ids are unique per stream,
// as in the other stores (see eventstore.EventData.ID).
type streamID struct{ stream, id string }

// Append implements eventstore.Store.
func (s *Store) Append(ctx context.Context, stream string, expected eventstore.ExpectedVersion, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	if err := ctx.Err(); err != nil {
		return eventstore.AppendResult{}, err
	}
	if len(events) == 0 {
		return eventstore.AppendResult{}, fmt.Errorf("append %s: no events", stream)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkReused(stream, events); err != nil {
		return eventstore.AppendResult{}, err
	}
	if res, ok := s.retried(stream, events); ok {
		return res, nil
	}
	if err := s.checkAppend(stream, expected, events); err != nil {
		return eventstore.AppendResult{}, err
	}
	res := s.write(stream, events)
	s.wake()
	return res, nil
}

// checkAppend refuses an append whose expectation the stream does not
// meet, or that carries an id the stream already holds.
func (s *Store) checkAppend(stream string, expected eventstore.ExpectedVersion, events []eventstore.EventData) error {
	current := uint64(len(s.streams[stream]))
	if !expected.Allows(current) {
		return fmt.Errorf("append %s: expected %s, stream at version %d: %w",
			stream, expected, current, domain.ErrConflict)
	}
	for _, e := range events {
		if _, dup := s.ids[streamID{stream, e.ID}]; dup {
			return fmt.Errorf("append %s: event id %s already stored in the stream: %w", stream, e.ID, domain.ErrConflict)
		}
	}
	return nil
}

// write appends checked events to the log and the stream.
func (s *Store) write(stream string, events []eventstore.EventData) eventstore.AppendResult {
	current := uint64(len(s.streams[stream]))
	now := s.now().UTC()
	for _, e := range events {
		current++
		i := len(s.log)
		e.Data = slices.Clone(e.Data)
		s.log = append(s.log, eventstore.Recorded{
			EventData: e, Stream: stream, StreamVersion: current, Position: position(i), RecordedAt: now,
		})
		s.streams[stream] = append(s.streams[stream], i)
		s.ids[streamID{stream, e.ID}] = i
	}
	return eventstore.AppendResult{Version: current, Position: position(len(s.log) - 1)}
}

// wake tells waiting subscriptions that the log grew.
func (s *Store) wake() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// checkReused refuses events whose id the stream holds for another event:
// a retry must carry the events it retries.
func (s *Store) checkReused(stream string, events []eventstore.EventData) error {
	for _, e := range events {
		if i, ok := s.ids[streamID{stream, e.ID}]; ok && !eventstore.SameEvent(s.log[i].EventData, e) {
			return fmt.Errorf("append %s: event %s: %w", stream, e.ID, eventstore.ErrEventIDReused)
		}
	}
	return nil
}

// retried reports whether events are, by id, already consecutive events of
// the stream from one append: an idempotent retry.
func (s *Store) retried(stream string, events []eventstore.EventData) (eventstore.AppendResult, bool) {
	first, ok := s.ids[streamID{stream, events[0].ID}]
	if !ok {
		return eventstore.AppendResult{}, false
	}
	for k, e := range events {
		i, ok := s.ids[streamID{stream, e.ID}]
		if !ok || s.log[i].StreamVersion != s.log[first].StreamVersion+uint64(k) {
			return eventstore.AppendResult{}, false
		}
	}
	last := s.log[s.ids[streamID{stream, events[len(events)-1].ID}]]
	return eventstore.AppendResult{Version: last.StreamVersion, Position: last.Position}, true
}

// ReadStream implements eventstore.Store.
func (s *Store) ReadStream(ctx context.Context, stream string, opts eventstore.ReadStreamOptions) ([]eventstore.Recorded, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []eventstore.Recorded
	for _, i := range s.streams[stream] {
		r := s.log[i]
		switch {
		case r.StreamVersion < opts.FromVersion:
			continue
		case opts.ToVersion > 0 && r.StreamVersion > opts.ToVersion,
			!opts.RecordedUntil.IsZero() && r.RecordedAt.After(opts.RecordedUntil),
			opts.Limit > 0 && len(out) == opts.Limit:
			return out, nil
		}
		out = append(out, r)
	}
	return out, nil
}

// ReadAll implements eventstore.Store.
func (s *Store) ReadAll(ctx context.Context, from eventstore.Position, limit int, filter eventstore.Filter) ([]eventstore.Recorded, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out, _ := s.scan(from, limit, filter)
	return out, nil
}

// scan returns up to limit matching events after from, and the position of
// the last event it looked at, matching or not, read under one lock so a
// subscriber can move past filtered-out events without skipping new ones.
func (s *Store) scan(from eventstore.Position, limit int, filter eventstore.Filter) ([]eventstore.Recorded, eventstore.Position) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []eventstore.Recorded
	scanned := from
	for i := int(from.Major); i < len(s.log) && (limit <= 0 || len(out) < limit); i++ {
		scanned = s.log[i].Position
		if r := s.log[i]; filter.Matches(r.Stream, r.Type) {
			out = append(out, r)
		}
	}
	return out, scanned
}

// Head implements eventstore.Store.
func (s *Store) Head(ctx context.Context) (eventstore.Position, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if len(s.log) == 0 {
		return eventstore.Start, nil
	}
	return position(len(s.log) - 1), ctx.Err()
}

// wait returns a channel closed at the next append.
func (s *Store) wait() <-chan struct{} {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.changed
}
