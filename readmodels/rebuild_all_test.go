package readmodels_test

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/readmodels"
	"github.com/opsledger/opsledger/readmodels/readmodeltest"
)

// Given the sales log (customers, quotations, contracts with plans,
// payments and dunning, orders; every aggregate's events spread over the
// whole log) applied to every read model on its own, in one batch, when
// all of them are rebuilt in one pass of small batches (RebuildAll: an
// aggregate's row versions are closed across batches), or of one large
// batch, then every read model holds exactly the rows it held.
func TestRebuildAll_everyReadModelHoldsWhatItHeldAlone(t *testing.T) {
	_, ns := projectiontest.Pool(t)
	cfg, err := pgxpool.ParseConfig(os.Getenv("TEST_POSTGRES_URL"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxConns = int32(len(readmodels.All()) + 4) // a connection per read model, and index builders
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	ctx := context.Background()
	store := memory.New()
	seedSalesLog(t, store, 40, true)
	ps := readmodels.All()
	if err := projections.Ensure(ctx, pool, ns, ps...); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	alone := map[string]string{}
	for _, p := range ps {
		readmodeltest.Reapply(t, pool, store, ns, p)
		alone[p.Name()] = readmodeltest.Checksum(t, pool, ns, p)
	}

	// in batches of 37, an aggregate's events fall in several batches; in
	// one batch of the whole log, every versions table is copied in
	// (tables.Versions' binary COPY, decision 61)
	for _, batch := range []int{37, 100_000} {
		opts := projectiontest.FastOptions()
		opts.RebuildBatch = batch
		if err := projections.RebuildAll(ctx, pool, store, ns, ps, opts, nil); err != nil {
			t.Fatalf("RebuildAll in batches of %d: %v", batch, err)
		}
		for _, p := range ps {
			if got := readmodeltest.Checksum(t, pool, ns, p); got != alone[p.Name()] {
				t.Errorf("%s rebuilt in batches of %d: %s\nwant what it held alone: %s", p.Name(), batch, got, alone[p.Name()])
			}
		}
	}
}
