package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/integrity"
	"github.com/opsledger/opsledger/integrity/verify"
)

// The stored tree as integrity/verify reads it: Log is a verify.Sealed
// that keeps its nodes.
var (
	_ verify.Sealed      = (*Log)(nil)
	_ verify.SealedNodes = (*Log)(nil)
)

const leafColumns = `idx, pos_major, pos_minor, event_id, stream, version, leaf_hash, data_hash, envelope_hash`

// Extent reads the number of stored leaves, then the newest checkpoint's
// size.
func (l *Log) Extent(ctx context.Context) (leaves, checkpointed uint64, err error) {
	var last int64
	err = l.pool.QueryRow(ctx, `SELECT coalesce(max(idx), -1) FROM `+l.table("log_leaves")).Scan(&last)
	if err != nil {
		return 0, 0, fmt.Errorf("integrity: read leaf count: %w", err)
	}
	checkpointed, err = l.sealedSize(ctx)
	return uint64(last + 1), checkpointed, err
}

// Leaves returns up to limit stored leaves from index from on.
func (l *Log) Leaves(ctx context.Context, from uint64, limit int) ([]verify.SealedLeaf, error) {
	rows, err := l.pool.Query(ctx, `SELECT `+leafColumns+` FROM `+l.table("log_leaves")+
		` WHERE idx >= $1 ORDER BY idx LIMIT $2`, int64(from), limit)
	if err != nil {
		return nil, fmt.Errorf("integrity: read leaves: %w", err)
	}
	leaves, err := pgx.CollectRows(rows, scanLeaf)
	if err != nil {
		return nil, fmt.Errorf("integrity: read leaves: %w", err)
	}
	return leaves, nil
}

// FindLeaf returns the leaf sealed for version of stream. It scans the
// leaves (no index serves it): a verifier asks once, about the event it
// found wrong.
func (l *Log) FindLeaf(ctx context.Context, stream string, version uint64) (verify.SealedLeaf, bool, error) {
	rows, err := l.pool.Query(ctx, `SELECT `+leafColumns+` FROM `+l.table("log_leaves")+
		` WHERE stream = $1 AND version = $2 ORDER BY idx LIMIT 1`, stream, int64(version))
	if err != nil {
		return verify.SealedLeaf{}, false, fmt.Errorf("integrity: find leaf: %w", err)
	}
	leaf, err := pgx.CollectOneRow(rows, scanLeaf)
	if errors.Is(err, pgx.ErrNoRows) {
		return leaf, false, nil
	}
	if err != nil {
		return leaf, false, fmt.Errorf("integrity: find leaf: %w", err)
	}
	return leaf, true, nil
}

// LastSealedVersion is the highest version of stream sealed (0: none).
func (l *Log) LastSealedVersion(ctx context.Context, stream string) (uint64, error) {
	var last int64
	err := l.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM `+l.table("log_leaves")+` WHERE stream = $1`, stream).Scan(&last)
	if err != nil {
		return 0, fmt.Errorf("integrity: read last sealed version: %w", err)
	}
	return uint64(last), nil
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

func scanLeaf(row pgx.CollectableRow) (verify.SealedLeaf, error) {
	var leaf verify.SealedLeaf
	var idx, major, minor, version int64
	err := row.Scan(&idx, &major, &minor, &leaf.EventID, &leaf.Stream, &version, &leaf.LeafHash, &leaf.DataHash, &leaf.EnvelopeHash)
	leaf.Index, leaf.Version = uint64(idx), uint64(version)
	leaf.Position = eventstore.Position{Major: uint64(major), Minor: uint64(minor)}
	return leaf, err
}
