package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

// readModelConn opens a session named as a read model, as projection
// runners do.
func readModelConn(t *testing.T) *pgx.Conn {
	t.Helper()
	cfg, err := pgx.ParseConfig(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.RuntimeParams["application_name"] = postgres.ReadModelSession
	conn, err := pgx.ConnectConfig(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// openTx begins a transaction on conn that holds an xid until rollback.
func openTx(t *testing.T, conn *pgx.Conn) pgx.Tx {
	t.Helper()
	tx, err := conn.Begin(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback(context.Background()) })
	if _, err := tx.Exec(t.Context(), "SELECT pg_current_xact_id()"); err != nil {
		t.Fatal(err)
	}
	return tx
}

func TestHorizon_readModelTransaction_doesNotHoldReadersBack(t *testing.T) {
	// Given a read-model session with a transaction open, older than the append
	s := pgtest.Store(t)
	openTx(t, readModelConn(t))
	// When an event is appended
	if _, err := s.Append(t.Context(), "order-1", eventstore.NoStream, event("OrderPlaced", 1)); err != nil {
		t.Fatal(err)
	}
	// Then $all shows it while that transaction is still open (other
	// tests' transactions may delay it briefly, never for long)
	deadline := time.Now().Add(10 * time.Second)
	for len(readAll(t, s)) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the event stayed invisible behind a read-model transaction")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestHorizon_otherSessionsTransaction_stillHoldsReadersBack(t *testing.T) {
	// Given an ordinary session with a transaction open, older than the append
	s := pgtest.Store(t)
	conn, err := s.Pool().Acquire(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	tx := openTx(t, conn.Conn())
	// When an event is appended
	if _, err := s.Append(t.Context(), "order-1", eventstore.NoStream, event("OrderPlaced", 1)); err != nil {
		t.Fatal(err)
	}
	// Then $all does not show it until that transaction ends: it might
	// still append an event before it
	time.Sleep(100 * time.Millisecond)
	if got := readAll(t, s); len(got) != 0 {
		t.Fatalf("ReadAll passed over a running transaction: %v", streams(got))
	}
	if err := tx.Rollback(t.Context()); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(readAll(t, s)) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the event stayed invisible after the transaction ended")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestHorizon_readModelSession_cannotAppend(t *testing.T) {
	// Given a store whose pool's sessions are named as read models
	s := pgtest.Store(t)
	cfg, err := pgxpool.ParseConfig(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = postgres.ReadModelSession
	cfg.ConnConfig.RuntimeParams["search_path"] = s.Schema()
	pool, err := pgxpool.NewWithConfig(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	misnamed := postgres.New(pool, postgres.Options{Schema: s.Schema()})
	defer misnamed.Close()
	// When it appends
	_, err = misnamed.Append(t.Context(), "order-1", eventstore.NoStream, event("OrderPlaced", 1))
	// Then the append is refused and nothing is written
	if err == nil || !strings.Contains(err.Error(), "read-model session") {
		t.Fatalf("append from a read-model session = %v, want refused", err)
	}
	if got, err := s.ReadStream(t.Context(), "order-1", eventstore.ReadStreamOptions{}); err != nil || len(got) != 0 {
		t.Fatalf("stream after the refused append = %d events, %v", len(got), err)
	}
}
