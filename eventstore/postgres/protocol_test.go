package postgres_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

// TestStore_simpleProtocol reads through a pool that receives results in
// text format (as behind PgBouncer), exercising the Scan path, and expects
// exactly what the binary path returns.
func TestStore_simpleProtocol(t *testing.T) {
	s := pgtest.Store(t)
	cfg, err := pgxpool.ParseConfig(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	pool, err := pgxpool.NewWithConfig(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	text := postgres.New(pool, postgres.Options{Schema: s.Schema()})
	defer text.Close()

	e := event("contract.signed", 1)
	e.Data = []byte(`{"note":"年度框架合同","bytes":"\u0000"}`)
	e.Metadata = eventstore.Metadata{ActorID: "emp-1", Reason: `said "yes"`}
	if _, err := text.Append(t.Context(), "contract-1", eventstore.NoStream, e, event("contract.amended", 2)); err != nil {
		t.Fatal(err)
	}
	want, err := s.ReadStream(t.Context(), "contract-1", eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := text.ReadStream(t.Context(), "contract-1", eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 2 {
		t.Fatalf("binary read returned %d events, want 2", len(want))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("text-format read differs from binary read (-binary +text):\n%s", diff)
	}
}
