package projections

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

// pipeConn gives a test a pooled connection whose search_path holds a
// fresh table t(id int PRIMARY KEY).
func pipeConn(t *testing.T) (*pgxpool.Pool, *pgxpool.Conn) {
	t.Helper()
	pool, _ := pgtest.Pool(t)
	ctx := context.Background()
	if _, err := pool.Exec(ctx, "CREATE TABLE t (id int PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(conn.Release)
	return pool, conn
}

func rowsInT(t *testing.T, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}) int {
	t.Helper()
	var n int
	if err := q.QueryRow(context.Background(), "SELECT count(*) FROM t").Scan(&n); err != nil {
		t.Fatalf("count: %v", err)
	}
	return n
}

func insertBatch(ids ...int) *pgx.Batch {
	b := &pgx.Batch{}
	for _, id := range ids {
		b.Queue("INSERT INTO t VALUES ($1)", id)
	}
	return b
}

func TestPipeTx_DeferredWritesCommitTogether(t *testing.T) {
	pool, conn := pipeConn(t)
	ctx := context.Background()
	tx := newPipeTx(conn.Conn())
	if err := writeBatch(ctx, tx, insertBatch(1, 2)); err != nil {
		t.Fatalf("writeBatch: %v", err)
	}
	if n := rowsInT(t, pool); n != 0 {
		t.Fatalf("rows before commit = %d, want 0", n)
	}
	// A read in the transaction sees the writes queued before it.
	if n := rowsInT(t, tx); n != 2 {
		t.Errorf("rows read inside the transaction = %d, want 2", n)
	}
	if err := writeBatch(ctx, tx, insertBatch(3)); err != nil {
		t.Fatalf("writeBatch: %v", err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	if n := rowsInT(t, pool); n != 3 {
		t.Errorf("rows after commit = %d, want 3", n)
	}
	if s := conn.Conn().PgConn().TxStatus(); s != 'I' {
		t.Errorf("connection after commit: status %c, want idle", s)
	}
}

func TestPipeTx_AFailedDeferredWriteRollsBackTheWholeTransaction(t *testing.T) {
	pool, conn := pipeConn(t)
	ctx := context.Background()
	if _, err := pool.Exec(ctx, "INSERT INTO t VALUES (9)"); err != nil {
		t.Fatal(err)
	}
	tx := newPipeTx(conn.Conn())
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	if err := tx.SendBatch(ctx, insertBatch(1)).Close(); err != nil {
		t.Fatalf("SendBatch: %v", err)
	}
	if err := writeBatch(ctx, tx, insertBatch(2, 9)); err != nil { // 9 exists
		t.Fatalf("writeBatch: %v", err)
	}
	if err := tx.Commit(ctx); err == nil {
		t.Fatal("Commit() = nil, want the duplicate key error")
	}
	if n := rowsInT(t, pool); n != 1 {
		t.Errorf("rows after the failed commit = %d, want 1 (only the row from before)", n)
	}
	if s := conn.Conn().PgConn().TxStatus(); s != 'I' {
		t.Errorf("connection after the failed commit: status %c, want idle", s)
	}
	if n := rowsInT(t, conn); n != 1 {
		t.Errorf("the connection reads %d rows afterwards, want 1", n)
	}
}

func TestPipeTx_RollbackDropsWhatWaits(t *testing.T) {
	pool, conn := pipeConn(t)
	ctx := context.Background()
	tx := newPipeTx(conn.Conn())
	if _, err := tx.Exec(ctx, "INSERT INTO t VALUES (1)"); err != nil {
		t.Fatalf("Exec: %v", err)
	}
	if err := writeBatch(ctx, tx, insertBatch(2)); err != nil {
		t.Fatalf("writeBatch: %v", err)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatalf("Rollback: %v", err)
	}
	if err := tx.Commit(ctx); err == nil {
		t.Error("Commit() after Rollback = nil, want an error")
	}
	if n := rowsInT(t, pool); n != 0 {
		t.Errorf("rows after rollback = %d, want 0", n)
	}
	if s := conn.Conn().PgConn().TxStatus(); s != 'I' {
		t.Errorf("connection after rollback: status %c, want idle", s)
	}
}

// Given a transaction that has ended, when a caller queries through it as
// pgx callers do (the error read from the rows), then it gets the error,
// not a nil dereference.
func TestPipeTx_QueriesAfterTheEndReportTheError(t *testing.T) {
	_, conn := pipeConn(t)
	ctx := context.Background()
	tx := newPipeTx(conn.Conn())
	if err := tx.Rollback(ctx); err != nil {
		t.Fatalf("Rollback: %v", err)
	}
	rows, _ := tx.Query(ctx, "SELECT id FROM t")
	if _, err := pgx.CollectRows(rows, pgx.RowTo[int]); err == nil {
		t.Error("Query after the end: CollectRows error = nil, want one")
	}
	rows, _ = tx.SendBatch(ctx, insertBatch(1)).Query()
	if _, err := pgx.CollectRows(rows, pgx.RowTo[int]); err == nil {
		t.Error("SendBatch after the end: CollectRows error = nil, want one")
	}
	if rows.TypeMap() == nil {
		t.Error("rows of a failed query have no type map")
	}
}

// writeBatch queues b's writes in tx, as a read model's writes are queued
// in a runner's transaction.
func writeBatch(_ context.Context, tx *pipeTx, b *pgx.Batch) error {
	tx.DeferWrites(b)
	return nil
}
