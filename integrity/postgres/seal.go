package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/integrity"
	"github.com/opsledger/opsledger/integrity/verify"
)

// seal appends events (whose hashes are hashes) to the tree and commits
// their leaves (a row per tile, which also holds the keys inclusion
// proofs find an event by), the nodes they complete and a signed
// checkpoint of the new tree together. It returns the checkpoint.
func (s *Sealer) seal(ctx context.Context, conn *pgxpool.Conn, tree *integrity.Tree, events []eventstore.Recorded, hashes []integrity.SealedHashes) (integrity.Checkpoint, error) {
	first := tree.Size()
	leaves := make([]verify.SealedLeaf, len(events))
	var nodes [][]any
	for i, e := range events {
		h := hashes[i]
		leaves[i] = verify.SealedLeaf{Index: tree.Size(), Position: e.Position, EventID: e.ID, Stream: e.Stream,
			Version: e.StreamVersion, LeafHash: h.Leaf, DataHash: h.Data, EnvelopeHash: h.Envelope}
		added, err := tree.Append(h.Leaf)
		if err != nil {
			return integrity.Checkpoint{}, fmt.Errorf("sealer: append leaf: %w", err)
		}
		for _, n := range added[1:] { // the first is the leaf, kept in log_tiles
			if n.Level >= s.log.nodeLevel {
				nodes = append(nodes, []any{int16(n.Level), int64(n.Index), n.Hash})
			}
		}
	}
	tiles := tileRows(first, leaves)
	root, err := tree.Root()
	if err != nil {
		return integrity.Checkpoint{}, fmt.Errorf("sealer: root: %w", err)
	}
	// timestamptz keeps microseconds: the signed time is the stored one.
	at := s.opts.Now().UTC().Truncate(time.Microsecond)
	c, note, err := integrity.Sign(integrity.Checkpoint{Size: tree.Size(), Root: root, Time: at}, s.log.key.Signer)
	if err != nil {
		return integrity.Checkpoint{}, err
	}
	return c, pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{s.log.schema, "log_tiles"}, []string{"first", "leaves", "leaf_hashes", "part_hashes", "details", "id_keys"},
			pgx.CopyFromSlice(len(tiles), func(i int) ([]any, error) {
				t := tiles[i]
				return []any{int64(t.first), int32(t.leaves), t.leafHashes, t.partHashes, t.details, t.idKeys}, nil
			})); err != nil {
			return fmt.Errorf("sealer: write leaves: %w", err)
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{s.log.schema, "log_nodes"},
			[]string{"level", "idx", "hash"}, pgx.CopyFromRows(nodes)); err != nil {
			return fmt.Errorf("sealer: write nodes: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO `+s.log.table("log_checkpoints")+` (size, root, at, note) VALUES ($1, $2, $3, $4)`,
			int64(c.Size), c.Root, c.Time, note); err != nil {
			return fmt.Errorf("sealer: write checkpoint: %w", err)
		}
		return nil
	})
}
