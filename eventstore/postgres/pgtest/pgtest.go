// Package pgtest gives tests a fresh PostgreSQL schema in the database
// named by TEST_POSTGRES_URL, dropped when the test ends.
//
// Without TEST_POSTGRES_URL, or when the database does not answer, tests
// are skipped, except under CI=true where they fail: CI must never pass by
// skipping the database tests.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres"
)

// EnvURL names the variable holding the test database URL.
const EnvURL = "TEST_POSTGRES_URL"

// URL returns the test database URL, skipping the test (failing it under
// CI=true) when it is not set.
func URL(t testing.TB) string {
	t.Helper()
	url := os.Getenv(EnvURL)
	if url == "" {
		unavailable(t, EnvURL+" is not set")
	}
	return url
}

// Pool returns a pool whose connections use a new, empty schema as their
// search_path, so unqualified SQL of the test lands there. The schema is
// dropped and the pool closed when the test ends.
func Pool(t testing.TB) (*pgxpool.Pool, string) {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(URL(t))
	if err != nil {
		t.Fatalf("pgtest: parse %s: %v", EnvURL, err)
	}
	schema := schemaName(t.Name())
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	cfg.MaxConns = 8
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err == nil {
		err = pool.Ping(ctx)
	}
	if err != nil {
		unavailable(t, "database unreachable: "+err.Error())
	}
	t.Cleanup(pool.Close)
	if _, err := pool.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatalf("pgtest: create schema: %v", err)
	}
	t.Cleanup(func() { dropSchema(t, pool, schema) })
	return pool, schema
}

// Store returns a migrated event store in a fresh schema (see Pool),
// closed when the test ends.
func Store(t testing.TB) *postgres.Store {
	t.Helper()
	pool, schema := Pool(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := postgres.Open(ctx, pool, postgres.Options{Schema: schema})
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func dropSchema(t testing.TB, pool *pgxpool.Pool, schema string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := pool.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
		t.Errorf("pgtest: drop schema %s: %v", schema, err)
	}
}

func unavailable(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("pgtest: %s (CI=true: database tests must run)", why)
	}
	t.Skipf("pgtest: %s", why)
}

// schemaName makes a unique, valid schema name that still tells which test
// created it: "t_" + up to 40 characters of the test name + random hex.
func schemaName(test string) string {
	var b strings.Builder
	b.WriteString("t_")
	for _, r := range strings.ToLower(test) {
		if b.Len() >= 42 {
			break
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	tag := make([]byte, 6)
	_, _ = rand.Read(tag)
	b.WriteByte('_')
	b.WriteString(hex.EncodeToString(tag))
	return b.String()
}

// Held is a transaction of appends that a test holds open until Commit,
// as a slow writer would.
type Held struct {
	s   *postgres.Store
	tx  pgx.Tx
	ctx context.Context
}

// BeginHeld begins a transaction that takes its transaction id at once, so
// it has its place in the global log before its first append, as a
// transaction that wrote something else first has. If the test ends first,
// its cleanup rolls the transaction back, so a failed test does not leave
// dropping its schema waiting on the transaction's locks.
func BeginHeld(t testing.TB, ctx context.Context, s *postgres.Store) (*Held, error) {
	tx, err := s.Pool().Begin(ctx)
	if err != nil {
		return nil, err
	}
	t.Cleanup(func() { _ = tx.Rollback(context.Background()) }) // a no-op once committed
	if _, err := tx.Exec(ctx, "SELECT pg_current_xact_id()"); err != nil {
		_ = tx.Rollback(ctx)
		return nil, err
	}
	return &Held{s: s, tx: tx, ctx: ctx}, nil
}

// Append appends inside the held transaction (postgres.Store.AppendInTx).
func (h *Held) Append(ctx context.Context, stream string, expected eventstore.ExpectedVersion, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	return h.s.AppendInTx(ctx, h.tx, stream, expected, events...)
}

// Commit commits the held transaction, even if the context it began with
// has ended.
func (h *Held) Commit() error { return h.tx.Commit(context.WithoutCancel(h.ctx)) }

// Rollback rolls the held transaction back.
func (h *Held) Rollback() error { return h.tx.Rollback(context.WithoutCancel(h.ctx)) }

// AppendHeld appends events in a transaction it leaves open until commit
// is called (see BeginHeld).
func AppendHeld(t testing.TB, ctx context.Context, s *postgres.Store, stream string, expected eventstore.ExpectedVersion, events ...eventstore.EventData) (commit func() error, err error) {
	h, err := BeginHeld(t, ctx, s)
	if err != nil {
		return nil, err
	}
	if _, err := h.Append(ctx, stream, expected, events...); err != nil {
		_ = h.Rollback()
		return nil, err
	}
	return h.Commit, nil
}
