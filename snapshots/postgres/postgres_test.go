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
