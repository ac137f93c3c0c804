package eventstoretest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/eventstore"
)

// testReadAllPagination reads 25 events interleaved over three streams in
// small pages, resuming from the last position seen, with the subtest's
// prefix filter, with a selective type filter, and with no filter at all
// among whatever else the store holds.
func testReadAllPagination(t *testing.T, e *env) {
	var want []string
	var rare []string
	for i := range 25 {
		ev := e.event("placed")
		if i%6 == 0 {
			ev = e.event("rare")
			rare = append(rare, ev.ID)
		}
		e.append(e.stream(string(rune('a'+i%3))), eventstore.Any, ev)
		want = append(want, ev.ID)
	}
	mine := e.readAll(e.mine(), 7, len(want))
	checkAscending(t, "ReadAll", mine)
	if diff := cmp.Diff(want, ids(mine)); diff != "" {
		t.Errorf("ReadAll in pages of 7 (-want +got):\n%s", diff)
	}
	rares := e.readAll(eventstore.Filter{EventTypes: []string{e.typ("rare")}}, 2, len(rare))
	if diff := cmp.Diff(rare, ids(rares)); diff != "" {
		t.Errorf("ReadAll by type in pages of 2 (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, ids(e.readAllUnfiltered(len(want)))); diff != "" {
		t.Errorf("ReadAll unfiltered in pages of 5 (-want +got):\n%s", diff)
	}
}

// readAllUnfiltered pages through the whole global log from e.base with no
// filter until n of the subtest's own events were seen, and returns them.
func (e *env) readAllUnfiltered(n int) []eventstore.Recorded {
	e.t.Helper()
	var seen, mine []eventstore.Recorded
	from := e.base
	deadline := time.Now().Add(waitTimeout)
	for len(mine) < n {
		page, err := e.s.ReadAll(e.ctx, from, 5, eventstore.Filter{})
		if err != nil || len(page) > 5 {
			e.t.Fatalf("ReadAll(%v, 5) = %d events, %v", from, len(page), err)
		}
		if len(page) == 0 {
			if time.Now().After(deadline) {
				e.t.Fatalf("ReadAll unfiltered: %d of %d events after %v", len(mine), n, waitTimeout)
			}
			time.Sleep(5 * time.Millisecond)
			continue
		}
		seen = append(seen, page...)
		from = page[len(page)-1].Position
		for _, r := range page {
			if e.mine().Matches(r.Stream, r.Type) {
				mine = append(mine, r)
			}
		}
	}
	checkAscending(e.t, "ReadAll unfiltered", seen)
	return mine
}

// testFilters checks stream-prefix and event-type filters on ReadAll and on
// subscriptions started before (live) and after (catch-up) the appends.
// The expected events are those eventstore.Filter.Matches accepts.
func testFilters(t *testing.T, e *env) {
	cases := []struct {
		name   string
		filter func(e *env) eventstore.Filter
	}{
		{"stream prefix", func(e *env) eventstore.Filter {
			return eventstore.Filter{StreamPrefixes: []string{e.stream("order-1")}}
		}},
		{"several stream prefixes", func(e *env) eventstore.Filter {
			return eventstore.Filter{StreamPrefixes: []string{e.stream("order-12"), e.stream("customer-")}}
		}},
		{"event type", func(e *env) eventstore.Filter {
			return eventstore.Filter{EventTypes: []string{e.typ("placed")}}
		}},
		{"several event types", func(e *env) eventstore.Filter {
			return eventstore.Filter{EventTypes: []string{e.typ("placed_late"), e.typ("shipped")}}
		}},
		{"stream prefix and event type", func(e *env) eventstore.Filter {
			return eventstore.Filter{StreamPrefixes: []string{e.stream("customer-")}, EventTypes: []string{e.typ("shipped")}}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, e.s, e.opts)
			testFilter(t, e, tc.filter(e))
		})
	}
}

// filterFixture lists (stream, type) pairs where prefixes of one another
// appear on purpose: order-1 and order-12, placed and placed_late.
var filterFixture = [][2]string{
	{"order-1", "placed"}, {"customer-1", "placed"}, {"order-12", "placed_late"},
	{"order-1", "shipped"}, {"customer-1", "shipped"}, {"order-12", "placed"},
	{"order-1", "placed_late"}, {"other-1", "placed"},
}

func testFilter(t *testing.T, e *env, filter eventstore.Filter) {
	live := e.subscribe(e.base, filter)
	var want []string
	var last eventstore.Recorded
	for _, f := range filterFixture {
		ev := e.event(f[1])
		res := e.append(e.stream(f[0]), eventstore.Any, ev)
		if filter.Matches(e.stream(f[0]), ev.Type) {
			want = append(want, ev.ID)
			last = eventstore.Recorded{EventData: ev, Stream: e.stream(f[0]), Position: res.Position}
		}
	}
	got := e.readAll(filter, 100, len(want))
	if diff := cmp.Diff(want, ids(got)); diff != "" {
		t.Fatalf("ReadAll(%+v) (-want +got):\n%s", filter, diff)
	}
	catchUp := e.subscribe(e.base, filter)
	sentinel := e.event(last.Type[len(e.types):])
	e.expect(live, want, last.Stream, sentinel)
	e.expect(catchUp, append(want, sentinel.ID), last.Stream, e.event(last.Type[len(e.types):]))
}
