package idempotency

import (
	"context"
	"strconv"
	"testing"
	"time"

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
