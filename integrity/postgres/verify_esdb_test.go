package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/esdb"
	"github.com/opsledger/opsledger/eventstore/esdb/esdbtest"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/integrity/postgres"
	"github.com/opsledger/opsledger/integrity/verify"
)

// esdbHistory is the history every EventStoreDB double of a test is
// given: versions 1..4 of streams a, b and c, with fixed ids.
type esdbHistory struct {
	ids map[string]string
}

func newESDBHistory() esdbHistory {
	h := esdbHistory{ids: map[string]string{}}
	for v := 1; v <= 4; v++ {
		for _, s := range []string{"a", "b", "c"} {
			h.ids[fmt.Sprintf("%s-%d", s, v)] = uuid.NewString()
		}
	}
	return h
}

// server starts a double holding the history's first rounds, every
// event stamped on the same clock, with body(stream, version) as bodies.
func (h esdbHistory) server(t *testing.T, rounds int, body func(stream string, v int) string) eventstore.Store {
	t.Helper()
	srv := esdbtest.New(t)
	var mu sync.Mutex
	tick := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	srv.SetNow(func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		tick = tick.Add(time.Millisecond)
		return tick
	})
	store, err := esdb.Open(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	for v := 1; v <= rounds; v++ {
		for _, s := range []string{"a", "b", "c"} {
			_, err := store.Append(context.Background(), s, eventstore.Exact(uint64(v-1)), eventstore.EventData{
				ID: h.ids[fmt.Sprintf("%s-%d", s, v)], Type: "Happened", SchemaVersion: 1, Data: []byte(body(s, v)),
				Metadata: eventstore.Metadata{ActorID: "emp-1", Reason: "filed"}})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	return store
}

func plainBody(stream string, v int) string { return fmt.Sprintf(`{"stream":%q,"n":%d}`, stream, v) }

// TestVerify_EventStoreDB (rule OPS-verify): with the events in
// EventStoreDB and the tree in PostgreSQL, an intact log verifies, and
// the same history with a body changed, or without its last round (a
// server restored from an older backup), or a truncated tree, is named.
func TestVerify_EventStoreDB(t *testing.T) {
	ctx := context.Background()
	history := newESDBHistory()
	sealedFrom := history.server(t, 4, plainBody)
	pool, schema := pgtest.Pool(t)
	log, err := postgres.Open(ctx, pool, schema, "")
	if err != nil {
		t.Fatal(err)
	}
	postgres.StoreNodesFrom(log, 2) // 12 leaves complete nodes from level 2 up
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- log.Sealer(sealedFrom, postgres.SealerOptions{Interval: 5 * time.Millisecond}).Run(runCtx)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for c, err := log.Checkpoint(ctx); err != nil || c.Size != 12; c, err = log.Checkpoint(ctx) {
		if time.Now().After(deadline) {
			t.Fatalf("no checkpoint of 12 events: %d, %v", c.Size, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("sealer: %v", err)
	}
	check := func(t *testing.T, store eventstore.Store) verify.Report {
		t.Helper()
		r, err := verify.Verify(ctx, verify.StoreEvents(store, 5), log, verify.Options{PublicKey: log.VerifierKey(), Page: 4})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	expect := func(t *testing.T, r verify.Report, kind verify.Kind, stream string, version uint64) {
		t.Helper()
		if r.OK() || r.Problem.Kind != kind || r.Problem.Stream != stream || r.Problem.Version != version {
			t.Fatalf("found %+v, want %q at %s@%d", r.Problem, kind, stream, version)
		}
	}

	t.Run("intact", func(t *testing.T) {
		if r := check(t, sealedFrom); !r.OK() || r.Events != 12 || r.Sealed != 12 {
			t.Fatalf("%+v %v", r, r.Problem)
		}
	})
	t.Run("a body changed", func(t *testing.T) {
		changed := history.server(t, 4, func(s string, v int) string {
			if s == "b" && v == 3 {
				return `{"stream":"b","n":300}`
			}
			return plainBody(s, v)
		})
		expect(t, check(t, changed), verify.BodyChanged, "b", 3)
	})
	t.Run("the last round missing", func(t *testing.T) {
		expect(t, check(t, history.server(t, 3, plainBody)), verify.StreamTailDeleted, "a", 4)
	})
	t.Run("the node table truncated", func(t *testing.T) {
		if _, err := pool.Exec(ctx, `TRUNCATE log_nodes`); err != nil {
			t.Fatal(err)
		}
		r := check(t, sealedFrom)
		if r.OK() || r.Problem.Kind != verify.TreeTruncated {
			t.Fatalf("found %+v, want a truncated tree", r.Problem)
		}
	})
}
