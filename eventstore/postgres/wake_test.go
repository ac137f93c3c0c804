package postgres_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

// logReads counts the statements that read the global log after a
// position (ReadAll's).
type logReads struct{ n atomic.Int64 }

func (c *logReads) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	if strings.Contains(d.SQL, "(xid, seq) > ($1::xid8, $2::bigint) AND") {
		c.n.Add(1)
	}
	return ctx
}

func (c *logReads) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// Given a subscriber woken by an append whose event its next read
// returned, when it waits for the following event, then it reads the log
// once and sleeps: the wake-up it already answered does not send it
// reading again (decision NN-lag).
func TestSubscription_aWakeUpAlreadyAnsweredCostsNoRead(t *testing.T) {
	ctx := t.Context()
	_, schema := pgtest.Pool(t)
	reads := &logReads{}
	s := tracedStore(t, schema, reads)
	sub, err := s.Subscribe(ctx, eventstore.Start, eventstore.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	awaitListening(t, s, schema, sub)

	if _, err := s.Append(ctx, "order-1", eventstore.NoStream, event("a", 1)); err != nil {
		t.Fatal(err)
	}
	got, err := sub.Recv(ctx)
	if err != nil || len(got) != 1 {
		t.Fatalf("Recv = %v, %v; want the one event", streams(got), err)
	}

	before := reads.n.Load()
	waitCtx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if got, err := sub.Recv(waitCtx); err == nil {
		t.Fatalf("Recv with nothing appended returned %v", streams(got))
	}
	if n := reads.n.Load() - before; n != 1 {
		t.Errorf("the wait read the log %d times, want once", n)
	}
}

// tracedStore opens the store of schema on a pool of its own whose
// reads of the log reads counts.
func tracedStore(t *testing.T, schema string, reads *logReads) *postgres.Store {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	cfg.ConnConfig.Tracer = reads
	pool, err := pgxpool.NewWithConfig(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	s, err := postgres.Open(t.Context(), pool, postgres.Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// awaitListening waits until the store's listener has LISTENed and sub
// has answered the wake-up that follows it, so that no wake-up but the
// test's own reaches sub afterwards.
func awaitListening(t *testing.T, s *postgres.Store, schema string, sub eventstore.Subscription) {
	t.Helper()
	ctx := t.Context()
	for {
		var listening bool
		if err := s.Pool().QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_stat_activity
			WHERE query LIKE 'LISTEN %' AND query LIKE '%' || left($1, 40) || '%')`, schema).Scan(&listening); err != nil {
			t.Fatal(err)
		}
		if listening {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatal(ctx.Err())
		case <-time.After(time.Millisecond):
		}
	}
	waitCtx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if got, err := sub.Recv(waitCtx); err == nil {
		t.Fatalf("Recv on an empty log returned %v", streams(got))
	}
}
