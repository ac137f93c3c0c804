// Package postgres keeps the verifiable log of package integrity in
// PostgreSQL (the control schema, whichever store keeps the events): its
// leaves, every node of its tree as it becomes complete, its signed
// checkpoints and, when none is configured, a development key. It serves
// checkpoints and proofs and runs the sealer that extends the tree.
package postgres

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/transparency-dev/merkle/compact"

	"github.com/opsledger/opsledger/integrity"
)

// Log is the verifiable log kept in one schema, signed with one key.
type Log struct {
	pool      *pgxpool.Pool
	schema    string
	key       integrity.Key
	generated bool
	// nodeLevel is the lowest level of nodes stored (DefaultNodeLevel);
	// a node below it is recomputed from its leaves when a proof needs it.
	nodeLevel uint
}

// DefaultNodeLevel is the lowest level of the tree's nodes a log stores:
// nodes over 256 leaves and up, a node for every 128 leaves in all. The
// compact range a sealer resumes from and the proofs need lower nodes
// rarely and few at a time, and recomputing one reads at most 128 leaf
// hashes, where storing them all would write a node row for every leaf.
// A log sealed before kept every level; the lower ones are left unread.
const DefaultNodeLevel = 8

// Open creates the log's tables in schema if needed and takes the
// signer key skey (OPS_LOG_KEY). With skey empty it uses the development
// key stored in the schema, made on first use: Generated then reports
// true, and whoever opened the log must say loudly that the key is not
// a secret kept apart from the data it signs.
func Open(ctx context.Context, pool *pgxpool.Pool, schema, skey string) (*Log, error) {
	l := &Log{pool: pool, schema: schema, nodeLevel: DefaultNodeLevel}
	if _, err := pool.Exec(ctx, l.ddl()); err != nil {
		return nil, fmt.Errorf("integrity: create tables: %w", err)
	}
	if err := l.migrateLeafRows(ctx); err != nil {
		return nil, err
	}
	if err := l.migrateEventIDs(ctx); err != nil {
		return nil, err
	}
	if skey == "" {
		var err error
		if skey, err = l.devKey(ctx); err != nil {
			return nil, err
		}
		l.generated = true
	}
	key, err := integrity.ParseKey(skey)
	if err != nil {
		return nil, err
	}
	l.key = key
	return l, nil
}

func (l *Log) table(name string) string { return pgx.Identifier{l.schema, name}.Sanitize() }

func (l *Log) ddl() string {
	return `CREATE SCHEMA IF NOT EXISTS ` + pgx.Identifier{l.schema}.Sanitize() + `;
		-- The leaves, a row per tile of up to 256 (tiles.go): a seal
		-- writes a row per tile, not one per event. Stored as they are:
		-- hashes do not compress, and a proof reads a slice of a row.
		CREATE TABLE IF NOT EXISTS ` + l.table("log_tiles") + ` (
			first       bigint  PRIMARY KEY,
			leaves      integer NOT NULL,
			leaf_hashes bytea   NOT NULL,
			part_hashes bytea   NOT NULL,
			details     bytea   NOT NULL,
			id_keys     bytea
		);
		-- Which leaves an event may be, for inclusion proofs: 4 bytes of
		-- each leaf's event id's hash (tiles.go), scanned, in place of a
		-- row and an index entry per event (log_event_ids, migrate.go).
		-- Kept in the row (MAIN): a lookup reads no toast.
		ALTER TABLE ` + l.table("log_tiles") + ` ADD COLUMN IF NOT EXISTS id_keys bytea;
		ALTER TABLE ` + l.table("log_tiles") + ` ALTER COLUMN leaf_hashes SET STORAGE EXTERNAL,
			ALTER COLUMN part_hashes SET STORAGE EXTERNAL, ALTER COLUMN details SET STORAGE EXTERNAL,
			ALTER COLUMN id_keys SET STORAGE MAIN;
		CREATE TABLE IF NOT EXISTS ` + l.table("log_nodes") + ` (
			level smallint NOT NULL,
			idx   bigint   NOT NULL,
			hash  bytea    NOT NULL,
			PRIMARY KEY (level, idx)
		);
		CREATE TABLE IF NOT EXISTS ` + l.table("log_checkpoints") + ` (
			size bigint      PRIMARY KEY,
			root bytea       NOT NULL,
			at   timestamptz NOT NULL,
			note text        NOT NULL
		);
		CREATE TABLE IF NOT EXISTS ` + l.table("log_keys") + ` (
			name       text        PRIMARY KEY,
			signer_key text        NOT NULL,
			created_at timestamptz NOT NULL DEFAULT now()
		)`
}

// devKey returns the stored development key, making it on first use;
// two processes starting together agree on the first one stored.
func (l *Log) devKey(ctx context.Context) (string, error) {
	fresh, err := integrity.GenerateKey()
	if err != nil {
		return "", fmt.Errorf("integrity: generate key: %w", err)
	}
	_, err = l.pool.Exec(ctx, `INSERT INTO `+l.table("log_keys")+` (name, signer_key) VALUES ('development', $1)
		ON CONFLICT DO NOTHING`, fresh)
	if err != nil {
		return "", fmt.Errorf("integrity: store development key: %w", err)
	}
	var skey string
	err = l.pool.QueryRow(ctx, `SELECT signer_key FROM `+l.table("log_keys")+` WHERE name = 'development'`).Scan(&skey)
	if err != nil {
		return "", fmt.Errorf("integrity: read development key: %w", err)
	}
	return skey, nil
}

// Generated reports whether the log signs with the stored development key.
func (l *Log) Generated() bool { return l.generated }

// VerifierKey is the public key a client checks checkpoints with.
func (l *Log) VerifierKey() string { return l.key.VerifierKey }

// Checkpoint returns the newest signed checkpoint.
func (l *Log) Checkpoint(ctx context.Context) (integrity.SignedCheckpoint, error) {
	c := integrity.SignedCheckpoint{VerifierKey: l.key.VerifierKey}
	var size int64
	err := l.pool.QueryRow(ctx, `SELECT size, root, at, note FROM `+l.table("log_checkpoints")+
		` ORDER BY size DESC LIMIT 1`).Scan(&size, &c.Root, &c.Time, &c.Note)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, integrity.ErrNoCheckpoint
	}
	if err != nil {
		return c, fmt.Errorf("integrity: read checkpoint: %w", err)
	}
	c.Size, c.Origin = uint64(size), l.key.Signer.Name()
	return c, nil
}

// sealedSize is the size of the newest checkpoint (0: none): proofs are
// given for trees up to it, whose nodes are all stored.
func (l *Log) sealedSize(ctx context.Context) (uint64, error) {
	var size int64
	err := l.pool.QueryRow(ctx, `SELECT coalesce(max(size), 0) FROM `+l.table("log_checkpoints")).Scan(&size)
	if err != nil {
		return 0, fmt.Errorf("integrity: read tree size: %w", err)
	}
	return uint64(size), nil
}

// InclusionProof proves that the event with eventID is in the tree of
// size leaves. Event IDs are unique per stream only; fresh UUIDs never
// repeat, and should one name two events the first in the log is proven.
func (l *Log) InclusionProof(ctx context.Context, eventID string, size uint64) (integrity.InclusionProof, error) {
	p := integrity.InclusionProof{EventID: eventID, TreeSize: size}
	if err := l.checkSize(ctx, size); err != nil {
		return p, err
	}
	leaf, err := l.findEvent(ctx, eventID)
	if err != nil {
		return p, err
	}
	p.LeafIndex, p.Stream, p.StreamVersion, p.LeafHash = leaf.Index, leaf.Stream, leaf.Version, leaf.LeafHash
	idx := p.LeafIndex
	if p.LeafIndex >= size {
		return p, fmt.Errorf("%w: the event is leaf %d, not in a tree of %d", integrity.ErrBadRange, idx, size)
	}
	p.Hashes, err = integrity.Inclusion(ctx, l.readNodes, p.LeafIndex, size)
	return p, err
}

// CheckCheckpoint opens a client's signed checkpoint with the log's key
// and confirms it is the checkpoint the log keeps for its size: a
// malformed one (or another key's) is integrity.ErrMalformedCheckpoint,
// one the log did not sign for that tree integrity.ErrForkedCheckpoint.
func (l *Log) CheckCheckpoint(ctx context.Context, signed string) (integrity.Checkpoint, error) {
	c, err := integrity.OpenCheckpoint([]byte(signed), l.key.VerifierKey)
	if err != nil {
		return c, err
	}
	var root []byte
	err = l.pool.QueryRow(ctx, `SELECT root FROM `+l.table("log_checkpoints")+` WHERE size = $1`, int64(c.Size)).Scan(&root)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, fmt.Errorf("%w: the log keeps no checkpoint of %d leaves", integrity.ErrForkedCheckpoint, c.Size)
	}
	if err != nil {
		return c, fmt.Errorf("integrity: read checkpoint: %w", err)
	}
	if !bytes.Equal(root, c.Root) {
		return c, fmt.Errorf("%w: the log's tree of %d leaves has root %x, the checkpoint %x", integrity.ErrForkedCheckpoint, c.Size, root, c.Root)
	}
	return c, nil
}

// ConsistencyProof proves that the tree of to leaves extends the tree of
// from leaves.
func (l *Log) ConsistencyProof(ctx context.Context, from, to uint64) (integrity.ConsistencyProof, error) {
	p := integrity.ConsistencyProof{From: from, To: to}
	if from > to {
		return p, fmt.Errorf("%w: from %d is after to %d", integrity.ErrBadRange, from, to)
	}
	if err := l.checkSize(ctx, to); err != nil {
		return p, err
	}
	var err error
	p.Hashes, err = integrity.Consistency(ctx, l.readNodes, from, to)
	return p, err
}

func (l *Log) checkSize(ctx context.Context, size uint64) error {
	if size == 0 {
		return fmt.Errorf("%w: a tree of no leaves proves nothing", integrity.ErrBadRange)
	}
	sealed, err := l.sealedSize(ctx)
	if err != nil {
		return err
	}
	if size > sealed {
		return fmt.Errorf("%w: the newest checkpoint has %d leaves, not %d", integrity.ErrBeyondTree, sealed, size)
	}
	return nil
}

// readNodes reads node hashes in the order asked: the stored ones
// (levels from nodeLevel up) from log_nodes, the lower ones computed from
// the leaf hashes beneath them (log_leaves). A node that is not stored,
// or whose leaves are not all, is an error.
func (l *Log) readNodes(ctx context.Context, ids []compact.NodeID) ([][]byte, error) {
	hashes := make([][]byte, len(ids))
	var stored, computed []int
	for i, id := range ids {
		if id.Level >= l.nodeLevel {
			stored = append(stored, i)
		} else {
			computed = append(computed, i)
		}
	}
	if err := l.readStoredNodes(ctx, ids, stored, hashes); err != nil {
		return nil, err
	}
	if err := l.computeNodes(ctx, ids, computed, hashes); err != nil {
		return nil, err
	}
	return hashes, nil
}

// readStoredNodes reads the nodes ids[at] from log_nodes into hashes.
func (l *Log) readStoredNodes(ctx context.Context, ids []compact.NodeID, at []int, hashes [][]byte) error {
	if len(at) == 0 {
		return nil
	}
	levels, idxs := make([]int16, len(at)), make([]int64, len(at))
	for j, i := range at {
		levels[j], idxs[j] = int16(ids[i].Level), int64(ids[i].Index)
	}
	rows, err := l.pool.Query(ctx, `SELECT n.hash FROM unnest($1::smallint[], $2::bigint[]) WITH ORDINALITY AS q(level, idx, ord)
		LEFT JOIN `+l.table("log_nodes")+` n ON n.level = q.level AND n.idx = q.idx ORDER BY q.ord`, levels, idxs)
	if err != nil {
		return fmt.Errorf("integrity: read nodes: %w", err)
	}
	found, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	if err != nil {
		return fmt.Errorf("integrity: read nodes: %w", err)
	}
	for j, i := range at {
		if found[j] == nil {
			return fmt.Errorf("integrity: node %d/%d is not stored", ids[i].Level, ids[i].Index)
		}
		hashes[i] = found[j]
	}
	return nil
}

// computeNodes computes the nodes ids[at] (below nodeLevel) from their
// leaves, read in one query, into hashes.
func (l *Log) computeNodes(ctx context.Context, ids []compact.NodeID, at []int, hashes [][]byte) error {
	if len(at) == 0 {
		return nil
	}
	from, to := make([]int64, len(at)), make([]int64, len(at))
	for j, i := range at {
		from[j], to[j] = int64(ids[i].Index<<ids[i].Level), int64((ids[i].Index+1)<<ids[i].Level)
	}
	rows, err := l.pool.Query(ctx, `SELECT q.ord, t.first, t.leaves, t.leaf_hashes
		FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS q(lo, hi, ord)
		JOIN `+l.table("log_tiles")+` t ON t.first >= q.lo - q.lo % `+tileWidthSQL+` AND t.first < q.hi ORDER BY q.ord, t.first`, from, to)
	if err != nil {
		return fmt.Errorf("integrity: read leaves of nodes: %w", err)
	}
	leaves := make([][][]byte, len(at))
	var ord, first int64
	var n int32
	var packed []byte
	_, err = pgx.ForEachRow(rows, []any{&ord, &first, &n, &packed}, func() error {
		j := ord - 1
		for k := range min(int64(n), int64(len(packed)/hashSize)) {
			if idx := first + k; idx >= from[j] && idx < to[j] && idx == from[j]+int64(len(leaves[j])) {
				leaves[j] = append(leaves[j], packed[k*hashSize:(k+1)*hashSize])
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("integrity: read leaves of nodes: %w", err)
	}
	for j, i := range at {
		id := ids[i]
		if uint64(len(leaves[j])) != 1<<id.Level {
			return fmt.Errorf("integrity: node %d/%d: %d of its %d leaves are stored", id.Level, id.Index, len(leaves[j]), 1<<id.Level)
		}
		if hashes[i], err = integrity.SubtreeRoot(leaves[j]); err != nil {
			return err
		}
	}
	return nil
}
