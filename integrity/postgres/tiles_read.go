package postgres

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/integrity"
	"github.com/opsledger/opsledger/integrity/verify"
)

var tileWidthSQL = strconv.Itoa(tileWidth)

const tileColumns = `first, leaves, leaf_hashes, part_hashes, details`

// queryTiles reads the rows of log_tiles a query selects (tileColumns,
// in order) and unpacks their leaves, in the rows' order. A malformed
// row is an error.
func (l *Log) queryTiles(ctx context.Context, where string, args ...any) ([]verify.SealedLeaf, error) {
	return l.readTiles(ctx, false, where, args...)
}

// readTiles is queryTiles that, with skipBad, leaves the leaves of a
// malformed row out instead: a verifier then finds them missing and
// names the first.
func (l *Log) readTiles(ctx context.Context, skipBad bool, where string, args ...any) ([]verify.SealedLeaf, error) {
	rows, err := l.pool.Query(ctx, `SELECT `+tileColumns+` FROM `+l.table("log_tiles")+` `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("integrity: read leaves: %w", err)
	}
	var leaves []verify.SealedLeaf
	var r tileRow
	var first int64
	var n int32
	_, err = pgx.ForEachRow(rows, []any{&first, &n, &r.leafHashes, &r.partHashes, &r.details}, func() error {
		r.first, r.leaves = uint64(first), int(n)
		kept := len(leaves)
		var err error
		leaves, err = r.unpack(leaves)
		if err != nil && skipBad {
			leaves, err = leaves[:kept], nil
		}
		// The next row's bytes are scanned into new slices: the leaves
		// keep referring to these.
		r = tileRow{}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("integrity: read leaves: %w", err)
	}
	return leaves, nil
}

// leafAt returns the stored leaf idx, if stored.
func (l *Log) leafAt(ctx context.Context, idx uint64) (verify.SealedLeaf, bool, error) {
	leaves, err := l.queryTiles(ctx, `WHERE first >= $1 AND first <= $2 ORDER BY first DESC LIMIT 1`,
		int64(tileStart(idx)), int64(idx))
	if err != nil {
		return verify.SealedLeaf{}, false, err
	}
	for _, leaf := range leaves {
		if leaf.Index == idx {
			return leaf, true, nil
		}
	}
	return verify.SealedLeaf{}, false, nil
}

// findEvent returns the first leaf that is the event eventID.
func (l *Log) findEvent(ctx context.Context, eventID string) (verify.SealedLeaf, error) {
	rows, err := l.pool.Query(ctx, `SELECT idx FROM `+l.table("log_event_ids")+` WHERE event_id = $1 ORDER BY idx`, eventID)
	if err != nil {
		return verify.SealedLeaf{}, fmt.Errorf("integrity: find event: %w", err)
	}
	idxs, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return verify.SealedLeaf{}, fmt.Errorf("integrity: find event: %w", err)
	}
	for _, idx := range idxs {
		leaf, ok, err := l.leafAt(ctx, uint64(idx))
		if err != nil {
			return leaf, err
		}
		if ok && leaf.EventID == eventID {
			return leaf, nil
		}
	}
	return verify.SealedLeaf{}, fmt.Errorf("%w: %q", integrity.ErrUnknownEvent, eventID)
}
