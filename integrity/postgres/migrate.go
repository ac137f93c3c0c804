package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// migrateLeafRows moves a log sealed by an earlier version, a row per
// leaf in log_leaves, into log_tiles and log_event_ids, and drops
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
		if _, err := tx.Exec(ctx, `INSERT INTO `+l.table("log_tiles")+` (`+tileColumns+`)
			SELECT min(idx), count(*), string_agg(leaf_hash, ''::bytea ORDER BY idx),
				string_agg(CASE WHEN data_hash IS NULL OR envelope_hash IS NULL THEN decode(repeat('00', 64), 'hex')
					ELSE data_hash || envelope_hash END, ''::bytea ORDER BY idx),
				string_agg(int4send(octet_length(stream)) || convert_to(stream, 'UTF8') || int8send(version)
					|| int8send(pos_major) || int8send(pos_minor) || int4send(octet_length(event_id)) || convert_to(event_id, 'UTF8'), ''::bytea ORDER BY idx)
			FROM (SELECT *, idx - row_number() OVER (ORDER BY idx) AS run FROM `+leaves+`) l
			GROUP BY idx / `+tileWidthSQL+`, run`); err != nil {
			return fmt.Errorf("integrity: move leaf rows: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO `+l.table("log_event_ids")+` (event_id, idx) SELECT event_id, idx FROM `+leaves+`;
			DROP TABLE `+leaves); err != nil {
			return fmt.Errorf("integrity: move leaf rows: %w", err)
		}
		return nil
	})
}
