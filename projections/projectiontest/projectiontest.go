// Package projectiontest helps tests run projections against PostgreSQL:
// a fresh read namespace per test, a runner stopped when the test ends,
// fast retry options and a wait for a condition.
package projectiontest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/projections"
)

// Pool connects to TEST_POSTGRES_URL and gives the test a fresh, migrated
// namespace, dropped with its generation schemas when the test ends.
func Pool(t testing.TB) (*pgxpool.Pool, projections.Namespace) {
	t.Helper()
	url := os.Getenv("TEST_POSTGRES_URL")
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("TEST_POSTGRES_URL not set; CI needs PostgreSQL")
		}
		t.Skip("TEST_POSTGRES_URL not set; skipping PostgreSQL integration test")
	}
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, url)
	if err == nil {
		err = pool.Ping(ctx)
	}
	if err != nil {
		t.Fatalf("connect %s: %v", url, err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	ns := projections.Namespace("t" + hex.EncodeToString(b))
	if err := projections.Migrate(ctx, pool, ns); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	t.Cleanup(func() {
		rows, _ := pool.Query(ctx, "SELECT nspname FROM pg_namespace WHERE nspname = $1 OR nspname LIKE $1 || '\\_%'", string(ns))
		names, _ := pgx.CollectRows(rows, pgx.RowTo[string])
		for _, n := range names {
			pool.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{n}.Sanitize()+" CASCADE")
		}
		pool.Close()
	})
	return pool, ns
}

// Run starts a runner and returns a function that stops it and returns
// its error; the test's end stops it too.
func Run(t testing.TB, r *projections.Runner) (stop func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		return <-done
	}
	t.Cleanup(func() { stop() })
	return stop
}

// FastOptions retries and stands by in milliseconds, so tests of
// failures and take-overs end quickly.
func FastOptions() projections.Options {
	return projections.Options{Backoff: time.Millisecond, Standby: 20 * time.Millisecond, MaxAttempts: 2}
}

// Eventually waits up to ten seconds for cond, failing the test after.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
