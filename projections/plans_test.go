package projections_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
)

// planProbe is a keyed read model whose table is small and analyzed, so
// the planner, left alone, reads it by sequential scan. Apply records the
// plan of its keyed batch read.
type planProbe struct {
	mu    sync.Mutex
	plans []string
}

func (p *planProbe) Name() string     { return "planprobe" }
func (p *planProbe) Tables() []string { return []string{"accounts"} }
func (p *planProbe) Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{"acct-"}}
}

func (p *planProbe) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `CREATE TABLE accounts (id text PRIMARY KEY, pad text NOT NULL);
		INSERT INTO accounts SELECT 'acct-' || i, repeat('x', 400) FROM generate_series(1, 100) i;
		ANALYZE accounts`)
	return err
}

func (p *planProbe) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	ids := make([]string, len(events))
	for i, e := range events {
		ids[i] = e.Stream
	}
	rows, err := tx.Query(ctx, "EXPLAIN SELECT * FROM accounts WHERE id = ANY($1)", ids)
	if err != nil {
		return err
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.plans = append(p.plans, strings.Join(lines, "\n"))
	return nil
}

func (p *planProbe) seen() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.plans...)
}

// A plan the connection caches while a table is small stays a
// sequential scan as the table grows; the runner's keyed reads must probe
// the key instead, and the setting must not leak into the shared pool.
func TestRunner_KeyedReadsProbeTheKeyOnSmallTables(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	probe := &planProbe{}
	if err := projections.Ensure(ctx, pool, ns, probe); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	var outside string
	if err := pool.QueryRow(ctx, "EXPLAIN SELECT * FROM "+pgx.Identifier{string(ns) + "_planprobe_g1", "accounts"}.Sanitize()+
		" WHERE id = ANY($1)", []string{"acct-1", "acct-2"}).Scan(&outside); err != nil {
		t.Fatalf("explain outside the runner: %v", err)
	}
	if !strings.Contains(outside, "Seq Scan") {
		t.Fatalf("given a table the planner scans, got plan %q; the test needs a sequential scan to start from", outside)
	}

	store := memory.New()
	appendEvents(t, store, "acct-1", "test.credited", 1)
	appendEvents(t, store, "acct-2", "test.credited", 1)
	stop := projectiontest.Run(t, projections.NewRunner(pool, store, ns, probe, projectiontest.FastOptions()))
	projectiontest.Eventually(t, "a batch applied", func() bool { return len(probe.seen()) > 0 })
	stop()

	for _, plan := range probe.seen() {
		if strings.Contains(plan, "Seq Scan") || !strings.Contains(plan, "accounts_pkey") {
			t.Errorf("runner's keyed read plan:\n%s\nwant a probe of accounts_pkey", plan)
		}
	}
	conns := pool.AcquireAllIdle(ctx)
	defer func() {
		for _, c := range conns {
			c.Release()
		}
	}()
	for _, c := range conns {
		var v string
		if err := c.QueryRow(ctx, "SHOW enable_seqscan").Scan(&v); err != nil || v != "on" {
			t.Errorf("pooled connection after the runner: enable_seqscan = %q (%v), want on", v, err)
		}
	}
}
