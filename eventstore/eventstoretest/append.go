package eventstoretest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/eventstore"
)

// testExpectedVersions appends two events to streams holding given events
// under every kind of expectation: a success lands them right after the
// given events, a conflict wraps domain.ErrConflict and writes nothing.
func testExpectedVersions(t *testing.T, e *env) {
	if eventstore.Exact(0) != eventstore.NoStream {
		t.Fatal("Exact(0) != NoStream")
	}
	cases := []struct {
		name     string
		given    int
		expected eventstore.ExpectedVersion
		conflict bool
	}{
		{"any on a missing stream", 0, eventstore.Any, false},
		{"any on an existing stream", 2, eventstore.Any, false},
		{"no stream on a missing stream", 0, eventstore.NoStream, false},
		{"no stream on an existing stream", 1, eventstore.NoStream, true},
		{"stream exists on a missing stream", 0, eventstore.StreamExists, true},
		{"stream exists on an existing stream", 2, eventstore.StreamExists, false},
		{"exact version matching", 2, eventstore.Exact(2), false},
		{"exact version behind", 2, eventstore.Exact(1), true},
		{"exact version ahead", 2, eventstore.Exact(3), true},
		{"exact version on a missing stream", 0, eventstore.Exact(1), true},
		{"exact zero on a missing stream", 0, eventstore.Exact(0), false},
		{"exact zero on an existing stream", 1, eventstore.Exact(0), true},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := e.in(t)
			stream := e.stream("ev-" + string(rune('a'+i)))
			given := e.events(tc.given, "given")
			if tc.given > 0 {
				e.append(stream, eventstore.NoStream, given...)
			}
			evs := e.events(2, "when")
			if tc.conflict {
				e.conflict(stream, tc.expected, evs...)
				got := e.read(stream, eventstore.ReadStreamOptions{})
				if diff := cmp.Diff(dataIDs(given), ids(got)); diff != "" {
					t.Fatalf("stream after a conflict (-want +got):\n%s", diff)
				}
				return
			}
			res := e.append(stream, tc.expected, evs...)
			got := e.read(stream, eventstore.ReadStreamOptions{})
			checkVersions(t, stream, got)
			if diff := cmp.Diff(append(dataIDs(given), dataIDs(evs)...), ids(got)); diff != "" {
				t.Fatalf("stream (-want +got):\n%s", diff)
			}
			want := eventstore.AppendResult{Version: uint64(tc.given + 2), Position: got[len(got)-1].Position}
			if res != want {
				t.Fatalf("AppendResult = %+v, want %+v", res, want)
			}
		})
	}
}

// testExpectedVersionAhead checks an expectation ahead of the stream never
// leaves a hole in its versions: it fails, and the next correct append
// continues right after the last event.
func testExpectedVersionAhead(t *testing.T, e *env) {
	stream := e.stream("order-1")
	e.conflict(stream, eventstore.Exact(3), e.event("placed"))
	if got := e.read(stream, eventstore.ReadStreamOptions{}); len(got) != 0 {
		t.Fatalf("stream after an append ahead of it holds %d events", len(got))
	}
	e.append(stream, eventstore.NoStream, e.event("placed"))
	e.conflict(stream, eventstore.Exact(2), e.event("shipped"))
	e.conflict(stream, eventstore.Exact(5), e.events(3, "shipped")...)
	res := e.append(stream, eventstore.Exact(1), e.events(2, "shipped")...)
	if res.Version != 3 {
		t.Fatalf("AppendResult.Version = %d, want 3", res.Version)
	}
	got := e.read(stream, eventstore.ReadStreamOptions{})
	if len(got) != 3 {
		t.Fatalf("stream holds %d events, want 3", len(got))
	}
	checkVersions(t, stream, got)
}

// testIdempotentRetry retries appends by event ID. At the expected version
// of the first append a retry succeeds with the same result and no
// duplicates. At any other expected version (stale, Any, or the stream's
// current version) the suite accepts a conflict or a success, but never a
// second copy of an event.
func testIdempotentRetry(t *testing.T, e *env) {
	stream := e.stream("order-1")
	first := e.events(2, "placed")
	r1 := e.append(stream, eventstore.NoStream, first...)
	if again := e.append(stream, eventstore.NoStream, first...); again != r1 {
		t.Fatalf("retried append = %+v, want %+v", again, r1)
	}
	second := e.event("shipped")
	r2 := e.append(stream, eventstore.Exact(2), second)
	if again := e.append(stream, eventstore.Exact(2), second); again != r2 {
		t.Fatalf("retried append = %+v, want %+v", again, r2)
	}
	want := append(dataIDs(first), second.ID)
	retries := []struct {
		expected eventstore.ExpectedVersion
		events   []eventstore.EventData
	}{
		{eventstore.Exact(1), first},
		{eventstore.Any, first},
		{eventstore.Exact(3), first},
		{eventstore.Exact(3), []eventstore.EventData{second}},
		{eventstore.StreamExists, []eventstore.EventData{second}},
	}
	for _, r := range retries {
		_, err := e.s.Append(e.ctx, stream, r.expected, r.events...)
		if err != nil && !isConflict(err) {
			t.Fatalf("retry at %s: %v, want success or a conflict", r.expected, err)
		}
		got := e.read(stream, eventstore.ReadStreamOptions{})
		if diff := cmp.Diff(want, ids(got)); diff != "" {
			t.Fatalf("stream after retry at %s (-want +got):\n%s", r.expected, diff)
		}
	}
	if diff := cmp.Diff(want, ids(e.readAll(e.mine(), 100, len(want)))); diff != "" {
		t.Fatalf("global log (-want +got):\n%s", diff)
	}
}
