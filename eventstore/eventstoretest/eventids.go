package eventstoretest

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/eventstore"
)

// testRetryWithOtherContent retries appends by event id with something of
// an event changed: the body, the type, the schema version, the metadata.
// Each is refused with ErrEventIDReused (a conflict) at every expectation,
// the retried append's own included, and leaves the stream as it was; the
// exact retry still succeeds with the first result, also when its
// effective time comes back from the store in another zone.
func testRetryWithOtherContent(t *testing.T, e *env) {
	stream := e.stream("order-1")
	first := e.events(2, "placed")
	first[0].Metadata = eventstore.Metadata{ActorID: "emp-0042", EffectiveAt: time.Now().In(time.FixedZone("CST", 8*3600))}
	r1 := e.append(stream, eventstore.NoStream, first...)
	second := e.event("shipped")
	r2 := e.append(stream, eventstore.Exact(2), second)
	changes := []struct {
		name   string
		change func(*eventstore.EventData)
	}{
		{"body", func(ev *eventstore.EventData) { ev.Data = []byte(`{"n":-1}`) }},
		{"type", func(ev *eventstore.EventData) { ev.Type = e.typ("other") }},
		{"schema version", func(ev *eventstore.EventData) { ev.SchemaVersion++ }},
		{"metadata", func(ev *eventstore.EventData) { ev.Metadata.ActorID = "emp-0007" }},
		{"effective time", func(ev *eventstore.EventData) { ev.Metadata.EffectiveAt = ev.Metadata.EffectiveAt.Add(time.Second) }},
	}
	retries := []struct {
		expected eventstore.ExpectedVersion
		events   []eventstore.EventData
	}{
		{eventstore.NoStream, first},
		{eventstore.Exact(2), []eventstore.EventData{second}},
		{eventstore.Any, []eventstore.EventData{second}},
		{eventstore.Exact(3), first},
	}
	for _, c := range changes {
		for _, r := range retries {
			changed := append([]eventstore.EventData(nil), r.events...)
			c.change(&changed[0])
			_, err := e.s.Append(e.ctx, stream, r.expected, changed...)
			if !errors.Is(err, eventstore.ErrEventIDReused) || !isConflict(err) {
				t.Fatalf("retry at %s with another %s: error = %v, want one wrapping eventstore.ErrEventIDReused and domain.ErrConflict", r.expected, c.name, err)
			}
		}
	}
	if again := e.append(stream, eventstore.NoStream, first...); again != r1 {
		t.Fatalf("exact retry = %+v, want %+v", again, r1)
	}
	if again := e.append(stream, eventstore.Exact(2), second); again != r2 {
		t.Fatalf("exact retry = %+v, want %+v", again, r2)
	}
	want := append(append([]eventstore.EventData(nil), first...), second)
	got := e.read(stream, eventstore.ReadStreamOptions{})
	if diff := cmp.Diff(dataIDs(want), ids(got)); diff != "" {
		t.Fatalf("stream after the retries (-want +got):\n%s", diff)
	}
	for i, r := range got {
		if !eventstore.SameEvent(r.EventData, want[i]) {
			t.Fatalf("event %d after the retries = %+v, want %+v", i, r.EventData, want[i])
		}
	}
}

// testIDInAnotherStream appends an event id that another stream already
// holds. Ids are unique per stream (eventstore.EventData.ID), so it is a
// new event of its own stream, which retries idempotently there, while the
// first stream keeps its event.
func testIDInAnotherStream(t *testing.T, e *env) {
	s1, s2 := e.stream("order-1"), e.stream("order-2")
	ev := e.event("placed")
	e.append(s1, eventstore.NoStream, ev)
	other := e.event("placed")
	other.ID = ev.ID
	r2 := e.append(s2, eventstore.NoStream, other)
	if again := e.append(s2, eventstore.NoStream, other); again != r2 {
		t.Fatalf("retry in the second stream = %+v, want %+v", again, r2)
	}
	e.conflict(s2, eventstore.NoStream, ev) // the id, with the first stream's content
	for stream, want := range map[string]eventstore.EventData{s1: ev, s2: other} {
		got := e.read(stream, eventstore.ReadStreamOptions{})
		if len(got) != 1 || !eventstore.SameEvent(got[0].EventData, want) {
			t.Fatalf("%s holds %v, want its own event %s", stream, ids(got), want.ID)
		}
	}
	all := e.readAll(e.mine(), 100, 2)
	if len(all) != 2 || all[0].Stream != s1 || all[1].Stream != s2 {
		t.Fatalf("global log holds %d events (%v), want one of each stream in append order", len(all), ids(all))
	}
}
