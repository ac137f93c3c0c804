package postgres

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/integrity"
	"github.com/opsledger/opsledger/integrity/verify"
)

// The stored tree as integrity/verify reads it: Log is a verify.Sealed
// that keeps its nodes.
var (
	_ verify.Sealed      = (*Log)(nil)
	_ verify.SealedNodes = (*Log)(nil)
)

// Extent reads the number of stored leaves, then the newest checkpoint's
// size.
func (l *Log) Extent(ctx context.Context) (leaves, checkpointed uint64, err error) {
	var end int64
	err = l.pool.QueryRow(ctx, `SELECT coalesce(max(first + leaves), 0) FROM (SELECT first, leaves FROM `+l.table("log_tiles")+
		` ORDER BY first DESC LIMIT 1) last`).Scan(&end)
	if err != nil {
		return 0, 0, fmt.Errorf("integrity: read leaf count: %w", err)
	}
	checkpointed, err = l.sealedSize(ctx)
	return uint64(end), checkpointed, err
}

// Leaves returns up to limit stored leaves from index from on: at least
// one while any is stored from there on. The leaves of a malformed row
// are left out, so a verifier names them missing.
func (l *Log) Leaves(ctx context.Context, from uint64, limit int) ([]verify.SealedLeaf, error) {
	for start := tileStart(from); ; {
		rowsWanted := limit/tileWidth + 2
		leaves, err := l.readTiles(ctx, true, `WHERE first >= $1 ORDER BY first LIMIT $2`, int64(start), rowsWanted)
		if err != nil || len(leaves) == 0 {
			return nil, err // none left, or only malformed rows: the verifier finds their leaves missing
		}
		last := leaves[len(leaves)-1].Index
		leaves = slices.DeleteFunc(leaves, func(leaf verify.SealedLeaf) bool { return leaf.Index < from })
		if len(leaves) > 0 {
			return leaves[:min(limit, len(leaves))], nil
		}
		start = last + 1 // rows of a tile that all end before from
	}
}

// FindLeaf returns the leaf sealed for version of stream. It reads only
// the rows whose details hold the stream and version (no index serves
// it): a verifier asks once, about the event it found wrong.
func (l *Log) FindLeaf(ctx context.Context, stream string, version uint64) (verify.SealedLeaf, bool, error) {
	leaves, err := l.queryTiles(ctx, `WHERE position($1::bytea in details) > 0 ORDER BY first`, streamVersionMark(stream, version))
	if err != nil {
		return verify.SealedLeaf{}, false, fmt.Errorf("integrity: find leaf: %w", err)
	}
	for _, leaf := range leaves {
		if leaf.Stream == stream && leaf.Version == version {
			return leaf, true, nil
		}
	}
	return verify.SealedLeaf{}, false, nil
}

// LastSealedVersion is the highest version of stream sealed (0: none).
func (l *Log) LastSealedVersion(ctx context.Context, stream string) (uint64, error) {
	leaves, err := l.queryTiles(ctx, `WHERE position($1::bytea in details) > 0`, streamMark(stream))
	if err != nil {
		return 0, fmt.Errorf("integrity: read last sealed version: %w", err)
	}
	var last uint64
	for _, leaf := range leaves {
		if leaf.Stream == stream {
			last = max(last, leaf.Version)
		}
	}
	return last, nil
}

// Checkpoints returns up to limit stored checkpoints of more than after
// leaves, by size.
func (l *Log) Checkpoints(ctx context.Context, after uint64, limit int) ([]verify.StoredCheckpoint, error) {
	rows, err := l.pool.Query(ctx, `SELECT size, root, note FROM `+l.table("log_checkpoints")+
		` WHERE size > $1 ORDER BY size LIMIT $2`, int64(after), limit)
	if err != nil {
		return nil, fmt.Errorf("integrity: read checkpoints: %w", err)
	}
	cps, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (verify.StoredCheckpoint, error) {
		var c verify.StoredCheckpoint
		var size int64
		err := row.Scan(&size, &c.Root, &c.Note)
		c.Size = uint64(size)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("integrity: read checkpoints: %w", err)
	}
	return cps, nil
}

// Nodes returns up to limit stored nodes of level (1 and up: level 0 is
// the leaves) from index from on.
func (l *Log) Nodes(ctx context.Context, level uint, from uint64, limit int) ([]integrity.Node, error) {
	rows, err := l.pool.Query(ctx, `SELECT idx, hash FROM `+l.table("log_nodes")+
		` WHERE level = $1 AND idx >= $2 ORDER BY idx LIMIT $3`, int16(level), int64(from), limit)
	if err != nil {
		return nil, fmt.Errorf("integrity: read nodes: %w", err)
	}
	nodes, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (integrity.Node, error) {
		n := integrity.Node{Level: level}
		var idx int64
		err := row.Scan(&idx, &n.Hash)
		n.Index = uint64(idx)
		return n, err
	})
	if err != nil {
		return nil, fmt.Errorf("integrity: read nodes: %w", err)
	}
	return nodes, nil
}

// NodeLevel is the lowest level of the nodes the log stores.
func (l *Log) NodeLevel() uint { return l.nodeLevel }
