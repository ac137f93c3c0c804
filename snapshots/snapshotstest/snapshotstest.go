// Package snapshotstest is the behaviour every snapshots.Store adapter
// shows, run against each of them.
package snapshotstest

import (
	"context"
	"testing"
	"time"

	"github.com/opsledger/opsledger/snapshots"
)

// Run checks s, an empty store.
func Run(t *testing.T, s snapshots.Store) {
	ctx := context.Background()
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	at := func(v uint64) snapshots.Snapshot {
		return snapshots.Snapshot{Stream: "customer-1", Schema: "customer/1", Version: v,
			RecordedUntil: t0.Add(time.Duration(v) * time.Hour), State: []byte(`{"v":` + string(rune('0'+v)) + `}`)}
	}
	load := func(t *testing.T, stream, schema string, b snapshots.Bound) (snapshots.Snapshot, bool) {
		t.Helper()
		got, ok, err := s.Load(ctx, stream, schema, b)
		if err != nil {
			t.Fatalf("Load() error = %v", err)
		}
		return got, ok
	}
	t.Run("an unknown stream has no snapshot", func(t *testing.T) {
		if _, ok := load(t, "customer-none", "customer/1", snapshots.Bound{}); ok {
			t.Fatal("Load() ok = true, want false")
		}
	})
	for _, v := range []uint64{2, 4, 6} {
		if err := s.Save(ctx, at(v)); err != nil {
			t.Fatalf("Save(%d) error = %v", v, err)
		}
	}
	t.Run("the newest snapshot is loaded with its state", func(t *testing.T) {
		got, ok := load(t, "customer-1", "customer/1", snapshots.Bound{})
		want := at(6)
		if !ok || got.Version != 6 || string(got.State) != string(want.State) || !got.RecordedUntil.Equal(want.RecordedUntil) || got.Stream != want.Stream || got.Schema != want.Schema {
			t.Fatalf("Load() = %+v, %v; want %+v", got, ok, want)
		}
	})
	t.Run("another schema sees none of them", func(t *testing.T) {
		if got, ok := load(t, "customer-1", "customer/2", snapshots.Bound{}); ok {
			t.Fatalf("Load(schema 2) = %+v, want none", got)
		}
	})
	t.Run("a version bound takes the newest at or before it", func(t *testing.T) {
		for bound, want := range map[uint64]uint64{5: 4, 4: 4, 7: 6} {
			if got, ok := load(t, "customer-1", "customer/1", snapshots.Bound{MaxVersion: bound}); !ok || got.Version != want {
				t.Errorf("Load(max %d) = %d, %v; want %d", bound, got.Version, ok, want)
			}
		}
		if got, ok := load(t, "customer-1", "customer/1", snapshots.Bound{MaxVersion: 1}); ok {
			t.Errorf("Load(max 1) = %d, want none", got.Version)
		}
	})
	t.Run("a time bound takes the newest recorded at or before it", func(t *testing.T) {
		got, ok := load(t, "customer-1", "customer/1", snapshots.Bound{RecordedUntil: t0.Add(5*time.Hour + 59*time.Minute)})
		if !ok || got.Version != 4 {
			t.Errorf("Load(until 5:59 after) = %d, %v; want 4", got.Version, ok)
		}
		got, ok = load(t, "customer-1", "customer/1", snapshots.Bound{RecordedUntil: t0.Add(6 * time.Hour)})
		if !ok || got.Version != 6 {
			t.Errorf("Load(until exactly 6h after) = %d, %v; want 6", got.Version, ok)
		}
		if got, ok := load(t, "customer-1", "customer/1", snapshots.Bound{RecordedUntil: t0.Add(time.Hour)}); ok {
			t.Errorf("Load(before the first) = %d, want none", got.Version)
		}
	})
	t.Run("saving a snapshot twice is harmless", func(t *testing.T) {
		if err := s.Save(ctx, at(6)); err != nil {
			t.Fatalf("Save() again error = %v", err)
		}
		if got, ok := load(t, "customer-1", "customer/1", snapshots.Bound{}); !ok || got.Version != 6 {
			t.Fatalf("Load() = %d, %v; want 6", got.Version, ok)
		}
	})
	if lister, ok := s.(snapshots.RecentLister); ok {
		runRecent(t, s, lister)
	}
}

// runRecent checks a store's RecentLister: the streams saved last come
// first, each once whatever its number of snapshots.
func runRecent(t *testing.T, s snapshots.Store, lister snapshots.RecentLister) {
	ctx := context.Background()
	t.Run("the stream saved last is listed first", func(t *testing.T) {
		// Given customer-1's snapshots, then one of customer-2.
		if err := s.Save(ctx, snapshots.Snapshot{Stream: "customer-2", Schema: "customer/1", Version: 3,
			RecordedUntil: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), State: []byte(`{}`)}); err != nil {
			t.Fatalf("Save() error = %v", err)
		}
		// When the recent streams are listed.
		one, err := lister.Recent(ctx, 1)
		if err != nil {
			t.Fatalf("Recent(1) error = %v", err)
		}
		all, err := lister.Recent(ctx, 10)
		if err != nil {
			t.Fatalf("Recent(10) error = %v", err)
		}
		// Then customer-2 comes first, and customer-1 once after it.
		want := []snapshots.Ref{{Stream: "customer-2", Schema: "customer/1"}, {Stream: "customer-1", Schema: "customer/1"}}
		if len(one) != 1 || one[0] != want[0] {
			t.Errorf("Recent(1) = %v; want %v", one, want[:1])
		}
		if len(all) != 2 || all[0] != want[0] || all[1] != want[1] {
			t.Errorf("Recent(10) = %v; want %v", all, want)
		}
	})
}
