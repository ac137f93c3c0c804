package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

// Given a transaction of another database of the same cluster that holds
// a transaction id open, when an event is appended, then a live subscriber
// receives it within milliseconds, not when that transaction ends (it can
// never write this log), and ReadAll and Head pass it from then on. (A
// transaction of the log's own database still holds the log back:
// TestStore_outOfOrderCommits.)
func TestStore_otherDatabaseDoesNotHoldTheLogBack(t *testing.T) {
	s := pgtest.Store(t)
	ctx := t.Context()
	holdOtherDatabase(t, ctx)
	sub, err := s.Subscribe(ctx, eventstore.Start, eventstore.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()

	res, err := s.Append(ctx, "order-1", eventstore.NoStream, event("placed", 1))
	if err != nil {
		t.Fatal(err)
	}

	waitCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if got, err := sub.Recv(waitCtx); err != nil || !equal(streams(got), []string{"order-1"}) {
		t.Fatalf("subscriber received %v, %v; want [order-1]", streams(got), err)
	}
	if got := streams(readAll(t, s)); !equal(got, []string{"order-1"}) {
		t.Errorf("ReadAll = %v, want [order-1]", got)
	}
	if head, err := s.Head(ctx); err != nil || head != res.Position {
		t.Errorf("Head = %v, %v; want %v", head, err, res.Position)
	}
}

// holdOtherDatabase opens a transaction with a transaction id in another
// database of the test server, held until the test ends.
func holdOtherDatabase(t *testing.T, ctx context.Context) {
	t.Helper()
	cfg, err := pgx.ParseConfig(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Database = map[bool]string{true: "template1", false: "postgres"}[cfg.Database == "postgres"]
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback(context.Background()) })
	if _, err := tx.Exec(ctx, "SELECT pg_current_xact_id()"); err != nil { // takes an xid
		t.Fatal(err)
	}
}
