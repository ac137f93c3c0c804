// Package readmodeltest helps the read models' tests: write a log, run a
// read model over it until it has caught up, and check that applying the
// log again or rebuilding from it gives the same rows.
package readmodeltest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

var seq atomic.Int64

// salesFixture is a read model caught up with a log written for a test.
type Fixture[Q any] struct {
	Pool  *pgxpool.Pool
	NS    projections.Namespace
	Store eventstore.Store
	P     projections.Projection
	Q     Q
}

// NewFixture writes a log with write (add appends events encoded by
// codec), runs p over it until it has caught up, and gives the test p's
// queries (made by newQueries) over the namespace.
func NewFixture[Q any](t *testing.T, store eventstore.Store, codec *eventstore.Codec, p projections.Projection,
	newQueries func(tables.DB) Q, write func(add func(stream string, events ...domain.Event))) Fixture[Q] {
	t.Helper()
	pool, ns := projectiontest.Pool(t)
	write(func(stream string, events ...domain.Event) { Append(t, store, codec, stream, events...) })
	CaughtUp(t, pool, store, ns, p)
	return Fixture[Q]{Pool: pool, NS: ns, Store: store, P: p, Q: newQueries(DB(pool, ns))}
}

// DB reads the views of namespace ns.
func DB(pool *pgxpool.Pool, ns projections.Namespace) tables.DB {
	return tables.NewDB(pool, string(ns))
}

// RebuildMatches runs RebuildMatches on the fixture.
func (f Fixture[Q]) RebuildMatches(t *testing.T) {
	t.Helper()
	RebuildMatches(t, f.Pool, f.Store, f.NS, f.P)
}

// Append encodes events with codec and appends them to stream.
func Append(t *testing.T, store eventstore.Store, codec *eventstore.Codec, stream string, events ...domain.Event) {
	t.Helper()
	data := make([]eventstore.EventData, len(events))
	for i, e := range events {
		d, err := codec.Encode(fmt.Sprintf("sales-%d", seq.Add(1)), e, eventstore.Metadata{ActorID: "emp-test"})
		if err != nil {
			t.Fatalf("Encode %s: %v", e.EventType(), err)
		}
		data[i] = d
	}
	res, err := store.Append(context.Background(), stream, eventstore.Any, data...)
	if err != nil {
		t.Fatalf("Append %s: %v", stream, err)
	}
	noteAppended(store, res.Position)
}

// appended holds, per store, the position of the last event Append wrote.
// The store's Head is the last event readers of $all may see, which lags
// while any older transaction is still open on the server (tests of other
// packages hold some): a test waiting for Head alone could go on with part
// of its events unapplied.
var appended = struct {
	sync.Mutex
	last map[eventstore.Store]eventstore.Position
}{last: map[eventstore.Store]eventstore.Position{}}

func noteAppended(store eventstore.Store, pos eventstore.Position) {
	appended.Lock()
	defer appended.Unlock()
	if pos.Compare(appended.last[store]) > 0 {
		appended.last[store] = pos
	}
}

// lastAppended is the position of the last event Append wrote to store.
func lastAppended(store eventstore.Store) eventstore.Position {
	appended.Lock()
	defer appended.Unlock()
	return appended.last[store]
}

// CaughtUp runs a live runner for p and waits until it has applied the
// whole log.
func CaughtUp(t *testing.T, pool *pgxpool.Pool, store eventstore.Store, ns projections.Namespace, p projections.Projection) {
	t.Helper()
	if err := projections.Ensure(context.Background(), pool, ns, p); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, p, projectiontest.FastOptions()))
	WaitHead(t, pool, store, ns, p)
}

// WaitHead waits until p has applied the whole log.
func WaitHead(t *testing.T, pool *pgxpool.Pool, store eventstore.Store, ns projections.Namespace, p projections.Projection) {
	t.Helper()
	ctx := context.Background()
	head, err := store.Head(ctx)
	if err != nil {
		t.Fatalf("Head: %v", err)
	}
	if last := lastAppended(store); last.Compare(head) > 0 {
		head = last
	}
	if err := projections.WaitFor(ctx, pool, store, ns, head, 10*time.Second, p); err != nil {
		t.Fatalf("WaitFor %s: %v", p.Name(), err)
	}
}

// Checksum is an order-independent digest of every row of p's views.
func Checksum(t *testing.T, pool *pgxpool.Pool, ns projections.Namespace, p projections.Projection) string {
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

// RebuildMatches checks that applying the whole log again to the
// live generation changes nothing (idempotence), then rebuilds p from the
// log and checks the rebuilt views hold exactly the rows the live runner
// wrote (determinism).
func RebuildMatches(t *testing.T, pool *pgxpool.Pool, store eventstore.Store, ns projections.Namespace, p projections.Projection) {
	t.Helper()
	live := Checksum(t, pool, ns, p)
	Reapply(t, pool, store, ns, p)
	if got := Checksum(t, pool, ns, p); got != live {
		t.Errorf("checksum after applying the log twice = %s, want %s", got, live)
	}
	rebuildInBatchesMatches(t, pool, store, ns, p, 7, live) // several batches, split differently from the live ones
}

// RebuildEventByEventMatches rebuilds p applying each event in a batch of
// its own and checks the rebuilt views hold exactly the rows they held:
// a read model that loads a table only for the batches that need it is
// checked on every event alone.
func (f Fixture[Q]) RebuildEventByEventMatches(t *testing.T) {
	t.Helper()
	rebuildInBatchesMatches(t, f.Pool, f.Store, f.NS, f.P, 1, Checksum(t, f.Pool, f.NS, f.P))
}

func rebuildInBatchesMatches(t *testing.T, pool *pgxpool.Pool, store eventstore.Store, ns projections.Namespace, p projections.Projection, batch int, want string) {
	t.Helper()
	opts := projectiontest.FastOptions()
	opts.RebuildBatch = batch
	if _, err := projections.NewRunner(pool, store, ns, p, opts).Rebuild(context.Background(), nil); err != nil {
		t.Fatalf("Rebuild: %v", err)
	}
	if got := Checksum(t, pool, ns, p); got != want {
		t.Errorf("rebuilt checksum in batches of %d = %s, want the live one %s", batch, got, want)
	}
}

// Reapply applies every event p selects once more, in one batch, to
// generation 1 the way the runner does (search_path set to it).
func Reapply(t *testing.T, pool *pgxpool.Pool, store eventstore.Store, ns projections.Namespace, p projections.Projection) {
	t.Helper()
	events, err := store.ReadAll(context.Background(), eventstore.Start, 1_000_000, p.Filter())
	if err != nil {
		t.Fatalf("ReadAll: %v", err)
	}
	ApplyOnce(t, pool, ns, p, events)
}

// ApplyOnce applies events to generation 1 of p in one batch, as the
// runner does (search_path set to it), and fails the test on an error,
// which a runner would retry in smaller batches and so hide.
func ApplyOnce(t *testing.T, pool *pgxpool.Pool, ns projections.Namespace, p projections.Projection, events []eventstore.Recorded) {
	t.Helper()
	ApplyOnceStatements(t, pool, ns, p, events)
}

// ApplyOnceStatements is ApplyOnce, and returns the SQL of every
// statement p's Apply sent, in order.
func ApplyOnceStatements(t *testing.T, pool *pgxpool.Pool, ns projections.Namespace, p projections.Projection, events []eventstore.Recorded) []string {
	t.Helper()
	ctx := context.Background()
	var sent []string
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		schema := pgx.Identifier{string(ns) + "_" + p.Name() + "_g1"}.Sanitize()
		if _, err := tx.Exec(ctx, "SET LOCAL search_path TO "+schema); err != nil {
			return err
		}
		return p.Apply(ctx, recordingTx{Tx: tx, sent: &sent}, events)
	})
	if err != nil {
		t.Fatalf("apply %d events: %v", len(events), err)
	}
	return sent
}

// recordingTx records the SQL of the statements sent through it.
type recordingTx struct {
	pgx.Tx
	sent *[]string
}

func (r recordingTx) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	for _, q := range b.QueuedQueries {
		*r.sent = append(*r.sent, q.SQL)
	}
	return r.Tx.SendBatch(ctx, b)
}

func (r recordingTx) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	*r.sent = append(*r.sent, sql)
	return r.Tx.Exec(ctx, sql, args...)
}

func (r recordingTx) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	*r.sent = append(*r.sent, sql)
	return r.Tx.Query(ctx, sql, args...)
}

func (r recordingTx) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	*r.sent = append(*r.sent, sql)
	return r.Tx.QueryRow(ctx, sql, args...)
}

// ViewChecksum is an order-independent digest of every row of a read view.
func ViewChecksum(t *testing.T, pool *pgxpool.Pool, ns projections.Namespace, view string) string {
	t.Helper()
	var sum *string
	q := "SELECT md5(string_agg(md5(v::text), '' ORDER BY md5(v::text))) FROM " + pgx.Identifier{string(ns), view}.Sanitize() + " v"
	if err := pool.QueryRow(context.Background(), q).Scan(&sum); err != nil {
		t.Fatalf("checksum %s: %v", view, err)
	}
	if sum == nil {
		t.Fatalf("checksum %s: the view is empty", view)
	}
	return *sum
}

// AssertRebuildMatches stops the live runner, rebuilds p in batches of
// three events and checks every view reads the same before and after.
func AssertRebuildMatches(t *testing.T, pool *pgxpool.Pool, store eventstore.Store, ns projections.Namespace, p projections.Projection, stop func() error) {
	t.Helper()
	viewSums := func() string {
		var sums []string
		for _, v := range p.Tables() {
			sums = append(sums, v+" "+ViewChecksum(t, pool, ns, v))
		}
		return strings.Join(sums, ", ")
	}
	if gen := assertRebuildKeeps(t, pool, store, ns, p, stop, viewSums); gen != 2 {
		t.Fatalf("Rebuild() = generation %d, want 2", gen)
	}
}

// AssertRebuildKeepsRows stops the live runner, rebuilds p in batches of
// three events and checks p's tables hold the rows they held live, as
// AssertRebuildMatches does for a read model some of whose views are
// empty.
func AssertRebuildKeepsRows(t *testing.T, pool *pgxpool.Pool, store eventstore.Store, ns projections.Namespace, p projections.Projection, stop func() error) {
	t.Helper()
	assertRebuildKeeps(t, pool, store, ns, p, stop, func() string { return Checksum(t, pool, ns, p) })
}

// assertRebuildKeeps stops the live runner, takes sum of p's rows,
// rebuilds p in batches of three events, checks sum is the same and
// returns the generation built. Tiny batches split streams across
// batches, so the rebuild also takes the path that folds events into rows
// loaded from the table.
func assertRebuildKeeps(t *testing.T, pool *pgxpool.Pool, store eventstore.Store, ns projections.Namespace, p projections.Projection, stop func() error, sum func() string) int {
	t.Helper()
	if err := stop(); err != nil && !errors.Is(err, context.Canceled) {
		t.Fatalf("stop runner: %v", err)
	}
	live := sum()
	opts := projectiontest.FastOptions()
	opts.RebuildBatch = 3
	gen, err := projections.NewRunner(pool, store, ns, p, opts).Rebuild(context.Background(), nil)
	if err != nil {
		t.Fatalf("Rebuild: %v", err)
	}
	if got := sum(); got != live {
		t.Errorf("rebuilt: %s\nwant the live %s", got, live)
	}
	return gen
}

// PtrTo returns a pointer to a copy of v.
func PtrTo[T any](v T) *T { return &v }

// Listed is a page as a list test compares it: the ids of its items
// (as id prints them), comma-separated, and its next cursor. A failed
// query fails the test.
func Listed[T any](t *testing.T, what string, p queries.Page[T], err error, id func(T) string) (ids, next string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	list := make([]string, len(p.Items))
	for i, v := range p.Items {
		list[i] = id(v)
	}
	return strings.Join(list, ","), p.NextCursor
}

// AppendEffective appends events to stream with their effective time (a
// zero one: when recorded), and returns an instant after they were
// recorded and before anything appended later, for as-of reads.
func AppendEffective(t *testing.T, store eventstore.Store, codec *eventstore.Codec, stream string, effective time.Time, events ...domain.Event) time.Time {
	t.Helper()
	data := make([]eventstore.EventData, len(events))
	for i, e := range events {
		d, err := codec.Encode(fmt.Sprintf("effective-%d", seq.Add(1)), e, eventstore.Metadata{ActorID: "emp-test", EffectiveAt: effective})
		if err != nil {
			t.Fatalf("Encode %s: %v", e.EventType(), err)
		}
		data[i] = d
	}
	res, err := store.Append(context.Background(), stream, eventstore.Any, data...)
	if err != nil {
		t.Fatalf("Append %s: %v", stream, err)
	}
	noteAppended(store, res.Position)
	time.Sleep(2 * time.Millisecond)
	after := time.Now()
	time.Sleep(2 * time.Millisecond)
	return after
}
