package postgres_test

import (
	"context"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/idempotency/postgres"
	"github.com/opsledger/opsledger/internal/cputime"
)

// BenchmarkStore_MissThenSave is what a command with a fresh
// Idempotency-Key costs the store: a lookup that misses, then a save; one
// client at a time, then 16 at once. It reports the CPU time of this
// process and of the PostgreSQL backends per operation, as the wall time
// of a round trip hides both.
func BenchmarkStore_MissThenSave(b *testing.B) {
	resp := api.SavedResponse{RequestHash: strings.Repeat("ab", 32), Status: 201, Body: []byte(`{"id":"0b7e3c52-2f7d-4a8e-b1e4-6c9d8f2a5e31","stream":"order-0b7e3c52-2f7d-4a8e-b1e4-6c9d8f2a5e31","version":1,"position":"0000000000000042","events":1,"replayed":false}` + "\n"),
		Headers: map[string]string{"ETag": `"1"`, "Location": "/orders/0b7e3c52-2f7d-4a8e-b1e4-6c9d8f2a5e31", api.PositionHeader: "0000000000000042"}}
	var seq atomic.Int64
	op := func(b *testing.B, s *postgres.Store) {
		key := "bench-" + strconv.FormatInt(seq.Add(1), 10)
		if _, ok, err := s.Lookup(context.Background(), "emp-1", key); ok || err != nil {
			b.Errorf("Lookup() ok = %v, err = %v", ok, err)
		}
		if err := s.Save(context.Background(), "emp-1", key, resp); err != nil {
			b.Error(err)
		}
	}
	b.Run("serial", func(b *testing.B) {
		s, cpu := benchStore(b, 1)
		b.ReportAllocs()
		for b.Loop() {
			op(b, s)
		}
		cpu(b)
	})
	b.Run("parallel-16", func(b *testing.B) {
		s, cpu := benchStore(b, 4)
		b.ReportAllocs()
		b.SetParallelism(8) // 16 clients on 2 cores
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				op(b, s)
			}
		})
		cpu(b)
	})
}

// benchStore opens a store on a pool of conns connections, all opened
// now, and returns it with a function reporting the CPU time used since,
// per operation, by this process and by the pool's backends.
func benchStore(b *testing.B, conns int32) (*postgres.Store, func(*testing.B)) {
	_, schema := pgtest.Pool(b) // the schema, dropped after the benchmark
	cfg, err := pgxpool.ParseConfig(pgtest.URL(b))
	if err != nil {
		b.Fatal(err)
	}
	name := "idem-bench-" + strconv.FormatInt(time.Now().UnixNano(), 36) // under 64 bytes
	cfg.MaxConns, cfg.MinConns = conns, conns
	cfg.ConnConfig.RuntimeParams["application_name"] = name
	ctx := context.Background()
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(pool.Close)
	s, err := postgres.Open(ctx, pool, schema)
	if err != nil {
		b.Fatal(err)
	}
	for pool.Stat().TotalConns() < conns {
		time.Sleep(time.Millisecond)
	}
	rows, _ := pool.Query(ctx, "SELECT pid FROM pg_stat_activity WHERE application_name = $1", name)
	pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		b.Fatal(err)
	}
	goCPU, pgCPU := cputime.Self(), cputime.Sum(pids)
	b.ResetTimer()
	return s, func(b *testing.B) {
		b.StopTimer()
		b.ReportMetric(float64((cputime.Self()-goCPU).Microseconds())/float64(b.N), "go-cpu-us/op")
		b.ReportMetric(float64((cputime.Sum(pids)-pgCPU).Microseconds())/float64(b.N), "pg-cpu-us/op")
	}
}
