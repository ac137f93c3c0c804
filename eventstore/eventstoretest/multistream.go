package eventstoretest

import (
	"errors"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/eventstore"
)

// multi returns the store's multi-stream port, or skips the test for a
// store without one (EventStoreDB: see eventstore.AppendStreams).
func (e *env) multi() eventstore.MultiStreamAppender {
	e.t.Helper()
	m, ok := eventstore.AtomicMultiStream(e.s)
	if !ok {
		e.t.Skip("the store has no atomic multi-stream append")
	}
	return m
}

// testMultiStreamLands appends to a stream with history (Exact), a new
// stream (NoStream) and a stream at Any in one step: each lands after its
// history, the results say where, and $all holds the parts together in
// the order given.
func testMultiStreamLands(t *testing.T, e *env) {
	m := e.multi()
	a, b, c := e.stream("a"), e.stream("b"), e.stream("c")
	given := e.append(a, eventstore.NoStream, e.event("given"))
	parts := []eventstore.StreamAppend{
		{Stream: a, Expected: eventstore.Exact(1), Events: e.events(2, "a")},
		{Stream: b, Expected: eventstore.NoStream, Events: e.events(1, "b")},
		{Stream: c, Expected: eventstore.Any, Events: e.events(3, "c")},
	}

	res, err := m.AppendStreams(e.ctx, parts)

	if err != nil {
		t.Fatalf("AppendStreams: %v", err)
	}
	wantVersions := []uint64{3, 1, 3}
	for i, p := range parts {
		got := e.read(p.Stream, eventstore.ReadStreamOptions{})
		checkVersions(t, p.Stream, got)
		if diff := cmp.Diff(dataIDs(p.Events), ids(got[len(got)-len(p.Events):])); diff != "" {
			t.Errorf("stream %s (-want +got):\n%s", p.Stream, diff)
		}
		want := eventstore.AppendResult{Version: wantVersions[i], Position: got[len(got)-1].Position}
		if diff := cmp.Diff(want, res[i]); diff != "" {
			t.Errorf("result of part %d (-want +got):\n%s", i, diff)
		}
	}
	all := e.readAllFrom(given.Position, e.mine(), 100, 6)
	var want []string
	for _, p := range parts {
		want = append(want, dataIDs(p.Events)...)
	}
	if diff := cmp.Diff(want, ids(all)); diff != "" {
		t.Errorf("$all after the given event (-want +got):\n%s", diff)
	}
	checkAscending(t, "$all", all)
}

// testMultiStreamConflictWritesNothing fails one part's expectation, first
// or last, under every kind of expectation: the append is a conflict and
// no stream, the others included, gains an event.
func testMultiStreamConflictWritesNothing(t *testing.T, e *env) {
	m := e.multi()
	failing := []struct {
		name     string
		expected eventstore.ExpectedVersion
	}{
		{"exact behind", eventstore.Exact(1)},
		{"exact ahead", eventstore.Exact(3)},
		{"no stream on an existing stream", eventstore.NoStream},
	}
	for i, f := range failing {
		for _, last := range []bool{false, true} {
			name := f.name + map[bool]string{false: ", first part", true: ", last part"}[last]
			t.Run(name, func(t *testing.T) {
				e := e.in(t)
				tag := f.name[:4] + map[bool]string{false: "-first-", true: "-last-"}[last] + string(rune('a'+i))
				bad, good, fresh := e.stream("bad-"+tag), e.stream("good-"+tag), e.stream("fresh-"+tag)
				e.append(bad, eventstore.NoStream, e.events(2, "given")...)
				e.append(good, eventstore.NoStream, e.events(1, "given")...)
				parts := []eventstore.StreamAppend{
					{Stream: good, Expected: eventstore.Exact(1), Events: e.events(1, "good")},
					{Stream: fresh, Expected: eventstore.NoStream, Events: e.events(2, "fresh")},
				}
				badPart := eventstore.StreamAppend{Stream: bad, Expected: f.expected, Events: e.events(1, "bad")}
				if last {
					parts = append(parts, badPart)
				} else {
					parts = append([]eventstore.StreamAppend{badPart}, parts...)
				}

				_, err := m.AppendStreams(e.ctx, parts)

				if !isConflict(err) {
					t.Fatalf("AppendStreams error = %v, want a conflict", err)
				}
				for stream, n := range map[string]int{bad: 2, good: 1, fresh: 0} {
					if got := e.read(stream, eventstore.ReadStreamOptions{}); len(got) != n {
						t.Errorf("stream %s holds %d events after the conflict, want %d", stream, len(got), n)
					}
				}
			})
		}
	}
}

// testMultiStreamRetry retries an append that landed: it succeeds with the
// first results and writes nothing; a retry whose events only some streams
// hold is a conflict that writes nothing.
func testMultiStreamRetry(t *testing.T, e *env) {
	m := e.multi()
	a, b := e.stream("a"), e.stream("b")
	parts := []eventstore.StreamAppend{
		{Stream: a, Expected: eventstore.NoStream, Events: e.events(2, "a")},
		{Stream: b, Expected: eventstore.NoStream, Events: e.events(1, "b")},
	}
	first, err := m.AppendStreams(e.ctx, parts)
	if err != nil {
		t.Fatalf("AppendStreams: %v", err)
	}

	again, err := m.AppendStreams(e.ctx, parts)

	if err != nil {
		t.Fatalf("retried AppendStreams: %v", err)
	}
	if diff := cmp.Diff(first, again); diff != "" {
		t.Errorf("retry results (-first +retry):\n%s", diff)
	}
	c := e.stream("c")
	mixed := []eventstore.StreamAppend{parts[0], {Stream: c, Expected: eventstore.NoStream, Events: e.events(1, "c")}}
	if _, err := m.AppendStreams(e.ctx, mixed); !isConflict(err) {
		t.Errorf("AppendStreams with one part stored error = %v, want a conflict", err)
	}
	for stream, n := range map[string]int{a: 2, b: 1, c: 0} {
		if got := e.read(stream, eventstore.ReadStreamOptions{}); len(got) != n {
			t.Errorf("stream %s holds %d events, want %d", stream, len(got), n)
		}
	}
}

// testMultiStreamMalformed refuses appends without parts, with a part
// without events or with a stream twice, and writes nothing.
func testMultiStreamMalformed(t *testing.T, e *env) {
	m := e.multi()
	a, b := e.stream("a"), e.stream("b")
	cases := map[string][]eventstore.StreamAppend{
		"no parts":          nil,
		"a part, no events": {{Stream: a, Expected: eventstore.Any, Events: e.events(1, "a")}, {Stream: b, Expected: eventstore.Any}},
		"a stream twice":    {{Stream: a, Expected: eventstore.Any, Events: e.events(1, "a")}, {Stream: a, Expected: eventstore.Any, Events: e.events(1, "a")}},
	}
	for name, parts := range cases {
		if _, err := m.AppendStreams(e.ctx, parts); !errors.Is(err, eventstore.ErrBadMultiAppend) {
			t.Errorf("%s: AppendStreams error = %v, want ErrBadMultiAppend", name, err)
		}
	}
	if got := e.read(a, eventstore.ReadStreamOptions{}); len(got) != 0 {
		t.Errorf("stream %s holds %d events after refused appends, want none", a, len(got))
	}
}

// testMultiStreamConcurrent races appends that each take one shared new
// stream and a stream of their own: exactly one wins, and no loser's own
// stream holds anything.
func testMultiStreamConcurrent(t *testing.T, e *env) {
	m := e.multi()
	const n = 8
	shared := e.stream("shared")
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		parts := []eventstore.StreamAppend{
			{Stream: e.stream("own-" + string(rune('a'+i))), Expected: eventstore.NoStream, Events: e.events(1, "own")},
			{Stream: shared, Expected: eventstore.NoStream, Events: e.events(1, "shared")},
		}
		wg.Go(func() { _, errs[i] = m.AppendStreams(e.ctx, parts) })
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		own := e.read(e.stream("own-"+string(rune('a'+i))), eventstore.ReadStreamOptions{})
		switch {
		case err == nil:
			won++
			if len(own) != 1 {
				t.Errorf("winner %d: own stream holds %d events, want 1", i, len(own))
			}
		case isConflict(err):
			if len(own) != 0 {
				t.Errorf("loser %d: own stream holds %d events, want none", i, len(own))
			}
		default:
			t.Errorf("append %d: %v", i, err)
		}
	}
	if won != 1 {
		t.Errorf("%d appends won the shared stream, want exactly 1", won)
	}
}
