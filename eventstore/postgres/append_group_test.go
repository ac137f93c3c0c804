package postgres_test

import (
	"errors"
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

// Given streams at version 1, when one shared insert carries appends whose
// expectations hold and appends whose expectations fail, then it writes
// the first (in call order, at the positions it reports) and skips the
// others, which then answer alone exactly as a lone append would.
func TestStore_sharedInsertSkipsWhatALoneAppendWouldRefuse(t *testing.T) {
	s := pgtest.Store(t)
	ctx := t.Context()
	stored := event("stored", 0)
	for _, stream := range []string{"b-1", "e-1"} {
		mustAppend(t, s, stream, eventstore.NoStream, event("opened", 0))
	}
	original := mustAppend(t, s, "d-1", eventstore.NoStream, stored)
	opened, y1, y2 := event("opened", 1), event("y", 1), event("y", 2)

	out := s.FlushGroup(ctx, []postgres.GroupedAppend{
		{Stream: "a-1", Expected: eventstore.NoStream, Event: opened},        // 0 written, version 1
		{Stream: "b-1", Expected: eventstore.Exact(1), Event: event("b", 2)}, // 1 written, version 2
		{Stream: "c-1", Expected: eventstore.Exact(5), Event: event("c", 3)}, // 2 skipped: no version 5
		{Stream: "d-1", Expected: eventstore.NoStream, Event: stored},        // 3 skipped: a retry of version 1
		{Stream: "d-1", Expected: eventstore.Exact(1), Event: stored},        // 4 skipped: the stream holds the id
		{Stream: "e-1", Expected: eventstore.Exact(1), Event: y1},            // 5 written, version 2
		{Stream: "e-1", Expected: eventstore.Exact(1), Event: y2},            // 6 skipped: 5 took version 2
		{Stream: "a-1", Expected: eventstore.NoStream, Event: opened},        // 7 skipped: 0 is the same event
		{Stream: "f-1", Expected: eventstore.NoStream, Event: event("f", 8)}, // 8 written, version 1
		{Stream: "b-1", Expected: eventstore.Exact(2), Event: event("b", 9)}, // 9 skipped: 1 is not visible yet
	})

	written := map[int]uint64{0: 1, 1: 2, 5: 2, 8: 1}
	var last eventstore.Position
	for i, a := range out {
		want, ok := written[i]
		if a.Alone == ok || a.Err != nil {
			t.Errorf("append %d (%s at %s): alone %v, err %v; want written %v", i, a.Stream, a.Expected, a.Alone, a.Err, ok)
			continue
		}
		if !ok {
			continue
		}
		if a.Result.Version != want || last.Compare(a.Result.Position) >= 0 {
			t.Errorf("append %d: %+v, want version %d after %s", i, a.Result, want, last)
		}
		last = a.Result.Position
		if got := readStream(t, s, a.Stream)[want-1]; got.ID != a.Event.ID || got.Position != a.Result.Position {
			t.Errorf("append %d: stored %s at %s, answered %s", i, got.ID, got.Position, a.Result.Position)
		}
	}

	// The skipped appends, alone.
	if _, err := s.Append(ctx, "c-1", eventstore.Exact(5), event("c", 3)); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("ahead of the stream: %v, want a conflict", err)
	}
	for _, expected := range []eventstore.ExpectedVersion{eventstore.NoStream, eventstore.Exact(1)} {
		if res, err := s.Append(ctx, "d-1", expected, stored); err != nil || res != original {
			t.Errorf("retry at %s: %+v, %v; want the first result %+v", expected, res, err, original)
		}
	}
	if _, err := s.Append(ctx, "e-1", eventstore.Exact(1), y2); !errors.Is(err, domain.ErrConflict) {
		t.Errorf("version taken: %v, want a conflict", err)
	}
	if res, err := s.Append(ctx, "a-1", eventstore.NoStream, opened); err != nil || res != out[0].Result {
		t.Errorf("same event twice: %+v, %v; want %+v", res, err, out[0].Result)
	}
	for stream, want := range map[string]int{"a-1": 1, "b-1": 2, "c-1": 0, "d-1": 1, "e-1": 2, "f-1": 1} {
		if got := len(readStream(t, s, stream)); got != want {
			t.Errorf("%s holds %d events, want %d", stream, got, want)
		}
	}
}

func mustAppend(t *testing.T, s *postgres.Store, stream string, expected eventstore.ExpectedVersion, e eventstore.EventData) eventstore.AppendResult {
	t.Helper()
	res, err := s.Append(t.Context(), stream, expected, e)
	if err != nil {
		t.Fatalf("append %s: %v", stream, err)
	}
	return res
}

func readStream(t *testing.T, s *postgres.Store, stream string) []eventstore.Recorded {
	t.Helper()
	got, err := s.ReadStream(t.Context(), stream, eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatalf("read %s: %v", stream, err)
	}
	return got
}

// Given a shared insert that fails as a whole (one append's stream is not
// valid UTF-8), then every append of it runs alone, and only the bad one
// fails.
func TestStore_failedSharedInsertLeavesEachAppendToItself(t *testing.T) {
	s := pgtest.Store(t)
	good := event("good", 1)
	out := s.FlushGroup(t.Context(), []postgres.GroupedAppend{
		{Stream: "good-1", Expected: eventstore.NoStream, Event: good},
		{Stream: "bad-\xff", Expected: eventstore.NoStream, Event: event("bad", 2)},
	})
	for i, a := range out {
		if !a.Alone {
			t.Errorf("append %d: %+v, want it left to run alone", i, a)
		}
	}
	if got := readStream(t, s, "good-1"); len(got) != 0 {
		t.Fatalf("good-1 holds %d events after the failed insert, want 0", len(got))
	}
	mustAppend(t, s, "good-1", eventstore.NoStream, good)
	if _, err := s.Append(t.Context(), "bad-\xff", eventstore.NoStream, event("bad", 2)); err == nil {
		t.Error("append to a stream named with invalid UTF-8 succeeded, want an error")
	}
}
