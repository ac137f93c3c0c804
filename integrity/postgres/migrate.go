package postgres

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
)

// migrateLeafRows moves a log sealed by an earlier version, a row per
// leaf in log_leaves, into log_tiles (with their id_keys), and drops
// log_leaves, in one transaction. Gaps in the old rows stay gaps (a row
// of log_tiles holds consecutive leaves only), so verify still names a
// leaf deleted before the move. Leaves kept without part hashes get
// zeros, which read as "not kept".
func (l *Log) migrateLeafRows(ctx context.Context) error {
	return pgx.BeginFunc(ctx, l.pool, func(tx pgx.Tx) error {
		// Two processes opening an old log together: one moves it.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, "opsledger-log-migrate:"+l.schema); err != nil {
			return fmt.Errorf("integrity: lock for the move of leaf rows: %w", err)
		}
		var old *string
		if err := tx.QueryRow(ctx, `SELECT to_regclass($1)::text`, l.table("log_leaves")).Scan(&old); err != nil {
			return fmt.Errorf("integrity: look for leaf rows: %w", err)
		}
		if old == nil {
			return nil
		}
		leaves := l.table("log_leaves")
		if _, err := tx.Exec(ctx, `ALTER TABLE `+leaves+` ADD COLUMN IF NOT EXISTS data_hash bytea, ADD COLUMN IF NOT EXISTS envelope_hash bytea`); err != nil {
			return fmt.Errorf("integrity: move leaf rows: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO `+l.table("log_tiles")+` (`+tileColumns+`, id_keys)
			SELECT min(idx), count(*), string_agg(leaf_hash, ''::bytea ORDER BY idx),
				string_agg(CASE WHEN data_hash IS NULL OR envelope_hash IS NULL THEN decode(repeat('00', 64), 'hex')
					ELSE data_hash || envelope_hash END, ''::bytea ORDER BY idx),
				string_agg(int4send(octet_length(stream)) || convert_to(stream, 'UTF8') || int8send(version)
					|| int8send(pos_major) || int8send(pos_minor) || int4send(octet_length(event_id)) || convert_to(event_id, 'UTF8'), ''::bytea ORDER BY idx),
				string_agg(substring(sha256(convert_to(event_id, 'UTF8')) FROM 1 FOR `+strconv.Itoa(idKeySize)+`), ''::bytea ORDER BY idx)
			FROM (SELECT *, idx - row_number() OVER (ORDER BY idx) AS run FROM `+leaves+`) l
			GROUP BY idx / `+tileWidthSQL+`, run`); err != nil {
			return fmt.Errorf("integrity: move leaf rows: %w", err)
		}
		if _, err := tx.Exec(ctx, `DROP TABLE `+leaves); err != nil {
			return fmt.Errorf("integrity: move leaf rows: %w", err)
		}
		return nil
	})
}

// migrateEventIDs gives the tiles of a log sealed by an earlier version,
// which kept a row per event in log_event_ids (event id, leaf index), the
// id_keys inclusion proofs now find an event by, computed from the ids
// the rows' details hold, and drops log_event_ids, in one transaction.
// Nothing else changes: the leaves, nodes and checkpoints stay as
// sealed. A malformed row keeps no keys, which every lookup reads and
// leaves out, as before.
func (l *Log) migrateEventIDs(ctx context.Context) error {
	return pgx.BeginFunc(ctx, l.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, "opsledger-log-migrate:"+l.schema); err != nil {
			return fmt.Errorf("integrity: lock for the move of event ids: %w", err)
		}
		var old *string
		if err := tx.QueryRow(ctx, `SELECT to_regclass($1)::text`, l.table("log_event_ids")).Scan(&old); err != nil {
			return fmt.Errorf("integrity: look for event id rows: %w", err)
		}
		if old == nil {
			return nil
		}
		for after := int64(-1); ; {
			last, err := l.keyTiles(ctx, tx, after)
			if err != nil {
				return err
			}
			if last < 0 {
				break
			}
			after = last
		}
		if _, err := tx.Exec(ctx, `DROP TABLE `+l.table("log_event_ids")); err != nil {
			return fmt.Errorf("integrity: drop event id rows: %w", err)
		}
		return nil
	})
}

// keyTilesPage is how many rows of log_tiles a migration keys at once.
const keyTilesPage = 1000

// keyTiles writes the id_keys of the next page of rows without them after
// the row first, and returns the first of its last row (-1: none left).
func (l *Log) keyTiles(ctx context.Context, tx pgx.Tx, after int64) (int64, error) {
	rows, err := tx.Query(ctx, `SELECT `+tileColumns+` FROM `+l.table("log_tiles")+
		` WHERE first > $1 AND id_keys IS NULL ORDER BY first LIMIT $2`, after, keyTilesPage)
	if err != nil {
		return -1, fmt.Errorf("integrity: read tiles to key: %w", err)
	}
	last := int64(-1)
	var firsts []int64
	var keys [][]byte
	var r tileRow
	var first int64
	var n int32
	_, err = pgx.ForEachRow(rows, []any{&first, &n, &r.leafHashes, &r.partHashes, &r.details}, func() error {
		last, r.first, r.leaves = first, uint64(first), int(n)
		leaves, err := r.unpack(nil)
		if err == nil {
			firsts, keys = append(firsts, first), append(keys, idKeysOf(leaves))
		}
		return nil // a malformed row keeps no keys
	})
	if err != nil {
		return -1, fmt.Errorf("integrity: read tiles to key: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE `+l.table("log_tiles")+` t SET id_keys = k.keys
		FROM unnest($1::bigint[], $2::bytea[]) AS k(first, keys) WHERE t.first = k.first`, firsts, keys); err != nil {
		return -1, fmt.Errorf("integrity: key tiles: %w", err)
	}
	return last, nil
}
