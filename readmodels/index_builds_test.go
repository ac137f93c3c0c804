package readmodels_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/readmodels"
)

// generationIndexes returns the definitions of the indexes of a read
// model's generation, its schema's name left out.
func generationIndexes(t *testing.T, pool *pgxpool.Pool, schema string) []string {
	t.Helper()
	rows, err := pool.Query(context.Background(), "SELECT indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname", schema)
	if err != nil {
		t.Fatalf("indexes of %s: %v", schema, err)
	}
	defs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatalf("indexes of %s: %v", schema, err)
	}
	for i, d := range defs {
		defs[i] = strings.ReplaceAll(d, schema+".", "")
	}
	return defs
}

// Given the read models whose rebuild builds their indexes apart
// (projections.IndexBuilds), when they are rebuilt, then each new
// generation has exactly the indexes, same definitions, that Ensure
// gave the first one through Indexes.
func TestRebuild_indexBuildsApart_giveTheIndexesOfIndexes(t *testing.T) {
	pool, ns := projectiontest.Pool(t)
	ctx := context.Background()
	var apart []projections.Projection
	for _, p := range readmodels.All() {
		if _, ok := p.(projections.IndexBuilds); ok {
			apart = append(apart, p)
		}
	}
	if len(apart) < 4 {
		t.Fatalf("%d read models build their indexes apart, want audit, contracts, customers and orders", len(apart))
	}
	if err := projections.Ensure(ctx, pool, ns, apart...); err != nil {
		t.Fatalf("Ensure: %v", err)
	}
	if err := projections.RebuildAll(ctx, pool, memory.New(), ns, apart, projections.Options{}, nil); err != nil {
		t.Fatalf("RebuildAll: %v", err)
	}
	for _, p := range apart {
		first := generationIndexes(t, pool, string(ns)+"_"+p.Name()+"_g1")
		rebuilt := generationIndexes(t, pool, string(ns)+"_"+p.Name()+"_g2")
		if len(first) == 0 || !slices.Equal(rebuilt, first) {
			t.Errorf("%s: rebuilt generation's indexes\n%s\nwant the first one's\n%s", p.Name(),
				strings.Join(rebuilt, "\n"), strings.Join(first, "\n"))
		}
	}
}
