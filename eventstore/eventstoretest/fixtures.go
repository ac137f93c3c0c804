package eventstoretest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// waitTimeout bounds every wait for an event to become visible.
const waitTimeout = 10 * time.Second

// env is one subtest's view of the store: its own stream prefix, its own
// event type prefix and the head of the global log when it started.
type env struct {
	t      *testing.T
	ctx    context.Context
	s      eventstore.Store
	opts   Options
	prefix string              // every stream of the subtest starts with it
	types  string              // every event type of the subtest starts with it
	base   eventstore.Position // Head before the subtest wrote anything
	seq    *atomic.Int64       // shared with child envs, so bodies stay unique
}

func newEnv(t *testing.T, s eventstore.Store, opts Options) *env {
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	t.Cleanup(cancel)
	tag := randomHex()
	base, err := s.Head(ctx)
	if err != nil {
		t.Fatalf("Head: %v", err)
	}
	return &env{t: t, ctx: ctx, s: s, opts: opts, prefix: "t" + tag + "-", types: "t" + tag + ".", base: base, seq: new(atomic.Int64)}
}

// in returns e for subtest t, so helpers fail the right test.
func (e *env) in(t *testing.T) *env {
	c := *e
	c.t = t
	return &c
}

func randomHex() string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// stream names a stream of this subtest.
func (e *env) stream(name string) string { return e.prefix + name }

// typ names an event type of this subtest.
func (e *env) typ(name string) string { return e.types + name }

// mine selects the subtest's own events on the global log.
func (e *env) mine() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{e.prefix}}
}

// event returns an event of type e.typ(name) with a fresh UUID and a small
// JSON body that differs from every other event's.
func (e *env) event(name string) eventstore.EventData {
	n := e.seq.Add(1)
	return eventstore.EventData{
		ID:            uuid.NewString(),
		Type:          e.typ(name),
		SchemaVersion: 1,
		Data:          fmt.Appendf(nil, `{"n":%d,"kind":%q}`, n, name),
	}
}

func (e *env) events(n int, name string) []eventstore.EventData {
	out := make([]eventstore.EventData, n)
	for i := range out {
		out[i] = e.event(name)
	}
	return out
}

// append appends and fails the test on any error.
func (e *env) append(stream string, expected eventstore.ExpectedVersion, events ...eventstore.EventData) eventstore.AppendResult {
	e.t.Helper()
	res, err := e.s.Append(e.ctx, stream, expected, events...)
	if err != nil {
		e.t.Fatalf("Append(%s, %s): %v", stream, expected, err)
	}
	return res
}

// conflict appends and fails the test unless the append is refused with an
// error wrapping domain.ErrConflict.
func (e *env) conflict(stream string, expected eventstore.ExpectedVersion, events ...eventstore.EventData) {
	e.t.Helper()
	_, err := e.s.Append(e.ctx, stream, expected, events...)
	if !isConflict(err) {
		e.t.Fatalf("Append(%s, %s) error = %v, want one wrapping domain.ErrConflict", stream, expected, err)
	}
}

func isConflict(err error) bool { return errors.Is(err, domain.ErrConflict) }

// read reads a stream and fails the test on any error.
func (e *env) read(stream string, opts eventstore.ReadStreamOptions) []eventstore.Recorded {
	e.t.Helper()
	rs, err := e.s.ReadStream(e.ctx, stream, opts)
	if err != nil {
		e.t.Fatalf("ReadStream(%s, %+v): %v", stream, opts, err)
	}
	return rs
}

// readAll reads the global log from e.base through filter, resuming from
// the last position seen, until it holds at least n events and a further
// read finds nothing new, or fails after waitTimeout.
func (e *env) readAll(filter eventstore.Filter, limit, n int) []eventstore.Recorded {
	e.t.Helper()
	return e.readAllFrom(e.base, filter, limit, n)
}

// readAllFrom is readAll starting after position from.
func (e *env) readAllFrom(from eventstore.Position, filter eventstore.Filter, limit, n int) []eventstore.Recorded {
	e.t.Helper()
	var got []eventstore.Recorded
	deadline := time.Now().Add(waitTimeout)
	for {
		page, err := e.s.ReadAll(e.ctx, from, limit, filter)
		if err != nil {
			e.t.Fatalf("ReadAll(%v, %d): %v", from, limit, err)
		}
		if len(page) > limit {
			e.t.Fatalf("ReadAll(limit %d) returned %d events", limit, len(page))
		}
		got = append(got, page...)
		if len(page) > 0 {
			from = page[len(page)-1].Position
			continue
		}
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("ReadAll: %d events visible after %v, want %d: %v", len(got), waitTimeout, n, ids(got))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// ids returns the event IDs of recorded events, in order.
func ids(rs []eventstore.Recorded) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

// dataIDs returns the event IDs of events to append, in order.
func dataIDs(events []eventstore.EventData) []string {
	out := make([]string, len(events))
	for i, ev := range events {
		out[i] = ev.ID
	}
	return out
}

// checkAscending fails the test unless positions strictly increase.
func checkAscending(t *testing.T, what string, rs []eventstore.Recorded) {
	t.Helper()
	for i := 1; i < len(rs); i++ {
		if rs[i].Position.Compare(rs[i-1].Position) <= 0 {
			t.Fatalf("%s: position %v of event %d is not after %v", what, rs[i].Position, i, rs[i-1].Position)
		}
	}
}

// checkVersions fails the test unless rs are versions 1..len(rs) of stream.
func checkVersions(t *testing.T, stream string, rs []eventstore.Recorded) {
	t.Helper()
	for i, r := range rs {
		if r.Stream != stream || r.StreamVersion != uint64(i+1) {
			t.Fatalf("event %d is %s@%d, want %s@%d", i, r.Stream, r.StreamVersion, stream, i+1)
		}
	}
}
