package postgres_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/transparency-dev/merkle/proof"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/integrity"
	"github.com/opsledger/opsledger/integrity/postgres"
)

type world struct {
	pool   *pgxpool.Pool
	schema string
	events *memory.Store
	log    *postgres.Log
	ids    []string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	pool, schema := pgtest.Pool(t)
	l, err := postgres.Open(context.Background(), pool, schema, "")
	if err != nil {
		t.Fatal(err)
	}
	return &world{pool: pool, schema: schema, events: memory.New(), log: l}
}

func (w *world) append(t *testing.T, n int) {
	t.Helper()
	for range n {
		id := fmt.Sprintf("event-%03d", len(w.ids))
		_, err := w.events.Append(context.Background(), "stream-"+id, eventstore.Any,
			eventstore.EventData{ID: id, Type: "Happened", SchemaVersion: 1, Data: []byte(`{"n":1}`)})
		if err != nil {
			t.Fatal(err)
		}
		w.ids = append(w.ids, id)
	}
}

// runSealer runs a sealer until the returned stop is called.
func (w *world) runSealer(t *testing.T) (stop func()) {
	t.Helper()
	return w.runSealerWith(t, postgres.SealerOptions{Interval: 10 * time.Millisecond})
}

// runSealerWith runs a sealer of opts until the returned stop is called.
func (w *world) runSealerWith(t *testing.T, opts postgres.SealerOptions) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- w.log.Sealer(w.events, opts).Run(ctx)
	}()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("sealer: %v", err)
		}
	}
	t.Cleanup(stop)
	return stop
}

// sealed waits for a checkpoint of every appended event and opens it
// with the public key alone.
func (w *world) sealed(t *testing.T) integrity.Checkpoint {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := w.log.Checkpoint(context.Background())
		if err == nil && c.Size == uint64(len(w.ids)) {
			opened, err := integrity.OpenCheckpoint([]byte(c.Note), w.log.VerifierKey())
			if err != nil {
				t.Fatalf("the served checkpoint does not open: %v", err)
			}
			return opened
		}
		if time.Now().After(deadline) {
			t.Fatalf("no checkpoint of %d events (last: %+v, %v)", len(w.ids), c, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestSealerSealsEveryEventProvably: proofs of every leaf and between
// checkpoints check out, whether their nodes are all recomputed from the
// leaves (the default level, above this tree) or some stored.
func TestSealerSealsEveryEventProvably(t *testing.T) {
	for _, level := range []uint{postgres.DefaultNodeLevel, 1, 3} {
		t.Run(fmt.Sprint("nodes stored from level ", level), func(t *testing.T) {
			w := newWorld(t)
			postgres.StoreNodesFrom(w.log, level)
			sealsEveryEventProvably(t, w)
		})
	}
}

func sealsEveryEventProvably(t *testing.T, w *world) {
	ctx := context.Background()
	if _, err := w.log.Checkpoint(ctx); !errors.Is(err, integrity.ErrNoCheckpoint) {
		t.Fatalf("checkpoint of an empty log: err = %v, want ErrNoCheckpoint", err)
	}
	w.append(t, 21)
	w.runSealer(t)
	old := w.sealed(t)
	for i, id := range w.ids {
		p, err := w.log.InclusionProof(ctx, id, old.Size)
		if err != nil {
			t.Fatal(err)
		}
		if p.LeafIndex != uint64(i) || p.Stream != "stream-"+id || p.StreamVersion != 1 {
			t.Fatalf("proof of %s: leaf %d of %s@%d", id, p.LeafIndex, p.Stream, p.StreamVersion)
		}
		if err := proof.VerifyInclusion(integrity.Hasher, p.LeafIndex, old.Size, p.LeafHash, p.Hashes, old.Root); err != nil {
			t.Fatalf("inclusion of %s: %v", id, err)
		}
	}
	w.append(t, 14)
	now := w.sealed(t)
	p, err := w.log.ConsistencyProof(ctx, old.Size, now.Size)
	if err != nil {
		t.Fatal(err)
	}
	if err := proof.VerifyConsistency(integrity.Hasher, old.Size, now.Size, p.Hashes, old.Root, now.Root); err != nil {
		t.Fatalf("consistency %d..%d: %v", old.Size, now.Size, err)
	}
}

// TestSealerSealsTheLogItCaughtUpWithAtOnce: given a log written while
// no sealer ran, when a sealer starts whose interval is an hour, then
// the events it read up to the head are sealed at once (a restart's
// catch-up signs its checkpoint when the read is done), while events
// appended afterwards wait for the interval, gathered as before.
func TestSealerSealsTheLogItCaughtUpWithAtOnce(t *testing.T) {
	w := newWorld(t)
	w.append(t, 7)
	w.runSealerWith(t, postgres.SealerOptions{Interval: time.Hour})
	if c := w.sealed(t); c.Size != 7 {
		t.Fatalf("checkpoint after the catch-up covers %d events, want 7", c.Size)
	}
	w.append(t, 3)
	time.Sleep(200 * time.Millisecond)
	c, err := w.log.Checkpoint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c.Size != 7 {
		t.Fatalf("events appended after the catch-up were sealed before the interval: checkpoint of %d, want 7", c.Size)
	}
}

// The leaf hash served is the hash of the event's canonical bytes: what a
// verifier recomputes from the store.
func TestLeafHashIsTheStoredEvents(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	w.append(t, 3)
	w.runSealer(t)
	c := w.sealed(t)
	all, err := w.events.ReadAll(ctx, eventstore.Start, 10, eventstore.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range all {
		leaf, _ := integrity.LeafOf(e)
		p, err := w.log.InclusionProof(ctx, e.ID, c.Size)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(p.LeafHash, leaf.Hash()) {
			t.Fatalf("leaf hash of %s = %x, want %x", e.ID, p.LeafHash, leaf.Hash())
		}
	}
}

// A sealer that stops and starts again goes on after the last sealed
// event: no event becomes two leaves and the tree stays consistent.
func TestSealerResumesWithoutDuplicates(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	w.append(t, 9)
	stop := w.runSealer(t)
	before := w.sealed(t)
	stop()
	w.append(t, 6)
	w.runSealer(t)
	after := w.sealed(t)
	stored, err := w.log.Leaves(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, leaf := range stored {
		ids[leaf.EventID] = true
	}
	if leaves, distinct := len(stored), len(ids); leaves != 15 || distinct != 15 {
		t.Fatalf("%d leaves of %d events, want 15 of 15", leaves, distinct)
	}
	p, err := w.log.ConsistencyProof(ctx, before.Size, after.Size)
	if err != nil {
		t.Fatal(err)
	}
	if err := proof.VerifyConsistency(integrity.Hasher, before.Size, after.Size, p.Hashes, before.Root, after.Root); err != nil {
		t.Fatal(err)
	}
}

// Only one sealer of a schema seals at a time: a second one stands by.
func TestSecondSealerStandsBy(t *testing.T) {
	w := newWorld(t)
	w.append(t, 5)
	w.runSealer(t)
	w.runSealer(t)
	w.sealed(t)
	w.append(t, 5)
	w.sealed(t)
	var leaves int
	if err := w.pool.QueryRow(context.Background(), `SELECT sum(leaves) FROM log_tiles`).Scan(&leaves); err != nil {
		t.Fatal(err)
	}
	if leaves != 10 {
		t.Fatalf("%d leaves of 10 events", leaves)
	}
}

func TestProofRequestsOutsideTheTreeAreRefused(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	w.append(t, 4)
	w.runSealer(t)
	w.sealed(t)
	w.append(t, 1) // appended, not yet asked about
	cases := []struct {
		name string
		err  error
		ask  func() error
	}{
		{"size beyond the tree", integrity.ErrBeyondTree, func() error { _, err := w.log.InclusionProof(ctx, w.ids[0], 99); return err }},
		{"size zero", integrity.ErrBadRange, func() error { _, err := w.log.InclusionProof(ctx, w.ids[0], 0); return err }},
		{"unknown event", integrity.ErrUnknownEvent, func() error { _, err := w.log.InclusionProof(ctx, "nope", 4); return err }},
		{"event after the size", integrity.ErrBadRange, func() error { _, err := w.log.InclusionProof(ctx, w.ids[3], 3); return err }},
		{"from after to", integrity.ErrBadRange, func() error { _, err := w.log.ConsistencyProof(ctx, 3, 2); return err }},
		{"to beyond the tree", integrity.ErrBeyondTree, func() error { _, err := w.log.ConsistencyProof(ctx, 1, 99); return err }},
	}
	for _, c := range cases {
		if err := c.ask(); !errors.Is(err, c.err) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.err)
		}
	}
}

// Without a configured key the log makes one, stores it and signs with
// the same one after a restart; a configured key is used as given.
func TestKeys(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	if !w.log.Generated() {
		t.Fatal("a log opened without a key does not say its key was generated")
	}
	again, err := postgres.Open(ctx, w.pool, w.schema, "")
	if err != nil {
		t.Fatal(err)
	}
	if again.VerifierKey() != w.log.VerifierKey() {
		t.Fatal("reopening the log made another development key")
	}
	skey, _ := integrity.GenerateKey()
	key, _ := integrity.ParseKey(skey)
	configured, err := postgres.Open(ctx, w.pool, w.schema, skey)
	if err != nil {
		t.Fatal(err)
	}
	if configured.Generated() || configured.VerifierKey() != key.VerifierKey {
		t.Fatal("a configured key was not the one used")
	}
	if _, err := postgres.Open(ctx, w.pool, w.schema, "PRIVATE+KEY+nonsense"); err == nil {
		t.Fatal("a malformed key was accepted")
	}
}
