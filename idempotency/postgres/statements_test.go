package postgres

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
)

func openTestStore(t *testing.T) *Store {
	t.Helper()
	pool, schema := pgtest.Pool(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := Open(ctx, pool, schema)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func saved(n int) api.SavedResponse {
	return api.SavedResponse{RequestHash: "h" + strconv.Itoa(n), Status: 200 + n, Body: []byte(`{"n":` + strconv.Itoa(n) + "}\n")}
}

// TestStore_Flushes drives the many-row statements directly: coalescing
// only forms batches when calls overlap.
func TestStore_Flushes(t *testing.T) {
	t.Parallel()
	s := openTestStore(t)
	ctx := context.Background()
	const bad = "bad-\xff" // not UTF-8: PostgreSQL refuses the text
	t.Run("a batch of saves keeps the first of each key and fails only the bad one", func(t *testing.T) {
		calls := []*saveCall{{employeeID: "e", key: "k1", resp: saved(1), headers: []byte(`{"ETag":"\"1\""}`)},
			{employeeID: "e", key: "k2", resp: saved(2), headers: []byte(`{}`)},
			{employeeID: "e", key: "k1", resp: saved(3), headers: []byte(`{}`)}}
		if err := s.saveMany(ctx, calls); err != nil {
			t.Fatalf("saveMany() = %v", err)
		}
		calls = []*saveCall{{employeeID: "e", key: "k4", resp: saved(4), headers: []byte(`{}`)},
			{employeeID: "e", key: bad, resp: saved(5), headers: []byte(`{}`)}}
		s.saveAll(ctx, calls)
		if calls[0].err != nil || calls[1].err == nil {
			t.Errorf("saves with a bad key: errors %v, %v; want only the second", calls[0].err, calls[1].err)
		}
	})
	t.Run("a batch of lookups answers each call and fails only the bad one", func(t *testing.T) {
		calls := []*lookupCall{{employeeID: "e", key: "k2"}, {employeeID: "e", key: "missing"}, {employeeID: "e", key: "k1"},
			{employeeID: "other", key: "k1"}, {employeeID: "e", key: "k4"}}
		if err := s.lookupMany(ctx, calls); err != nil {
			t.Fatalf("lookupMany() = %v", err)
		}
		want := []int{2, 0, 1, 0, 4}
		for i, c := range calls {
			if c.err != nil || c.found != (want[i] != 0) || (c.found && c.resp.Status != 200+want[i]) {
				t.Errorf("lookup %d (%s/%s) = %+v, want response %d", i, c.employeeID, c.key, c, want[i])
			}
		}
		if string(calls[2].headers) != `{"ETag": "\"1\""}` {
			t.Errorf("k1 headers = %s, want the first save's", calls[2].headers)
		}
		calls = []*lookupCall{{employeeID: "e", key: "k2"}, {employeeID: "e", key: bad}}
		s.lookupAll(ctx, calls)
		if calls[0].err != nil || !calls[0].found || calls[1].err == nil {
			t.Errorf("lookups with a bad key = %+v, %+v; want k2 found and only the second failed", calls[0], calls[1])
		}
	})
}

// The batch lookup probes the primary key per key even when the plan is
// made from statistics of a small table: a connection keeps a generic plan
// made then, and a hash join over the table would scan all of it on every
// lookup as it grows.
func TestStore_BatchLookupProbesTheKey(t *testing.T) {
	t.Parallel()
	s := openTestStore(t)
	ctx := context.Background()
	calls := make([]*saveCall, 1000)
	for i := range calls {
		calls[i] = &saveCall{employeeID: "e" + strconv.Itoa(i%32), key: "k" + strconv.Itoa(i), resp: saved(1), headers: []byte(`{}`)}
	}
	if err := s.saveMany(ctx, calls); err != nil {
		t.Fatalf("saveMany() = %v", err)
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "ANALYZE idempotency_keys; SET plan_cache_mode TO force_generic_plan; PREPARE lookup_many AS "+s.sql.lookupMany); err != nil {
		t.Fatal(err)
	}
	defer conn.Exec(ctx, "DEALLOCATE lookup_many; RESET plan_cache_mode") //nolint:errcheck // the pool is the test's own
	rows, _ := conn.Query(ctx, "EXPLAIN EXECUTE lookup_many('{e1}', '{k1}')")
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	plan := strings.Join(lines, "\n")
	if strings.Contains(plan, "Seq Scan") || !strings.Contains(plan, "idempotency_keys_pkey") {
		t.Errorf("batch lookup plan:\n%s\nwant a probe of idempotency_keys_pkey per key", plan)
	}
}
