package integrity_test

import (
	"bytes"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/integrity"
)

func recorded() eventstore.Recorded {
	return eventstore.Recorded{
		EventData: eventstore.EventData{ID: "e1", Type: "CustomerRegistered", SchemaVersion: 2,
			Data: []byte(`{"name":"Acme"}`), Metadata: eventstore.Metadata{ActorID: "emp-1", Reason: "new"}},
		Stream: "customer-1", StreamVersion: 7, Position: eventstore.Position{Major: 9, Minor: 1},
		RecordedAt: time.Date(2027, 1, 15, 9, 30, 0, 0, time.UTC),
	}
}

// The encoding is fixed: a verifier recomputes it. This pins it byte for
// byte; changing it is a new leaf version, not an edit.
func TestLeafEncodingIsFixed(t *testing.T) {
	leaf, err := integrity.LeafOf(recorded())
	if err != nil {
		t.Fatal(err)
	}
	want := "opsledger/event/v1" +
		"\x00\x00\x00\x00\x00\x00\x00\x0acustomer-1" +
		"\x00\x00\x00\x00\x00\x00\x00\x07" +
		"\x00\x00\x00\x00\x00\x00\x00\x02e1" +
		"\x00\x00\x00\x00\x00\x00\x00\x12CustomerRegistered" +
		"\x00\x00\x00\x00\x00\x00\x00\x02" +
		"\x00\x00\x00\x00\x00\x00\x00\x23" + `{"actor_id":"emp-1","reason":"new"}` +
		"\x00\x00\x00\x00\x00\x00\x00\x0f" + `{"name":"Acme"}`
	ts := time.Date(2027, 1, 15, 9, 30, 0, 0, time.UTC).UnixNano()
	got := leaf.Encode()
	if !bytes.HasPrefix(got, []byte(want)) || len(got) != len(want)+8 {
		t.Fatalf("encoding =\n%s\nwant prefix\n%s", hex.Dump(got), hex.Dump([]byte(want)))
	}
	var at int64
	for _, b := range got[len(want):] {
		at = at<<8 | int64(b)
	}
	if at != ts {
		t.Fatalf("recorded time = %d, want %d", at, ts)
	}
}

// Every part of the event is in its leaf: changing any changes the hash.
// The position is not: it is where the leaf is, not what it says.
func TestLeafHashCoversTheEvent(t *testing.T) {
	base, _ := integrity.LeafOf(recorded())
	changes := map[string]func(*eventstore.Recorded){
		"stream":         func(r *eventstore.Recorded) { r.Stream = "customer-2" },
		"stream version": func(r *eventstore.Recorded) { r.StreamVersion = 8 },
		"id":             func(r *eventstore.Recorded) { r.ID = "e2" },
		"type":           func(r *eventstore.Recorded) { r.Type = "CustomerRenamed" },
		"schema version": func(r *eventstore.Recorded) { r.SchemaVersion = 3 },
		"metadata":       func(r *eventstore.Recorded) { r.Metadata.Reason = "old" },
		"data":           func(r *eventstore.Recorded) { r.Data = []byte(`{"name":"Acme2"}`) },
		"recorded at":    func(r *eventstore.Recorded) { r.RecordedAt = r.RecordedAt.Add(time.Microsecond) },
		// moving bytes between adjacent fields must not collide
		"shifted bytes": func(r *eventstore.Recorded) { r.Stream, r.ID = "customer-1e", "" },
	}
	for name, change := range changes {
		r := recorded()
		change(&r)
		leaf, _ := integrity.LeafOf(r)
		if bytes.Equal(leaf.Hash(), base.Hash()) {
			t.Errorf("changing the %s kept the leaf hash", name)
		}
	}
	r := recorded()
	r.Position = eventstore.Position{Major: 10}
	if leaf, _ := integrity.LeafOf(r); !bytes.Equal(leaf.Hash(), base.Hash()) {
		t.Error("the position changed the leaf hash")
	}
}

// An envelope field added later must be left out when empty: the events
// sealed before it then still encode to the leaves they were sealed as.
func TestEveryEnvelopeFieldIsOmittedWhenEmpty(t *testing.T) {
	typ := reflect.TypeFor[eventstore.Metadata]()
	for i := range typ.NumField() {
		tag := typ.Field(i).Tag.Get("json")
		if !strings.Contains(tag, ",omitempty") && !strings.Contains(tag, ",omitzero") {
			t.Errorf("eventstore.Metadata.%s (json %q) is written when empty", typ.Field(i).Name, tag)
		}
	}
}

// The streamed hash is RFC 6962's leaf hash of the encoding, for bodies
// of every size, and HashEvents (spread over the CPUs) gives the same in
// order.
func TestLeafHashIsRFC6962OfTheEncoding(t *testing.T) {
	var events []eventstore.Recorded
	for i := range 600 {
		r := recorded()
		r.StreamVersion = uint64(i)
		r.Data = []byte(`{"name":"` + strings.Repeat("x", i) + `"}`)
		events = append(events, r)
	}
	hashes, err := integrity.HashEvents(events)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range events {
		leaf, _ := integrity.LeafOf(r)
		want := integrity.Hasher.HashLeaf(leaf.Encode())
		if !bytes.Equal(leaf.Hash(), want) || !bytes.Equal(hashes[i].Leaf, want) {
			t.Fatalf("leaf %d: hash %x, HashEvents %x, want %x", i, leaf.Hash(), hashes[i].Leaf, want)
		}
		if !bytes.Equal(hashes[i].Data, leaf.DataHash()) || !bytes.Equal(hashes[i].Envelope, leaf.EnvelopeHash()) {
			t.Fatalf("leaf %d: body or envelope hash differs", i)
		}
	}
}
