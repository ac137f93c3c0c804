package commands

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/snapshots"
	snapmemory "github.com/opsledger/opsledger/snapshots/memory"
)

// renameKeyed renames c-1 on h under key and waits for the snapshot it
// offered.
func renameKeyed(t *testing.T, h *Handler, key string, n int) Result {
	t.Helper()
	res, err := h.Customers.UpdateCustomerProfile(context.Background(), withKey(cacheRep, key),
		UpdateCustomerProfile{CustomerID: "c-1", Changes: map[string]string{customer.FieldName: fmt.Sprintf("Jinling Valves %d", n)}})
	if err != nil {
		t.Fatal(err)
	}
	if h.log.snapshots != nil {
		h.log.snapshots.flush()
	}
	return res
}

func TestIdempotencyWindow_aRepeatWithinTheWindowIsAReplayOnEveryPath(t *testing.T) {
	// Given c-1 renamed keyWindow+20 times, each under its own key, with
	// the cache on and snapshots every 5 events: rename-21 is the oldest
	// key of the window (rename-i landed at version i+1).
	const renames = keyWindow + 20
	store, snaps := memory.New(), snapmemory.New()
	hot := cacheHandler(store, WithSnapshots(snaps, 5, nil))
	t.Cleanup(hot.Close)
	must(t)(hot.Customers.RegisterTargetCustomer(context.Background(), cacheRep, cacheReg))
	for i := 1; i <= renames; i++ {
		renameKeyed(t, hot, fmt.Sprintf("rename-%d", i), i)
	}
	cold := cacheHandler(store, WithAggregateCache(0), WithSnapshots(snaps, 5, nil))
	t.Cleanup(cold.Close)
	noSnapshots := cacheHandler(store, WithAggregateCache(0))
	for _, p := range []struct {
		name string
		h    *Handler
	}{{"cached aggregate", hot}, {"snapshot and its tail", cold}, {"full read", noSnapshots}} {
		for _, i := range []int{renames - keyWindow + 1, renames} {
			// When the oldest and the newest key of the window are sent again.
			res := renameKeyed(t, p.h, fmt.Sprintf("rename-%d", i), i)
			// Then each is answered as a replay of the first answer.
			if !res.Replayed || res.Version != uint64(i+1) {
				t.Errorf("%s: rename-%d answered %+v; want a replay of version %d", p.name, i, res, i+1)
			}
		}
	}
	if v := streamVersion(t, store); v != renames+1 {
		t.Errorf("the stream is at version %d after the repeats; want %d (nothing appended)", v, renames+1)
	}
}

func TestIdempotencyWindow_keepsTheNewestKeysWhateverTheAggregateWasLoadedFrom(t *testing.T) {
	// Given c-1 renamed keyWindow+20 times under keys rename-1 … and
	// snapshots every 5 events.
	w := newSnapshotWorld(t, keyWindow+20)
	ctx := context.Background()
	// When the aggregate is folded from its newest snapshot and from the
	// first event.
	fromSnapshot := newAggregate[customer.Customer](customer.Stream("c-1"))
	restored, err := restoreSnapshot(ctx, w.h.log, customer.Customer.Evolve, fromSnapshot, cacheT0.AddDate(1, 0, 0))
	if err != nil || !restored {
		t.Fatalf("no snapshot restored: %v", err)
	}
	read := newAggregate[customer.Customer](customer.Stream("c-1"))
	if err := read.catchUp(ctx, w.h.log, customer.Customer.Evolve, false); err != nil {
		t.Fatal(err)
	}
	// Then both hold the same keyWindow keys: rename-21 (the boundary)
	// and after, not rename-20.
	for name, a := range map[string]*aggregate[customer.Customer]{"snapshot": fromSnapshot, "read": read} {
		_, oldest := a.keys["rename-21"]
		_, beyond := a.keys["rename-20"]
		if len(a.keys) != keyWindow || !oldest || beyond || len(a.keyOrder) != keyWindow {
			t.Errorf("%s: %d keys (%d ordered), rename-21 kept %v, rename-20 kept %v; want %d, true, false",
				name, len(a.keys), len(a.keyOrder), oldest, beyond, keyWindow)
		}
	}
	if !maps.Equal(fromSnapshot.keys, read.keys) || !slices.Equal(fromSnapshot.keyOrder, read.keyOrder) {
		t.Error("the snapshot's keys differ from a full read's")
	}
}

func TestIdempotencyWindow_aSnapshotWithEveryKeyIsTrimmedToTheWindow(t *testing.T) {
	// Given c-1 renamed keyWindow+30 times, and its only snapshot one that
	// older code took, with every key the stream records.
	w := newSnapshotWorld(t, keyWindow+30)
	ctx := context.Background()
	recs, err := w.store.ReadStream(ctx, customer.Stream("c-1"), eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	every := map[string]keyed{}
	for _, r := range recs {
		if k := r.Metadata.IdempotencyKey; k != "" {
			every[k] = keyed{version: r.StreamVersion, position: r.Position, events: 1}
		}
	}
	state, _, err := w.repo.Load(ctx, customer.Stream("c-1"))
	if err != nil {
		t.Fatal(err)
	}
	body, err := state.MarshalSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	last := recs[len(recs)-1]
	w.snaps.DeleteAll()
	if err := w.snaps.Save(ctx, snapshots.Snapshot{Stream: last.Stream, Schema: customerSchemaInternal(), Version: last.StreamVersion,
		RecordedUntil: last.RecordedAt, State: encodeEnvelope(last.ID, body, len(every), packKeys(every))}); err != nil {
		t.Fatal(err)
	}
	// When the aggregate is restored from it.
	a := newAggregate[customer.Customer](customer.Stream("c-1"))
	if ok, err := restoreSnapshot(ctx, w.h.log, customer.Customer.Evolve, a, cacheT0.AddDate(1, 0, 0)); err != nil || !ok {
		t.Fatalf("not restored: %v", err)
	}
	// Then it holds the newest keyWindow keys, oldest first, as a full
	// read does.
	want := fmt.Sprintf("rename-%d", 31)
	if len(a.keys) != keyWindow || a.keyOrder[0] != want || a.keyOrder[keyWindow-1] != fmt.Sprintf("rename-%d", keyWindow+30) {
		t.Errorf("restored %d keys from %s to %s; want %d from %s", len(a.keys), a.keyOrder[0], a.keyOrder[len(a.keyOrder)-1], keyWindow, want)
	}
}

func TestIdempotencyWindow_aSnapshotsSizeStaysFlatAsHistoryGrows(t *testing.T) {
	// Given c-1 with snapshots every 5 events, renamed under keys of one
	// length.
	store, snaps := memory.New(), snapmemory.New()
	h := cacheHandler(store, WithSnapshots(snaps, 5, nil))
	t.Cleanup(h.Close)
	must(t)(h.Customers.RegisterTargetCustomer(context.Background(), cacheRep, cacheReg))
	sizeAfter := func(renames int) int {
		for i := streamVersionOf(h); i <= renames; i++ {
			renameKeyed(t, h, fmt.Sprintf("rename-%06d", i), i%10)
		}
		snap, ok, err := snaps.Load(context.Background(), customer.Stream("c-1"), customerSchemaInternal(), snapshots.Bound{})
		if err != nil || !ok {
			t.Fatalf("no snapshot: %v", err)
		}
		return len(snap.State)
	}
	// When the stream has taken 2, then 8 times the window of keyed
	// commands.
	small, large := sizeAfter(2*keyWindow), sizeAfter(8*keyWindow)
	// Then the newest snapshot is no larger (a varint may take a byte
	// more): it holds the window's keys, not the history's.
	if large > small+small/100 {
		t.Errorf("snapshot of %d bytes after %d keyed commands, %d bytes after %d; want flat", small, 2*keyWindow, large, 8*keyWindow)
	}
}

func TestRecordKey_aKeySeenAgainGoesLast(t *testing.T) {
	// Given an aggregate with keys a, b and c at versions 1, 2 and 3.
	a := newAggregate[customer.Customer]("customer-x")
	for i, k := range []string{"a", "b", "c"} {
		a.recordKey(k, uint64(i+1), eventstore.Position{Major: uint64(i + 1)})
	}
	// When key a is recorded again at version 4 (another writer reused it).
	a.recordKey("a", 4, eventstore.Position{Major: 4})
	// Then the order is by each key's last version, a last, as sorting by
	// version (what a snapshot restores) gives.
	if !slices.Equal(a.keyOrder, []string{"b", "c", "a"}) || !slices.Equal(keysByVersion(a.keys), a.keyOrder) ||
		a.keys["a"].events != 2 || a.keys["a"].version != 4 {
		t.Errorf("order %v, a %+v; want [b c a], a at version 4 with 2 events", a.keyOrder, a.keys["a"])
	}
}

func streamVersion(t *testing.T, store eventstore.Store) uint64 {
	t.Helper()
	recs, err := store.ReadStream(context.Background(), customer.Stream("c-1"), eventstore.ReadStreamOptions{})
	if err != nil || len(recs) == 0 {
		t.Fatalf("read c-1: %v", err)
	}
	return recs[len(recs)-1].StreamVersion
}

// streamVersionOf is the next rename's number on h's c-1: its version
// (the registration is version 1).
func streamVersionOf(h *Handler) int {
	recs, _ := h.log.store.ReadStream(context.Background(), customer.Stream("c-1"), eventstore.ReadStreamOptions{})
	return len(recs)
}
