package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// FirstLayoutTable is where the rows of the first layout (access_log, a
// row per entry) stay once moved: renamed, not dropped, still guarded by
// its trigger, so the upgrade removes nothing from the record.
const FirstLayoutTable = "access_log_v1"

// moveFirstLayout copies the rows of a log written by an earlier version
// (access_log: one row per entry) into access_reads, each as a row of one
// subject under its own id, then renames the old table out of the way
// (FirstLayoutTable), all in tx. The old table is locked first, so an
// old process still running cannot add an entry between the copy and the
// rename; its later writes fail (the table is gone) rather than land
// where nobody reads them.
func (s *Store) moveFirstLayout(ctx context.Context, tx pgx.Tx) error {
	old := s.qualified("access_log")
	var exists bool
	if err := tx.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, old).Scan(&exists); err != nil || !exists {
		return err
	}
	_, err := tx.Exec(ctx, `LOCK TABLE `+old+` IN ACCESS EXCLUSIVE MODE;
		INSERT INTO `+s.table+` (last_id, first_id, read_at, reader_id, reader_roles, subject_kind, category, fields,
			endpoint, request_id, subject_ids, subject_owner_ids, written_at)
		SELECT id, id, read_at, reader_id, reader_roles, subject_kind, category, fields, endpoint, request_id,
			ARRAY[subject_id], CASE WHEN subject_owner_id = '' THEN '{}'::text[] ELSE ARRAY[subject_owner_id] END, written_at
		FROM `+old+` ORDER BY id;
		ALTER TABLE `+old+` RENAME TO `+pgx.Identifier{FirstLayoutTable}.Sanitize())
	return err
}
