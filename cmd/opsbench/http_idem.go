package main

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/opsledger/opsledger/api"
)

// timedIdempotency times the idempotency store's lookups and saves, the
// two database round trips a command with an Idempotency-Key adds (the
// save is a transaction of its own, with its own commit).
type timedIdempotency struct {
	api.IdempotencyStore
	lookup, save opTimer
}

// opTimer accumulates the time and count of one operation.
type opTimer struct{ nanos, count atomic.Int64 }

func (t *opTimer) since(start time.Time) {
	t.nanos.Add(int64(time.Since(start)))
	t.count.Add(1)
}

// snapshot returns the totals so far.
func (t *opTimer) snapshot() (time.Duration, int64) {
	return time.Duration(t.nanos.Load()), t.count.Load()
}

// meanMS is the mean time in milliseconds between two snapshots.
func meanMS(d0 time.Duration, n0 int64, d1 time.Duration, n1 int64) float64 {
	if n1 <= n0 {
		return 0
	}
	return float64((d1 - d0).Microseconds()) / 1000 / float64(n1-n0)
}

func (s *timedIdempotency) Lookup(ctx context.Context, employeeID, key string) (api.SavedResponse, bool, error) {
	defer s.lookup.since(time.Now())
	return s.IdempotencyStore.Lookup(ctx, employeeID, key)
}

func (s *timedIdempotency) Save(ctx context.Context, employeeID, key string, resp api.SavedResponse) error {
	defer s.save.since(time.Now())
	return s.IdempotencyStore.Save(ctx, employeeID, key, resp)
}
