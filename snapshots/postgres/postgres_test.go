package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/snapshots"
	"github.com/opsledger/opsledger/snapshots/postgres"
	"github.com/opsledger/opsledger/snapshots/snapshotstest"
)

func open(t *testing.T) *postgres.Store {
	t.Helper()
	pool, schema := pgtest.Pool(t)
	s, err := postgres.Open(context.Background(), pool, schema)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStore(t *testing.T) { snapshotstest.Run(t, open(t)) }

func TestStore_keepsTheNewestFewPerStream(t *testing.T) {
	s, ctx := open(t), context.Background()
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for v := uint64(1); v <= snapshots.Keep+2; v++ {
		if err := s.Save(ctx, snapshots.Snapshot{Stream: "order-1", Schema: "order/1", Version: v, RecordedUntil: t0, State: []byte("{}")}); err != nil {
			t.Fatal(err)
		}
	}
	oldest := uint64(snapshots.Keep + 2 - snapshots.Keep + 1)
	if _, ok, err := s.Load(ctx, "order-1", "order/1", snapshots.Bound{MaxVersion: oldest}); err != nil || !ok {
		t.Fatalf("Load(max %d) ok = %v, err = %v; want the oldest kept", oldest, ok, err)
	}
	if got, ok, err := s.Load(ctx, "order-1", "order/1", snapshots.Bound{MaxVersion: oldest - 1}); err != nil || ok {
		t.Fatalf("Load(max %d) = %d, %v, %v; want it pruned", oldest-1, got.Version, ok, err)
	}
}

func TestStore_deleteAll(t *testing.T) {
	s, ctx := open(t), context.Background()
	if err := s.Save(ctx, snapshots.Snapshot{Stream: "order-1", Schema: "order/1", Version: 3, RecordedUntil: time.Now(), State: []byte("{}")}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteAll(ctx); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.Load(ctx, "order-1", "order/1", snapshots.Bound{}); err != nil || ok {
		t.Fatalf("Load() after DeleteAll ok = %v, err = %v", ok, err)
	}
}

func TestStore_forgetsTheStreamsSnapshotsUnderOlderSchemaVersions(t *testing.T) {
	s, ctx := open(t), context.Background()
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	save := func(stream, schema string, v uint64) {
		t.Helper()
		if err := s.Save(ctx, snapshots.Snapshot{Stream: stream, Schema: schema, Version: v, RecordedUntil: t0, State: []byte("{}")}); err != nil {
			t.Fatal(err)
		}
	}
	// Given snapshots of order-1 under older, newer and other schemas,
	// and one of order-2 under an older one
	for i, schema := range []string{"order/1", "order/2", "order/10", "order/x", "order/", "ord_r/1", "orderline/1", "order/1/2"} {
		save("order-1", schema, uint64(i+1))
	}
	save("order-2", "order/1", 1)

	// When a snapshot of order-1 is saved under order/9
	save("order-1", "order/9", 20)

	// Then order-1's snapshots under order/1 and order/2 are forgotten,
	// and none other
	for schema, kept := range map[string]bool{"order/1": false, "order/2": false, "order/9": true, "order/10": true,
		"order/x": true, "order/": true, "ord_r/1": true, "orderline/1": true, "order/1/2": true} {
		if _, ok, err := s.Load(ctx, "order-1", schema, snapshots.Bound{}); err != nil || ok != kept {
			t.Errorf("Load(order-1, %s) ok = %v, err = %v; want kept = %v", schema, ok, err, kept)
		}
	}
	if _, ok, err := s.Load(ctx, "order-2", "order/1", snapshots.Bound{}); err != nil || !ok {
		t.Errorf("Load(order-2, order/1) ok = %v, err = %v; another stream's snapshot is kept", ok, err)
	}
	// and a schema whose name only looks alike supersedes nothing
	save("order-1", "ord_r/5", 21)
	if _, ok, err := s.Load(ctx, "order-1", "order/9", snapshots.Bound{}); err != nil || !ok {
		t.Errorf("Load(order-1, order/9) after ord_r/5 ok = %v, err = %v; want kept", ok, err)
	}
}

// TestStore_DeleteStream: the erasure of a person forgets every snapshot
// of their aggregate's stream, under every schema, and no other stream's
// (rule P1-erasure).
func TestStore_DeleteStream(t *testing.T) {
	s, ctx := open(t), context.Background()
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, snap := range []snapshots.Snapshot{
		{Stream: "employee-1", Schema: "employee/1", Version: 2},
		{Stream: "employee-1", Schema: "employee/2", Version: 4},
		{Stream: "employee-2", Schema: "employee/2", Version: 4},
	} {
		snap.RecordedUntil, snap.State = t0, []byte(`{"name":"Li Lei"}`)
		if err := s.Save(ctx, snap); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteStream(ctx, "employee-1"); err != nil {
		t.Fatal(err)
	}
	for _, schema := range []string{"employee/1", "employee/2"} {
		if _, ok, err := s.Load(ctx, "employee-1", schema, snapshots.Bound{}); err != nil || ok {
			t.Errorf("Load(employee-1, %s) ok = %v, err = %v; want it deleted", schema, ok, err)
		}
	}
	if _, ok, err := s.Load(ctx, "employee-2", "employee/2", snapshots.Bound{}); err != nil || !ok {
		t.Errorf("Load(employee-2) ok = %v, err = %v; want it kept", ok, err)
	}
}
