package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore"
	espg "github.com/opsledger/opsledger/eventstore/postgres"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/integrity"
	"github.com/opsledger/opsledger/integrity/postgres"
	"github.com/opsledger/opsledger/integrity/verify"
)

// sealedStore is a PostgreSQL event store and its log in one schema.
type sealedStore struct {
	pool   *pgxpool.Pool
	schema string
	store  eventstore.Store
	log    *postgres.Log
}

func newSealedStore(t *testing.T) *sealedStore {
	t.Helper()
	pool, schema := pgtest.Pool(t)
	store, err := espg.Open(context.Background(), pool, espg.Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	l, err := postgres.Open(context.Background(), pool, schema, "")
	if err != nil {
		t.Fatal(err)
	}
	// Nodes from level 2 up: 12 leaves complete three of them, and the
	// level-1 nodes are recomputed from the leaves.
	postgres.StoreNodesFrom(l, 2)
	return &sealedStore{pool: pool, schema: schema, store: store, log: l}
}

// appendRounds appends version v of streams a, b and c for v in
// from..to, each event in a transaction of its own: $all is a1 b1 c1 a2
// b2 c2 …
func (s *sealedStore) appendRounds(t *testing.T, from, to int) {
	t.Helper()
	for v := from; v <= to; v++ {
		for _, stream := range []string{"a", "b", "c"} {
			_, err := s.store.Append(context.Background(), stream, eventstore.Exact(uint64(v-1)), eventstore.EventData{
				ID: fmt.Sprintf("%s-%d", stream, v), Type: "Happened", SchemaVersion: 1,
				Data:     []byte(fmt.Sprintf(`{"stream":%q,"n":%d}`, stream, v)),
				Metadata: eventstore.Metadata{ActorID: "emp-1", Reason: fmt.Sprintf("reason %s-%d", stream, v)},
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}

// seal runs the sealer until a checkpoint covers the whole log.
func (s *sealedStore) seal(t *testing.T) {
	t.Helper()
	// Counted, not read: $all shows only what no transaction still
	// running (of any test on the server) may precede.
	var count int64
	if err := s.pool.QueryRow(context.Background(), `SELECT count(*) FROM events`).Scan(&count); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- s.log.Sealer(s.store, postgres.SealerOptions{Interval: 5 * time.Millisecond}).Run(ctx)
	}()
	defer func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("sealer: %v", err)
		}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := s.log.Checkpoint(context.Background())
		if err == nil && c.Size == uint64(count) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no checkpoint of %d events (last %d, %v)", count, c.Size, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// visible waits until $all shows n events: it hides those a transaction
// still running anywhere on the server (another test's) may precede.
func (s *sealedStore) visible(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		all, err := s.store.ReadAll(context.Background(), eventstore.Start, n+1, eventstore.Filter{})
		if err == nil && len(all) == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("$all shows %d events, want %d (%v)", len(all), n, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (s *sealedStore) exec(t *testing.T, sql string) {
	t.Helper()
	if _, err := s.pool.Exec(context.Background(), sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func (s *sealedStore) verify(t *testing.T) verify.Report {
	t.Helper()
	return verifyWith(t, s, s.log.VerifierKey())
}

func verifyWith(t *testing.T, s *sealedStore, publicKey string) verify.Report {
	t.Helper()
	r, err := verify.Verify(context.Background(), verify.StoreEvents(s.store, 4), s.log, verify.Options{PublicKey: publicKey, Page: 5})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestVerify_intactLogPasses (rule OPS-verify): a sealed log, events
// after the newest checkpoint, and an empty store all verify.
func TestVerify_intactLogPasses(t *testing.T) {
	s := newSealedStore(t)
	if r := s.verify(t); !r.OK() || r.Events != 0 || r.Checkpoints != 0 {
		t.Fatalf("empty store: %+v %v", r, r.Problem)
	}
	s.appendRounds(t, 1, 2)
	s.seal(t)
	s.appendRounds(t, 3, 3)
	s.seal(t)
	for v := 4; v <= 5; v++ { // unsealed: appended after the last seal
		if _, err := s.store.Append(context.Background(), "d", eventstore.Exact(uint64(v-4)),
			eventstore.EventData{ID: fmt.Sprintf("d-%d", v), Type: "Happened", SchemaVersion: 1, Data: []byte(`{}`)}); err != nil {
			t.Fatal(err)
		}
	}
	s.visible(t, 11)
	r := s.verify(t)
	if !r.OK() {
		t.Fatalf("intact log: %v", r.Problem)
	}
	if r.Events != 11 || r.Sealed != 9 || r.Unsealed != 2 || r.Checkpoints == 0 {
		t.Fatalf("report %+v, want 11 events, 9 sealed, 2 unsealed", r)
	}
}

// TestVerify_namesTheFirstTamperedEvent (rule OPS-verify): each change
// made directly in PostgreSQL is found and named.
func TestVerify_namesTheFirstTamperedEvent(t *testing.T) {
	cases := []struct {
		name    string
		sql     string
		kind    verify.Kind
		stream  string
		version uint64
		index   uint64
	}{
		{"a body changed", `UPDATE events SET data = convert_to('{"stream":"b","n":999}', 'UTF8') WHERE stream = 'b' AND version = 2`,
			verify.BodyChanged, "b", 2, 4},
		{"an envelope field changed", `UPDATE events SET metadata = convert_to(replace(convert_from(metadata, 'UTF8'), 'emp-1', 'emp-2'), 'UTF8')
			WHERE stream = 'c' AND version = 3`, verify.EnvelopeChanged, "c", 3, 8},
		{"the recorded time changed", `UPDATE events SET recorded_at = recorded_at - interval '1 day' WHERE stream = 'a' AND version = 4`,
			verify.EventChanged, "a", 4, 9},
		{"an event deleted", `DELETE FROM events WHERE stream = 'b' AND version = 2`, verify.MissingEvent, "b", 2, 4},
		{"a stream's tail deleted", `DELETE FROM events WHERE stream = 'a' AND version >= 3`, verify.StreamTailDeleted, "a", 3, 6},
		{"the last event deleted", `DELETE FROM events WHERE stream = 'c' AND version = 4`, verify.StreamTailDeleted, "c", 4, 11},
		{"two events swapped", `UPDATE events e SET xid = CASE WHEN e.stream = 'a' THEN o.b3 ELSE o.a2 END
			FROM (SELECT (SELECT xid FROM events WHERE stream = 'a' AND version = 2) AS a2,
			             (SELECT xid FROM events WHERE stream = 'b' AND version = 3) AS b3) o
			WHERE (e.stream, e.version) IN (('a', 2), ('b', 3))`, verify.OutOfOrder, "b", 3, 3},
		{"a forged row inserted", `INSERT INTO events (xid, stream, version, id, type, schema_version, data, metadata)
			SELECT xid, 'd', 1, 'forged', 'Happened', 1, convert_to('{}', 'UTF8'), convert_to('{}', 'UTF8') FROM events WHERE stream = 'a' AND version = 2`,
			verify.ForgedEvent, "d", 1, 4},
		{"the leaf table truncated", `TRUNCATE log_tiles`, verify.TreeTruncated, "a", 1, 0},
		{"a leaf hash changed in its row", `UPDATE log_tiles SET leaf_hashes = overlay(leaf_hashes PLACING sha256('x') FROM (7 - first)::int * 32 + 1 FOR 32)
			WHERE first = (SELECT first FROM log_tiles WHERE first <= 7 ORDER BY first DESC LIMIT 1)`, verify.EventChanged, "b", 3, 7},
		{"a leaf's stream changed in its row", `UPDATE log_tiles SET details = decode(replace(encode(details, 'hex'),
			encode(int4send(1) || convert_to('b', 'UTF8') || int8send(1), 'hex'), encode(int4send(1) || convert_to('z', 'UTF8') || int8send(1), 'hex')), 'hex')`,
			verify.ForgedEvent, "b", 1, 1},
		{"a row of leaves cut short", `UPDATE log_tiles SET leaf_hashes = substring(leaf_hashes FROM 1 FOR 32 * 5)`,
			verify.TreeTruncated, "a", 1, 0},
		{"the node table truncated", `TRUNCATE log_nodes`, verify.TreeTruncated, "", 0, 0},
		{"a node changed", `UPDATE log_nodes SET hash = sha256(hash) WHERE level = 2 AND idx = 1`, verify.TreeDiffers, "", 0, 4},
		{"the checkpoints deleted", `DELETE FROM log_checkpoints`, verify.BadCheckpoint, "", 0, 0},
		{"a checkpoint's note changed", `UPDATE log_checkpoints SET note = replace(note, E'\n—', E'\n— x')
			WHERE size = (SELECT max(size) FROM log_checkpoints)`, verify.BadCheckpoint, "", 0, 12},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Given a sealed log of 12 events (a1 b1 c1 … a4 b4 c4)
			s := newSealedStore(t)
			s.appendRounds(t, 1, 4)
			s.seal(t)
			// When it is changed in PostgreSQL
			s.exec(t, c.sql)
			// Then verify names the change and where it is
			r := s.verify(t)
			if r.OK() {
				t.Fatalf("tampering passed verification: %+v", r)
			}
			p := r.Problem
			if p.Kind != c.kind || p.Stream != c.stream || p.Version != c.version || p.Index != c.index {
				t.Fatalf("found %q at leaf %d (%s@%d), want %q at leaf %d (%s@%d): %s",
					p.Kind, p.Index, p.Stream, p.Version, c.kind, c.index, c.stream, c.version, p)
			}
			if c.stream != "" && (p.EventID == "" || p.Position.IsStart()) {
				t.Fatalf("the problem does not name the event's id and position: %s", p)
			}
		})
	}
}

// TestVerify_checkpointsOpenOnlyWithTheLogKey (rule OPS-verify): another
// public key opens no checkpoint, and a malformed key is an error.
func TestVerify_checkpointsOpenOnlyWithTheLogKey(t *testing.T) {
	s := newSealedStore(t)
	s.appendRounds(t, 1, 1)
	s.seal(t)
	other, _ := integrity.GenerateKey()
	key, _ := integrity.ParseKey(other)
	r := verifyWith(t, s, key.VerifierKey)
	if r.OK() || r.Problem.Kind != verify.BadCheckpoint || !strings.Contains(r.Problem.Detail, "does not open") {
		t.Fatalf("another key: %+v %v", r, r.Problem)
	}
	_, err := verify.Verify(context.Background(), verify.StoreEvents(s.store, 0), s.log, verify.Options{PublicKey: "not a key"})
	if err == nil {
		t.Fatal("a malformed public key was accepted")
	}
}

// TestVerify_whileSealing (rule OPS-verify): a log verified while events
// are appended and sealed passes: the walk checks the tree as it was when
// it started, and counts the newer events as not sealed yet.
func TestVerify_whileSealing(t *testing.T) {
	s := newSealedStore(t)
	s.appendRounds(t, 1, 4)
	s.seal(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.log.Sealer(s.store, postgres.SealerOptions{Interval: time.Millisecond}).Run(ctx) //nolint:errcheck // stopped with ctx
	appended := make(chan error, 1)
	go func() {
		for v := 1; v <= 200; v++ {
			if _, err := s.store.Append(ctx, "live", eventstore.Exact(uint64(v-1)), eventstore.EventData{
				ID: fmt.Sprintf("live-%d", v), Type: "Happened", SchemaVersion: 1, Data: []byte(`{}`)}); err != nil {
				appended <- err
				return
			}
		}
		appended <- nil
	}()
	for range 5 {
		if r := s.verify(t); !r.OK() {
			t.Fatalf("verified while sealing: %v", r.Problem)
		}
	}
	if err := <-appended; err != nil {
		t.Fatal(err)
	}
}
