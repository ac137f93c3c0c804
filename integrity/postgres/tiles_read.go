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

// findEvent returns the first leaf that is the event eventID. It reads
// the rows whose id_keys hold the event id's key (or have none), a scan
// of 4 bytes a leaf, and compares the ids of their leaves: a key names
// the rows the event may be in, the details which leaf it is. A
// malformed row is left out: it proves none of its leaves.
func (l *Log) findEvent(ctx context.Context, eventID string) (verify.SealedLeaf, error) {
	key, _ := appendIDKey(nil, nil, eventID)
	leaves, err := l.readTiles(ctx, true, `WHERE id_keys IS NULL OR position($1::bytea in id_keys) > 0 ORDER BY first`, key)
	if err != nil {
		return verify.SealedLeaf{}, fmt.Errorf("integrity: find event: %w", err)
	}
	for _, leaf := range leaves {
		if leaf.EventID == eventID {
			return leaf, nil
		}
	}
	return verify.SealedLeaf{}, fmt.Errorf("%w: %q", integrity.ErrUnknownEvent, eventID)
}
