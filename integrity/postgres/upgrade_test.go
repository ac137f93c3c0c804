package postgres_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/transparency-dev/merkle/proof"

	"github.com/opsledger/opsledger/eventstore"
	espg "github.com/opsledger/opsledger/eventstore/postgres"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/integrity"
	"github.com/opsledger/opsledger/integrity/postgres"
	"github.com/opsledger/opsledger/integrity/verify"
)

// TestUpgrade_eventsWrittenBeforeTheLogAreSealedAsStored (rule
// OPS-seal-upgrade): a database written before the log existed — rows
// in an older encoding, a personal field in plain text — is sealed in
// place, each event as stored, and then verifies; a change to such an
// event afterwards is found.
func TestUpgrade_eventsWrittenBeforeTheLogAreSealedAsStored(t *testing.T) {
	ctx := context.Background()
	// Given events stored by an earlier version, before any log table
	pool, schema := pgtest.Pool(t)
	store, err := espg.Open(ctx, pool, espg.Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	legacyBody := `{ "name": "Li Wei",  "phone": "138-0000-0000" }`
	_, err = pool.Exec(ctx, `INSERT INTO events (stream, version, id, type, schema_version, data, metadata) VALUES
		('customer-1', 1, 'old-1', 'CustomerRegistered', 1, convert_to($1, 'UTF8'), convert_to('{ "actor_id": "emp-1", "policy_version": "2019" }', 'UTF8')),
		('customer-1', 2, 'old-2', 'KeyPersonAdded', 1, convert_to('{"n":2}', 'UTF8'), convert_to('{}', 'UTF8'))`, legacyBody)
	if err != nil {
		t.Fatal(err)
	}
	var logTables int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename LIKE 'log\_%'`, schema).Scan(&logTables); err != nil || logTables != 0 {
		t.Fatalf("log tables before the upgrade: %d, %v", logTables, err)
	}

	// When the upgraded version opens the log and seals
	l, err := postgres.Open(ctx, pool, schema, "")
	if err != nil {
		t.Fatal(err)
	}
	s := &sealedStore{pool: pool, schema: schema, store: store, log: l}
	s.appendRounds(t, 1, 1) // and new events follow the old ones
	s.seal(t)

	// Then the old events are the first leaves, their bodies as stored
	// (spacing and plain-text personal fields included), and the log
	// verifies
	p, err := l.InclusionProof(ctx, "old-1", 5)
	if err != nil || p.LeafIndex != 0 {
		t.Fatalf("old event's leaf: %+v, %v", p, err)
	}
	old, err := store.ReadStream(ctx, "customer-1", eventstore.ReadStreamOptions{})
	if err != nil || len(old) != 2 || string(old[0].Data) != legacyBody {
		t.Fatalf("old events read back: %d, %v", len(old), err)
	}
	leaf, _ := integrity.LeafOf(old[0])
	if !bytes.Equal(p.LeafHash, leaf.Hash()) || !bytes.Contains(leaf.Encode(), []byte(legacyBody)) {
		t.Fatal("the old event is not sealed as stored")
	}
	if r := s.verify(t); !r.OK() || r.Events != 5 || r.Sealed != 5 {
		t.Fatalf("upgraded log: %+v %v", r, r.Problem)
	}
	// and a later change to an old event is named
	s.exec(t, `UPDATE events SET data = convert_to('{"name":"Someone Else"}', 'UTF8') WHERE id = 'old-1'`)
	if r := s.verify(t); r.OK() || r.Problem.Kind != verify.BodyChanged || r.Problem.Stream != "customer-1" || r.Problem.Version != 1 {
		t.Fatalf("changed old event: %+v", r.Problem)
	}
}

// TestUpgrade_leavesSealedBeforePartHashes (rule OPS-seal-upgrade):
// leaves an earlier sealer stored without the body's and envelope's
// hashes still verify, and a change to their events is still found,
// named as a change of the event's bytes.
func TestUpgrade_leavesSealedBeforePartHashes(t *testing.T) {
	s := newSealedStore(t)
	s.appendRounds(t, 1, 2)
	s.seal(t)
	s.exec(t, `UPDATE log_tiles SET part_hashes = decode(repeat('00', 64 * leaves), 'hex')`)
	if _, err := postgres.Open(context.Background(), s.pool, s.schema, ""); err != nil { // reopening keeps them as they are
		t.Fatal(err)
	}
	if r := s.verify(t); !r.OK() {
		t.Fatalf("leaves without part hashes: %v", r.Problem)
	}
	s.exec(t, `UPDATE events SET data = convert_to('{}', 'UTF8') WHERE stream = 'b' AND version = 2`)
	r := s.verify(t)
	if r.OK() || r.Problem.Kind != verify.EventChanged || r.Problem.Stream != "b" || !strings.Contains(r.Problem.Detail, "canonical bytes") {
		t.Fatalf("changed event under an old leaf: %+v", r.Problem)
	}
}

// TestUpgrade_logSealedWithLeafNodes (rule OPS-seal-upgrade): a log whose
// first sealer also stored the leaves as level-0 nodes serves the same
// proofs and verifies, and its sealer goes on after them.
func TestUpgrade_logSealedWithLeafNodes(t *testing.T) {
	ctx := context.Background()
	s := newSealedStore(t)
	s.appendRounds(t, 1, 2)
	s.seal(t)
	s.exec(t, `INSERT INTO log_nodes (level, idx, hash) SELECT 0, first + g, substring(leaf_hashes FROM g * 32 + 1 FOR 32) FROM log_tiles, generate_series(0, leaves - 1) g`)
	s.appendRounds(t, 3, 3)
	s.seal(t)
	if r := s.verify(t); !r.OK() || r.Sealed != 9 {
		t.Fatalf("log with level-0 nodes: %+v %v", r, r.Problem)
	}
	c, err := s.log.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.log.InclusionProof(ctx, "b-2", c.Size)
	if err != nil {
		t.Fatal(err)
	}
	if err := proof.VerifyInclusion(integrity.Hasher, p.LeafIndex, c.Size, p.LeafHash, p.Hashes, c.Root); err != nil {
		t.Fatalf("inclusion of b-2: %v", err)
	}
}

// asLeafRows rewrites s's sealed log in the layout of an earlier
// version: a row per leaf in log_leaves, no tiles, no event ids.
func asLeafRows(t *testing.T, s *sealedStore) {
	t.Helper()
	ctx := context.Background()
	leaves, err := s.log.Leaves(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	s.exec(t, `CREATE TABLE log_leaves (idx bigint PRIMARY KEY, pos_major bigint NOT NULL, pos_minor bigint NOT NULL,
		event_id text NOT NULL, stream text NOT NULL, version bigint NOT NULL, leaf_hash bytea NOT NULL, data_hash bytea, envelope_hash bytea)`)
	for _, l := range leaves {
		if _, err := s.pool.Exec(ctx, `INSERT INTO log_leaves VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, int64(l.Index), int64(l.Position.Major),
			int64(l.Position.Minor), l.EventID, l.Stream, int64(l.Version), l.LeafHash, l.DataHash, l.EnvelopeHash); err != nil {
			t.Fatal(err)
		}
	}
	s.exec(t, `TRUNCATE log_tiles`)
}

// TestUpgrade_leafRowsMoveToTiles (rule OPS-seal-upgrade): a log an
// earlier version sealed a row per leaf is moved to tiles when the log
// opens: it verifies, proves its events, and its sealer goes on after
// them; a leaf row deleted before the move is still named.
func TestUpgrade_leafRowsMoveToTiles(t *testing.T) {
	ctx := context.Background()
	// Given a log of 12 leaves stored a row per leaf
	s := newSealedStore(t)
	s.appendRounds(t, 1, 4)
	s.seal(t)
	asLeafRows(t, s)
	// When the log opens
	l, err := postgres.Open(ctx, s.pool, s.schema, "")
	if err != nil {
		t.Fatal(err)
	}
	postgres.StoreNodesFrom(l, 2)
	s.log = l
	// Then the leaf rows are gone, and the log verifies and proves
	var old *string
	if err := s.pool.QueryRow(ctx, `SELECT to_regclass('log_leaves')::text`).Scan(&old); err != nil || old != nil {
		t.Fatalf("log_leaves after the move: %v, %v", old, err)
	}
	if r := s.verify(t); !r.OK() || r.Sealed != 12 {
		t.Fatalf("moved log: %+v %v", r, r.Problem)
	}
	// and every moved row has its event ids' keys (computed in SQL:
	// the proof below finds c-3 by them only if they are Go's)
	var unkeyed int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM log_tiles WHERE id_keys IS NULL`).Scan(&unkeyed); err != nil || unkeyed != 0 {
		t.Fatalf("moved rows without keys: %d, %v", unkeyed, err)
	}
	c, err := l.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p, err := l.InclusionProof(ctx, "c-3", c.Size)
	if err != nil || p.LeafIndex != 8 {
		t.Fatalf("inclusion of c-3: %+v, %v", p, err)
	}
	if err := proof.VerifyInclusion(integrity.Hasher, p.LeafIndex, c.Size, p.LeafHash, p.Hashes, c.Root); err != nil {
		t.Fatal(err)
	}
	// and the sealer goes on after the moved leaves
	s.appendRounds(t, 5, 5)
	s.seal(t)
	if r := s.verify(t); !r.OK() || r.Sealed != 15 {
		t.Fatalf("sealed after the move: %+v %v", r, r.Problem)
	}
}

// TestUpgrade_leafRowDeletedBeforeTheMoveIsNamed (rule OPS-seal-upgrade):
// the move keeps a gap in the leaf rows as a gap.
func TestUpgrade_leafRowDeletedBeforeTheMoveIsNamed(t *testing.T) {
	s := newSealedStore(t)
	s.appendRounds(t, 1, 4)
	s.seal(t)
	asLeafRows(t, s)
	s.exec(t, `DELETE FROM log_leaves WHERE idx = 5`)
	l, err := postgres.Open(context.Background(), s.pool, s.schema, "")
	if err != nil {
		t.Fatal(err)
	}
	postgres.StoreNodesFrom(l, 2)
	s.log = l
	r := s.verify(t)
	if r.OK() || r.Problem.Kind != verify.TreeTruncated || r.Problem.Index != 5 || r.Problem.Stream != "c" || r.Problem.Version != 2 {
		t.Fatalf("deleted leaf row: %+v %v", r, r.Problem)
	}
}

// asEventIDRows rewrites s's sealed log in the layout of an earlier
// version: no id_keys in log_tiles, a row per event in log_event_ids.
func asEventIDRows(t *testing.T, s *sealedStore) {
	t.Helper()
	ctx := context.Background()
	leaves, err := s.log.Leaves(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	s.exec(t, `ALTER TABLE log_tiles DROP COLUMN id_keys;
		CREATE TABLE log_event_ids (event_id text NOT NULL, idx bigint NOT NULL);
		CREATE INDEX log_event_ids_hash ON log_event_ids USING hash (event_id)`)
	for _, l := range leaves {
		if _, err := s.pool.Exec(ctx, `INSERT INTO log_event_ids VALUES ($1, $2)`, l.EventID, int64(l.Index)); err != nil {
			t.Fatal(err)
		}
	}
}

// provesEveryLeaf asserts that l proves each of the leaves it stores as
// its own leaf, in the tree of its newest checkpoint.
func provesEveryLeaf(t *testing.T, l *postgres.Log) {
	t.Helper()
	ctx := context.Background()
	c, err := l.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	leaves, err := l.Leaves(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if uint64(len(leaves)) != c.Size {
		t.Fatalf("%d leaves stored, checkpoint of %d", len(leaves), c.Size)
	}
	for _, leaf := range leaves {
		p, err := l.InclusionProof(ctx, leaf.EventID, c.Size)
		if err != nil || p.LeafIndex != leaf.Index || p.Stream != leaf.Stream || p.StreamVersion != leaf.Version || !bytes.Equal(p.LeafHash, leaf.LeafHash) {
			t.Fatalf("inclusion of %s (leaf %d): %+v, %v", leaf.EventID, leaf.Index, p, err)
		}
		if err := proof.VerifyInclusion(integrity.Hasher, p.LeafIndex, c.Size, p.LeafHash, p.Hashes, c.Root); err != nil {
			t.Fatalf("inclusion of %s: %v", leaf.EventID, err)
		}
	}
}

// TestUpgrade_eventIDRowsBecomeTileKeys (rule OPS-seal-upgrade): a log
// an earlier version sealed with a row per event id (log_event_ids) gets
// its tiles' id keys when the log opens, and drops the rows: it verifies,
// proves every event as before, and its sealer goes on after it.
func TestUpgrade_eventIDRowsBecomeTileKeys(t *testing.T) {
	ctx := context.Background()
	// Given a log of 12 leaves with its event ids a row each
	s := newSealedStore(t)
	s.appendRounds(t, 1, 2)
	s.seal(t)
	s.appendRounds(t, 3, 4)
	s.seal(t)
	asEventIDRows(t, s)
	// When the log opens
	l, err := postgres.Open(ctx, s.pool, s.schema, "")
	if err != nil {
		t.Fatal(err)
	}
	postgres.StoreNodesFrom(l, 2)
	s.log = l
	// Then the event id rows are gone, every row has its keys
	var old *string
	if err := s.pool.QueryRow(ctx, `SELECT to_regclass('log_event_ids')::text`).Scan(&old); err != nil || old != nil {
		t.Fatalf("log_event_ids after the upgrade: %v, %v", old, err)
	}
	var unkeyed int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM log_tiles WHERE id_keys IS NULL`).Scan(&unkeyed); err != nil || unkeyed != 0 {
		t.Fatalf("rows without keys: %d, %v", unkeyed, err)
	}
	// and the log verifies and proves each event as its own leaf
	if r := s.verify(t); !r.OK() || r.Sealed != 12 {
		t.Fatalf("upgraded log: %+v %v", r, r.Problem)
	}
	provesEveryLeaf(t, l)
	// and the sealer goes on after it
	s.appendRounds(t, 5, 5)
	s.seal(t)
	if r := s.verify(t); !r.OK() || r.Sealed != 15 {
		t.Fatalf("sealed after the upgrade: %+v %v", r, r.Problem)
	}
	provesEveryLeaf(t, l)
}

// TestInclusionProof_keysOnlyNarrowTheLookup (rule OPS-seal): an id key
// names the rows an event may be in, never which leaf it is: with every
// row holding every event's key, or with no keys (each row a candidate
// either way), each event is still proven as its own leaf, and an
// unknown id is still unknown.
func TestInclusionProof_keysOnlyNarrowTheLookup(t *testing.T) {
	ctx := context.Background()
	s := newSealedStore(t)
	s.appendRounds(t, 1, 2)
	s.seal(t)
	s.appendRounds(t, 3, 4)
	s.seal(t)
	s.exec(t, `UPDATE log_tiles SET id_keys = (SELECT string_agg(id_keys, ''::bytea) FROM log_tiles)`)
	provesEveryLeaf(t, s.log)
	s.exec(t, `UPDATE log_tiles SET id_keys = NULL`)
	provesEveryLeaf(t, s.log)
	c, err := s.log.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.log.InclusionProof(ctx, "no-such-event", c.Size); !errors.Is(err, integrity.ErrUnknownEvent) {
		t.Fatalf("unknown event: %v", err)
	}
}
