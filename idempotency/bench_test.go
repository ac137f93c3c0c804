package idempotency_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/idempotency"
)

// BenchmarkStore_MissThenSave is what a command with a fresh
// Idempotency-Key costs the store: a lookup that misses, then a save. It
// reports the CPU time of this process and of the PostgreSQL backend per
// operation, as the wall time of a round trip hides both.
func BenchmarkStore_MissThenSave(b *testing.B) {
	_, schema := pgtest.Pool(b) // the schema, dropped after the benchmark
	cfg, err := pgxpool.ParseConfig(pgtest.URL(b))
	if err != nil {
		b.Fatal(err)
	}
	cfg.MaxConns = 1 // one backend, whose CPU time /proc shows
	ctx := context.Background()
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer pool.Close()
	s, err := idempotency.Open(ctx, pool, schema)
	if err != nil {
		b.Fatal(err)
	}
	var pid int
	if err := pool.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
		b.Fatal(err)
	}
	resp := api.SavedResponse{RequestHash: strings.Repeat("ab", 32), Status: 201, Body: []byte(`{"id":"0b7e3c52-2f7d-4a8e-b1e4-6c9d8f2a5e31","stream":"order-0b7e3c52-2f7d-4a8e-b1e4-6c9d8f2a5e31","version":1,"position":"0000000000000042","events":1,"replayed":false}` + "\n"),
		Headers: map[string]string{"ETag": `"1"`, "Location": "/orders/0b7e3c52-2f7d-4a8e-b1e4-6c9d8f2a5e31", api.PositionHeader: "0000000000000042"}}
	b.ReportAllocs()
	goCPU, pgCPU := processCPU(), backendCPU(pid)
	b.ResetTimer()
	for i := range b.N {
		key := "bench-" + strconv.Itoa(i)
		if _, ok, err := s.Lookup(ctx, "emp-1", key); ok || err != nil {
			b.Fatalf("Lookup() ok = %v, err = %v", ok, err)
		}
		if err := s.Save(ctx, "emp-1", key, resp); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64((processCPU()-goCPU).Microseconds())/float64(b.N), "go-cpu-us/op")
	b.ReportMetric(float64((backendCPU(pid)-pgCPU).Microseconds())/float64(b.N), "pg-cpu-us/op")
}

// processCPU is the CPU time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru) //nolint:errcheck // cannot fail for RUSAGE_SELF
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// backendCPU is the CPU time of the PostgreSQL backend pid (from /proc:
// the server must run on this machine; 0 otherwise).
func backendCPU(pid int) time.Duration {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b)[strings.LastIndex(string(b), ")")+2:])
	user, _ := strconv.Atoi(f[11])
	sys, _ := strconv.Atoi(f[12])
	return time.Duration(user+sys) * 10 * time.Millisecond // clock ticks at USER_HZ=100
}
