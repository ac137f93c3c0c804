package commands

import (
	"context"
	"fmt"
	"testing"

	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/snapshots"
	snappostgres "github.com/opsledger/opsledger/snapshots/postgres"
)

// BenchmarkRestoreSnapshot_keys times what the first command on a stream
// after a restart pays for its snapshot in PostgreSQL (load, decode, the
// read after it), with the keys older code kept for a 10,000-command
// stream against the window's:
//
//	go test ./commands -run '^$' -bench RestoreSnapshot
func BenchmarkRestoreSnapshot_keys(b *testing.B) {
	for _, n := range []int{10000, keyWindow} {
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			ctx := context.Background()
			pool, schema := pgtest.Pool(b)
			snaps, err := snappostgres.Open(ctx, pool, schema)
			if err != nil {
				b.Fatal(err)
			}
			store := memory.New()
			h := cacheHandler(store, WithAggregateCache(0), WithSnapshots(snaps, 1<<30, nil))
			b.Cleanup(h.Close)
			if _, err := h.Customers.RegisterTargetCustomer(ctx, cacheRep, cacheReg); err != nil {
				b.Fatal(err)
			}
			recs, _ := store.ReadStream(ctx, customer.Stream("c-1"), eventstore.ReadStreamOptions{})
			last := recs[len(recs)-1]
			state, _, _ := h.Customers.customers.Load(ctx, customer.Stream("c-1"))
			body, _ := state.MarshalSnapshot()
			keys := make(map[string]keyed, n)
			for i := range n {
				keys[fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i*7919)] = keyed{version: uint64(i + 1),
					position: eventstore.Position{Major: uint64(1_000_000 + i), Minor: uint64(i)}, events: 1}
			}
			env := encodeEnvelope(last.ID, body, len(keys), packKeys(keys))
			if err := snaps.Save(ctx, snapshots.Snapshot{Stream: last.Stream, Schema: customerSchemaInternal(), Version: last.StreamVersion,
				RecordedUntil: last.RecordedAt, State: env}); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(len(env)), "snapshot-bytes")
			for b.Loop() {
				a := newAggregate[customer.Customer](customer.Stream("c-1"))
				if ok, err := restoreSnapshot(ctx, h.log, customer.Customer.Evolve, a, cacheT0.AddDate(1, 0, 0)); err != nil || !ok {
					b.Fatalf("not restored: %v", err)
				}
			}
		})
	}
}
