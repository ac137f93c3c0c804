package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/snapshots"
)

func TestPackKeys_roundTrip(t *testing.T) {
	// Given keys with an empty, a long and a multi-byte key, and numbers
	// at the edges of their ranges.
	keys := map[string]keyed{
		"":                        {version: 1, position: eventstore.Position{Major: 0, Minor: 0}, events: 1},
		strings.Repeat("k", 300):  {version: 1 << 40, position: eventstore.Position{Major: ^uint64(0), Minor: 7}, events: 2},
		"重试-2026-12-06T21:00:00Z": {version: 3, position: eventstore.Position{Major: 12345, Minor: ^uint64(0)}, events: 1000},
	}
	// When they are packed and unpacked.
	got := map[string]keyed{}
	if err := unpackKeys(packKeys(keys), got); err != nil {
		t.Fatal(err)
	}
	// Then every key comes back as it was.
	if !maps.Equal(got, keys) {
		t.Errorf("unpacked %v; want %v", got, keys)
	}
	// And no keys pack to nothing.
	if b := packKeys(map[string]keyed{}); len(b) != 0 {
		t.Errorf("no keys packed to %d bytes", len(b))
	}
}

func TestUnpackKeys_refusesTruncatedKeys(t *testing.T) {
	// Given packed keys cut short at every byte but the last.
	packed := packKeys(map[string]keyed{"rename-1": {version: 300, position: eventstore.Position{Major: 9, Minor: 1}, events: 1}})
	for cut := 1; cut < len(packed); cut++ {
		// When they are unpacked, Then it is an error, not a wrong key.
		if err := unpackKeys(packed[:cut], map[string]keyed{}); err == nil {
			t.Errorf("keys cut at %d of %d bytes unpacked", cut, len(packed))
		}
	}
}

func TestDecodeEnvelope_readsTheJSONOlderCodeWrote(t *testing.T) {
	// Given a snapshot envelope as older code wrote it: JSON, the keys an
	// object of objects, the position as a string.
	raw := []byte(`{"state":{"id":"c-1"},"event_id":"ev-2","keys":{"rename-1":{"version":2,"position":"` +
		eventstore.Position{Major: 42, Minor: 3}.String() + `","events":1}}}`)
	// When it is decoded.
	e, err := decodeEnvelope(raw)
	if err != nil {
		t.Fatal(err)
	}
	// Then the state, the event id and the key come back.
	want := map[string]keyed{"rename-1": {version: 2, position: eventstore.Position{Major: 42, Minor: 3}, events: 1}}
	if !maps.Equal(e.keys, want) || e.eventID != "ev-2" || string(e.state) != `{"id":"c-1"}` {
		t.Errorf("decoded %+v; want state {\"id\":\"c-1\"}, event ev-2, keys %v", e, want)
	}
}

func TestEnvelope_roundTrip(t *testing.T) {
	// Given a state, an event id and keys, and a state without keys.
	keys := map[string]keyed{"k-1": {version: 7, position: eventstore.Position{Major: 3, Minor: 1}, events: 2}}
	for _, c := range []struct {
		name string
		keys map[string]keyed
	}{{"with keys", keys}, {"without keys", map[string]keyed{}}} {
		// When they are enveloped and decoded.
		e, err := decodeEnvelope(encodeEnvelope("ev-7", []byte(`{"n":1}`), len(c.keys), packKeys(c.keys)))
		// Then they come back as they were.
		if err != nil || e.eventID != "ev-7" || string(e.state) != `{"n":1}` || !maps.Equal(e.keys, c.keys) {
			t.Errorf("%s: decoded %+v, %v", c.name, e, err)
		}
	}
}

func TestDecodeEnvelope_refusesATruncatedOne(t *testing.T) {
	// Given a binary envelope cut short at every byte but the last.
	keys := map[string]keyed{"rename-1": {version: 300, position: eventstore.Position{Major: 9, Minor: 1}, events: 1}}
	b := encodeEnvelope("ev-1", []byte(`{}`), len(keys), packKeys(keys))
	for cut := 1; cut < len(b); cut++ {
		// When it is decoded, Then it is an error (the snapshot is
		// ignored), never a snapshot with fewer keys.
		if _, err := decodeEnvelope(b[:cut]); err == nil {
			t.Errorf("envelope cut at %d of %d bytes decoded", cut, len(b))
		}
	}
}

func TestSnapshots_olderCodeCannotMistakeABinarySnapshotForOneWithoutKeys(t *testing.T) {
	// Given a snapshot with keys, taken by this code.
	w := newSnapshotWorld(t, 10)
	snap, ok, err := w.snaps.Load(context.Background(), customer.Stream("c-1"), customerSchemaInternal(), snapshots.Bound{})
	if err != nil || !ok {
		t.Fatalf("no snapshot: %v", err)
	}
	// When code that read keys as a JSON object decodes it.
	var older struct {
		State   json.RawMessage        `json:"state"`
		Keys    map[string]snapshotKey `json:"keys,omitempty"`
		EventID string                 `json:"event_id"`
	}
	err = json.Unmarshal(snap.State, &older)
	// Then it fails (and so ignores the snapshot and reads the stream)
	// instead of finding a snapshot without keys, which would miss a
	// replay.
	if err == nil {
		t.Errorf("older code decoded a packed snapshot, with %d keys", len(older.Keys))
	}
}

func TestSnapshots_keysOfASnapshotInTheOlderFormatReplay(t *testing.T) {
	// Given keyed renames, and only a snapshot whose keys are written as
	// older code wrote them.
	w := newSnapshotWorld(t, 10)
	ctx := context.Background()
	recs, err := w.store.ReadStream(ctx, customer.Stream("c-1"), eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a := newAggregate[customer.Customer](customer.Stream("c-1"))
	if err := a.catchUp(ctx, w.h.log, customer.Customer.Evolve, false); err != nil {
		t.Fatal(err)
	}
	old := map[string]snapshotKey{}
	for k, v := range a.keys {
		old[k] = snapshotKey{Version: v.version, Position: v.position.String(), Events: v.events}
	}
	state, err := a.state.MarshalSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(snapshotBody{State: state, Keys: old, EventID: recs[len(recs)-1].ID})
	w.snaps.DeleteAll()
	last := recs[len(recs)-1]
	if err := w.snaps.Save(ctx, snapshots.Snapshot{Stream: last.Stream, Schema: customerSchemaInternal(), Version: last.StreamVersion,
		RecordedUntil: last.RecordedAt, State: body}); err != nil {
		t.Fatal(err)
	}
	// When every rename is sent again (the cache is off: each loads the
	// snapshot).
	for i := 1; i <= 10; i++ {
		res, err := w.h.Customers.UpdateCustomerProfile(ctx, withKey(cacheRep, fmt.Sprintf("rename-%d", i)),
			UpdateCustomerProfile{CustomerID: "c-1", Changes: map[string]string{customer.FieldName: fmt.Sprintf("Jinling Valves %d", i)}})
		if err != nil {
			t.Fatal(err)
		}
		// Then each replays the first answer.
		if !res.Replayed || res.Version != uint64(i+1) {
			t.Errorf("rename-%d: result %+v; want version %d replayed", i, res, i+1)
		}
	}
}

func customerSchemaInternal() string {
	return fmt.Sprintf("customer.Customer/%d", customer.StateSchema)
}

// BenchmarkSnapshotEnvelope compares the binary envelope with the JSON
// one older code wrote, at 1,000 and 10,000 keys (UUIDs, as clients
// send): encode is what the command offering a snapshot and the saver
// pay, decode what a cache miss that loads the snapshot pays.
func BenchmarkSnapshotEnvelope(b *testing.B) {
	state := []byte(`{"id":"c-1","name":"Jinling Valves"}`)
	for _, n := range []int{1000, 10000} {
		keys := make(map[string]keyed, n)
		for i := range n {
			keys[fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i*7919)] = keyed{version: uint64(i + 1),
				position: eventstore.Position{Major: uint64(1_000_000 + i), Minor: uint64(i)}, events: 1}
		}
		jsonEnvelope := func() []byte {
			old := make(map[string]snapshotKey, len(keys))
			for k, v := range keys {
				old[k] = snapshotKey{Version: v.version, Position: v.position.String(), Events: v.events}
			}
			raw, _ := json.Marshal(snapshotBody{State: state, Keys: old, EventID: "ev-1"})
			return raw
		}
		binaryEnvelope := func() []byte { return encodeEnvelope("ev-1", state, len(keys), packKeys(keys)) }
		for _, f := range []struct {
			name   string
			encode func() []byte
		}{{"json", jsonEnvelope}, {"binary", binaryEnvelope}} {
			b.Run(fmt.Sprintf("encode/%s/%d", f.name, n), func(b *testing.B) {
				for b.Loop() {
					f.encode()
				}
			})
			raw := f.encode()
			b.Run(fmt.Sprintf("decode/%s/%d", f.name, n), func(b *testing.B) {
				b.ReportMetric(float64(len(raw)), "bytes")
				for b.Loop() {
					if _, err := decodeEnvelope(raw); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
