package projections_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/projections"
)

var salesSeq atomic.Int64

// salesFixture is a read model caught up with a log written for a test.
type salesFixture struct {
	pool  *pgxpool.Pool
	ns    projections.Namespace
	store eventstore.Store
	p     projections.Projection
	q     *projections.Queries
}

// newSalesFixture writes a log with write (add appends events encoded by
// codec) and runs p over it until it has caught up.
func newSalesFixture(t *testing.T, store eventstore.Store, codec *eventstore.Codec, p projections.Projection,
	write func(add func(stream string, events ...domain.Event))) salesFixture {
	t.Helper()
	pool, ns := testPool(t)
	write(func(stream string, events ...domain.Event) { salesAppend(t, store, codec, stream, events...) })
	salesCaughtUp(t, pool, store, ns, p)
	return salesFixture{pool: pool, ns: ns, store: store, p: p, q: projections.NewQueries(pool, ns)}
}

// rebuildMatches runs salesRebuildMatches on the fixture.
func (f salesFixture) rebuildMatches(t *testing.T) {
	t.Helper()
	salesRebuildMatches(t, f.pool, f.store, f.ns, f.p)
}

// salesAppend encodes events with codec and appends them to stream.
func salesAppend(t *testing.T, store eventstore.Store, codec *eventstore.Codec, stream string, events ...domain.Event) {
	t.Helper()
	data := make([]eventstore.EventData, len(events))
	for i, e := range events {
		d, err := codec.Encode(fmt.Sprintf("sales-%d", salesSeq.Add(1)), e, eventstore.Metadata{ActorID: "emp-test"})
		if err != nil {
			t.Fatalf("Encode %s: %v", e.EventType(), err)
		}
		data[i] = d
	}
	if _, err := store.Append(context.Background(), stream, eventstore.Any, data...); err != nil {
		t.Fatalf("Append %s: %v", stream, err)
	}
}

// salesCaughtUp runs a live runner for p and waits until it has applied the
// whole log.
func salesCaughtUp(t *testing.T, pool *pgxpool.Pool, store eventstore.Store, ns projections.Namespace, p projections.Projection) {
	t.Helper()
	if err := projections.Ensure(context.Background(), pool, ns, p); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	run(t, projections.NewRunner(pool, store, ns, p, fastOptions()))
	salesWaitHead(t, pool, store, ns, p)
}

func salesWaitHead(t *testing.T, pool *pgxpool.Pool, store eventstore.Store, ns projections.Namespace, p projections.Projection) {
	t.Helper()
	ctx := context.Background()
	head, err := store.Head(ctx)
	if err != nil {
		t.Fatalf("Head: %v", err)
	}
	if err := projections.WaitFor(ctx, pool, store, ns, head, 10*time.Second, p); err != nil {
		t.Fatalf("WaitFor %s: %v", p.Name(), err)
	}
}

// salesChecksum is an order-independent digest of every row of p's views.
func salesChecksum(t *testing.T, pool *pgxpool.Pool, ns projections.Namespace, p projections.Projection) string {
	t.Helper()
	var parts []string
	for _, table := range p.Tables() {
		var sum *string
		q := "SELECT md5(string_agg(md5(e::text), '' ORDER BY md5(e::text))) FROM " + pgx.Identifier{string(ns), table}.Sanitize() + " e"
		if err := pool.QueryRow(context.Background(), q).Scan(&sum); err != nil {
			t.Fatalf("checksum %s: %v", table, err)
		}
		if sum == nil {
			sum = new(string)
		}
		parts = append(parts, table+"="+*sum)
	}
	return strings.Join(parts, " ")
}

// salesRebuildMatches checks that applying the whole log again to the
// live generation changes nothing (idempotence), then rebuilds p from the
// log and checks the rebuilt views hold exactly the rows the live runner
// wrote (determinism).
func salesRebuildMatches(t *testing.T, pool *pgxpool.Pool, store eventstore.Store, ns projections.Namespace, p projections.Projection) {
	t.Helper()
	live := salesChecksum(t, pool, ns, p)
	salesReapply(t, pool, store, ns, p)
	if got := salesChecksum(t, pool, ns, p); got != live {
		t.Errorf("checksum after applying the log twice = %s, want %s", got, live)
	}
	opts := fastOptions()
	opts.RebuildBatch = 7 // several batches, split differently from the live ones
	if _, err := projections.NewRunner(pool, store, ns, p, opts).Rebuild(context.Background(), nil); err != nil {
		t.Fatalf("Rebuild: %v", err)
	}
	if got := salesChecksum(t, pool, ns, p); got != live {
		t.Errorf("rebuilt checksum = %s, want the live one %s", got, live)
	}
}

// salesReapply applies every event p selects once more, in one batch, to
// generation 1 the way the runner does (search_path set to it).
func salesReapply(t *testing.T, pool *pgxpool.Pool, store eventstore.Store, ns projections.Namespace, p projections.Projection) {
	t.Helper()
	ctx := context.Background()
	events, err := store.ReadAll(ctx, eventstore.Start, 1_000_000, p.Filter())
	if err != nil {
		t.Fatalf("ReadAll: %v", err)
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		schema := pgx.Identifier{string(ns) + "_" + p.Name() + "_g1"}.Sanitize()
		if _, err := tx.Exec(ctx, "SET LOCAL search_path TO "+schema); err != nil {
			return err
		}
		return p.Apply(ctx, tx, events)
	})
	if err != nil {
		t.Fatalf("apply the log again: %v", err)
	}
}
