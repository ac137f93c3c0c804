package eventstoretest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/eventstore"
)

// testReadStreamBounds reads a ten-event stream with every combination of
// FromVersion, ToVersion and Limit.
func testReadStreamBounds(t *testing.T, e *env) {
	stream := e.stream("order-1")
	e.append(stream, eventstore.NoStream, e.events(3, "placed")...)
	e.append(stream, eventstore.Exact(3), e.events(5, "shipped")...)
	e.append(stream, eventstore.Exact(8), e.events(2, "closed")...)
	cases := []struct {
		name     string
		opts     eventstore.ReadStreamOptions
		from, to uint64 // versions wanted; to < from: none
	}{
		{"zero options read it all", eventstore.ReadStreamOptions{}, 1, 10},
		{"from version 1 reads it all", eventstore.ReadStreamOptions{FromVersion: 1}, 1, 10},
		{"from version", eventstore.ReadStreamOptions{FromVersion: 4}, 4, 10},
		{"to version", eventstore.ReadStreamOptions{ToVersion: 6}, 1, 6},
		{"from and to version", eventstore.ReadStreamOptions{FromVersion: 3, ToVersion: 5}, 3, 5},
		{"one version", eventstore.ReadStreamOptions{FromVersion: 7, ToVersion: 7}, 7, 7},
		{"to version past the end", eventstore.ReadStreamOptions{FromVersion: 8, ToVersion: 20}, 8, 10},
		{"from version past the end", eventstore.ReadStreamOptions{FromVersion: 11}, 1, 0},
		{"to version before from version", eventstore.ReadStreamOptions{FromVersion: 5, ToVersion: 4}, 1, 0},
		{"limit", eventstore.ReadStreamOptions{Limit: 3}, 1, 3},
		{"from version and limit", eventstore.ReadStreamOptions{FromVersion: 4, Limit: 2}, 4, 5},
		{"limit beyond to version", eventstore.ReadStreamOptions{FromVersion: 2, ToVersion: 4, Limit: 5}, 2, 4},
		{"limit past the end", eventstore.ReadStreamOptions{FromVersion: 9, Limit: 5}, 9, 10},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := e.in(t).read(stream, tc.opts)
			var want []uint64
			for v := tc.from; v <= tc.to; v++ {
				want = append(want, v)
			}
			if diff := cmp.Diff(want, versions(got)); diff != "" {
				t.Errorf("versions (-want +got):\n%s", diff)
			}
		})
	}
}

func versions(rs []eventstore.Recorded) []uint64 {
	var out []uint64
	for _, r := range rs {
		out = append(out, r.StreamVersion)
	}
	return out
}

// testRecordedUntil reads a stream as it was known at a time between two
// appends, given both by the store's own recorded times and by the test's
// clock (which must agree with the store's within a few milliseconds).
func testRecordedUntil(t *testing.T, e *env) {
	stream := e.stream("order-1")
	e.append(stream, eventstore.NoStream, e.events(2, "placed")...)
	time.Sleep(20 * time.Millisecond)
	noted := time.Now()
	time.Sleep(20 * time.Millisecond)
	e.append(stream, eventstore.Exact(2), e.events(2, "shipped")...)
	all := e.read(stream, eventstore.ReadStreamOptions{})
	if len(all) != 4 {
		t.Fatalf("stream holds %d events, want 4", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i].RecordedAt.Before(all[i-1].RecordedAt) {
			t.Fatalf("event %d recorded at %v, before event %d at %v", i+1, all[i].RecordedAt, i, all[i-1].RecordedAt)
		}
	}
	if !all[2].RecordedAt.After(all[1].RecordedAt) {
		t.Fatalf("appends 40ms apart recorded at the same time %v", all[1].RecordedAt)
	}
	mid := all[1].RecordedAt.Add(all[2].RecordedAt.Sub(all[1].RecordedAt) / 2)
	cases := []struct {
		name  string
		until time.Time
		want  []uint64
	}{
		{"the noted time", noted, []uint64{1, 2}},
		{"the noted time in another zone", noted.In(time.FixedZone("CST", 8*3600)), []uint64{1, 2}},
		{"the last recorded time of the first append", all[1].RecordedAt, []uint64{1, 2}},
		{"between the appends", mid, []uint64{1, 2}},
		{"the last recorded time", all[3].RecordedAt, []uint64{1, 2, 3, 4}},
		{"before the first event", all[0].RecordedAt.Add(-time.Millisecond), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := e.in(t).read(stream, eventstore.ReadStreamOptions{RecordedUntil: tc.until})
			if diff := cmp.Diff(tc.want, versions(got)); diff != "" {
				t.Errorf("versions until %v (-want +got):\n%s", tc.until, diff)
			}
		})
	}
}

// testMissingStream reads streams and a stream prefix nobody wrote.
func testMissingStream(t *testing.T, e *env) {
	for _, opts := range []eventstore.ReadStreamOptions{{}, {FromVersion: 3, ToVersion: 9, Limit: 2}, {RecordedUntil: time.Now()}} {
		if got := e.read(e.stream("missing"), opts); len(got) != 0 {
			t.Errorf("ReadStream(missing, %+v) = %d events", opts, len(got))
		}
	}
	got, err := e.s.ReadAll(e.ctx, e.base, 10, e.mine())
	if err != nil || len(got) != 0 {
		t.Errorf("ReadAll(unused prefix) = %d events, %v; want none, no error", len(got), err)
	}
}

// testHeadAdvances checks Head moves past an append once it is visible.
func testHeadAdvances(t *testing.T, e *env) {
	res := e.append(e.stream("order-1"), eventstore.NoStream, e.event("placed"))
	deadline := time.Now().Add(waitTimeout)
	for {
		head, err := e.s.Head(e.ctx)
		if err != nil {
			t.Fatalf("Head: %v", err)
		}
		if head.Compare(e.base) < 0 {
			t.Fatalf("Head went back from %v to %v", e.base, head)
		}
		if head.Compare(res.Position) >= 0 {
			if head.Compare(e.base) <= 0 {
				t.Fatalf("Head %v did not advance past %v", head, e.base)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("Head %v not at the appended position %v after %v", head, res.Position, waitTimeout)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
