package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/snapshots"
	snapmemory "github.com/opsledger/opsledger/snapshots/memory"
)

// snapshotWorld is a handler with the cache off and snapshots every 5
// events, after rep-1 registered customer c-1 and renamed it renames
// times.
type snapshotWorld struct {
	h     *Handler
	store eventstore.Store
	snaps *snapmemory.Store
	repo  repository[customer.Customer]
}

func newSnapshotWorld(t *testing.T, renames int) *snapshotWorld {
	t.Helper()
	w := &snapshotWorld{store: memory.New(), snaps: snapmemory.New()}
	w.h = cacheHandler(w.store, WithAggregateCache(0), WithSnapshots(w.snaps, 5, nil))
	t.Cleanup(w.h.Close)
	w.repo = w.h.Customers.customers
	ctx := context.Background()
	must(t)(w.h.Customers.RegisterTargetCustomer(ctx, cacheRep, cacheReg))
	// Each command waits for the snapshot it offered to be saved: the next
	// one then starts from it, so the snapshots fall every 5 events
	// whatever the machine's speed (a save still queued would make the
	// next command fold from an older one and snapshot at another version).
	w.h.log.snapshots.flush()
	for i := 1; i <= renames; i++ {
		must(t)(w.h.Customers.UpdateCustomerProfile(ctx, withKey(cacheRep, fmt.Sprintf("rename-%d", i)),
			UpdateCustomerProfile{CustomerID: "c-1", Changes: map[string]string{customer.FieldName: fmt.Sprintf("Jinling Valves %d", i)}}))
		w.h.log.snapshots.flush()
	}
	return w
}

// plant replaces every snapshot with one of c-1 at the stream's version under schema,
// whose state is named name and whose last event is eventID (the
// stream's own when empty).
func (w *snapshotWorld) plant(t *testing.T, schema, name, eventID string) {
	t.Helper()
	ctx := context.Background()
	recs, err := w.store.ReadStream(ctx, customer.Stream("c-1"), eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	last := recs[len(recs)-1]
	if eventID == "" {
		eventID = last.ID
	}
	state, _, err := w.repo.Load(ctx, customer.Stream("c-1"))
	if err != nil {
		t.Fatal(err)
	}
	state.Name = name
	body, err := state.MarshalSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	envelope, _ := json.Marshal(snapshotBody{State: body, EventID: eventID})
	w.snaps.DeleteAll() // the planted one is the only one
	if err := w.snaps.Save(ctx, snapshots.Snapshot{Stream: last.Stream, Schema: schema, Version: last.StreamVersion,
		RecordedUntil: last.RecordedAt, State: envelope}); err != nil {
		t.Fatal(err)
	}
}

func (w *snapshotWorld) name(t *testing.T) string {
	t.Helper()
	state, _, err := w.repo.Load(context.Background(), customer.Stream("c-1"))
	if err != nil {
		t.Fatal(err)
	}
	return state.Name
}

// bumpCustomerSchema stands for a code change that bumped
// customer.StateSchema, for the rest of the test.
func bumpCustomerSchema(t *testing.T) {
	typ := reflect.TypeFor[customer.Customer]()
	old := stateCodecs[typ]
	t.Cleanup(func() { stateCodecs[typ] = old })
	bumped := old
	bumped.schema = fmt.Sprintf("customer.Customer/%d", customer.StateSchema+1)
	stateCodecs[typ] = bumped
}

func TestSnapshots_olderStateSchemaIsIgnored(t *testing.T) {
	// Given a snapshot of c-1 taken by the current code, whose state says
	// something the events do not (it stands for a state another
	// version of the code folded)
	w := newSnapshotWorld(t, 12)
	current := fmt.Sprintf("customer.Customer/%d", customer.StateSchema)
	w.plant(t, current, "folded by older code", "")
	if got := w.name(t); got != "folded by older code" {
		t.Fatalf("name under the snapshot's own schema = %q; the planted snapshot is not used", got)
	}

	// When the state schema is bumped
	bumpCustomerSchema(t)

	// Then the snapshot is ignored and the stream folded from its events
	if got, want := w.name(t), "Jinling Valves 12"; got != want {
		t.Errorf("name after the schema bump = %q, want %q", got, want)
	}
	// and snapshots are taken again under the new schema
	_, err := w.h.Customers.UpdateCustomerProfile(context.Background(), cacheRep,
		UpdateCustomerProfile{CustomerID: "c-1", Changes: map[string]string{customer.FieldName: "Jinling Valves 13"}})
	if err != nil {
		t.Fatal(err)
	}
	w.h.log.snapshots.flush()
	bumped, ok, err := w.snaps.Load(context.Background(), customer.Stream("c-1"), stateCodecs[reflect.TypeFor[customer.Customer]()].schema, snapshots.Bound{})
	if err != nil || !ok || bumped.Version < 13 {
		t.Errorf("snapshot under the bumped schema = %d, %v, %v; want one at 13 or later", bumped.Version, ok, err)
	}
}

func TestSnapshots_snapshotOfAnotherHistoryIsIgnored(t *testing.T) {
	// Given a snapshot at the stream's version whose last event is not
	// the stream's (another store, or one restored from a backup)
	w := newSnapshotWorld(t, 7)
	w.plant(t, fmt.Sprintf("customer.Customer/%d", customer.StateSchema), "another history", "not-this-stream's-event")

	// Then loading ignores it
	if got, want := w.name(t), "Jinling Valves 7"; got != want {
		t.Errorf("name = %q, want %q", got, want)
	}
}

func TestSnapshots_keysOfASnapshotReplay(t *testing.T) {
	// Given keyed renames folded into a snapshot, and no cache
	w := newSnapshotWorld(t, 10)
	if w.snaps.Count() == 0 {
		t.Fatal("no snapshot taken")
	}
	// When the first rename is sent again
	res, err := w.h.Customers.UpdateCustomerProfile(context.Background(), withKey(cacheRep, "rename-1"),
		UpdateCustomerProfile{CustomerID: "c-1", Changes: map[string]string{customer.FieldName: "Jinling Valves 1"}})
	if err != nil {
		t.Fatal(err)
	}
	// Then it replays: the key came back with the snapshot
	if !res.Replayed || res.Version != 2 {
		t.Errorf("result = %+v, want the first rename's (version 2) replayed", res)
	}
}

func TestLoadAsOf(t *testing.T) {
	// Given 23 renames, with snapshots every 5 events
	w := newSnapshotWorld(t, 23)
	ctx := context.Background()
	recs, err := w.store.ReadStream(ctx, customer.Stream("c-1"), eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []uint64{1, 4, 5, 6, 13, 24} {
		until := recs[at-1].RecordedAt
		// When the stream is read as known when its event at was recorded
		counted := countEvents(w.store)
		w.h.log.store = counted
		state, version, ok, err := w.repo.LoadAsOf(ctx, customer.Stream("c-1"), until)
		w.h.log.store = w.store
		if err != nil {
			t.Fatal(err)
		}
		// Then it is the fold of the events up to at
		want := newAggregate[customer.Customer](customer.Stream("c-1"))
		for _, r := range recs[:at] {
			e, err := w.h.log.codec.DecodeRecorded(r)
			if err != nil {
				t.Fatal(err)
			}
			want.apply(customer.Customer.Evolve, e, r.StreamVersion, r.Position, "")
		}
		if !ok || version != at || !reflect.DeepEqual(state, want.state) {
			t.Errorf("LoadAsOf(event %d's time) = version %d, %v, %+v; want %d, %+v", at, version, ok, state, at, want.state)
		}
		// reading from the nearest snapshot before that time
		if maxRead := int(at%5) + 1; at >= 5 && counted.n > maxRead {
			t.Errorf("LoadAsOf(event %d's time) read %d events, want at most %d", at, counted.n, maxRead)
		}
	}
	t.Run("before the stream began it had no events", func(t *testing.T) {
		_, version, ok, err := w.repo.LoadAsOf(ctx, customer.Stream("c-1"), recs[0].RecordedAt.Add(-time.Nanosecond))
		if err != nil || ok || version != 0 {
			t.Errorf("LoadAsOf(before) = %d, %v, %v; want nothing", version, ok, err)
		}
	})
}

// eventsCounted counts the events stream reads return.
type eventsCounted struct {
	eventstore.Store
	n int
}

func countEvents(s eventstore.Store) *eventsCounted { return &eventsCounted{Store: s} }

func (c *eventsCounted) ReadStream(ctx context.Context, stream string, opts eventstore.ReadStreamOptions) ([]eventstore.Recorded, error) {
	recs, err := c.Store.ReadStream(ctx, stream, opts)
	c.n += len(recs)
	return recs, err
}
