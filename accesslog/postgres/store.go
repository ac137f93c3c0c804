// Package postgres keeps the read-access log in a PostgreSQL table that
// only grows: a trigger refuses every UPDATE, DELETE and TRUNCATE, so no
// application role, this one included, can rewrite who read what. It is
// the accesslog.Sink the log's writer fills, and answers the log's
// queries (GET /audit/access).
package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/internal/pgoutage"
	"github.com/opsledger/opsledger/queries"
)

// Store is the read-access log table.
type Store struct {
	pool  *pgxpool.Pool
	ident pgx.Identifier
	table string // ident, quoted for SQL
}

// Open creates the table (and its guard) in schema if needed.
func Open(ctx context.Context, pool *pgxpool.Pool, schema string) (*Store, error) {
	s := &Store{pool: pool, ident: pgx.Identifier{schema, "access_log"}}
	s.table = s.ident.Sanitize()
	guard := pgx.Identifier{schema, "access_log_append_only"}.Sanitize()
	_, err := pool.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{schema}.Sanitize()+`;
		CREATE TABLE IF NOT EXISTS `+s.table+` (
			id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			read_at          timestamptz NOT NULL,
			reader_id        text NOT NULL,
			reader_roles     text[] NOT NULL,
			subject_kind     text NOT NULL,
			subject_id       text NOT NULL,
			category         text NOT NULL,
			fields           text[] NOT NULL,
			endpoint         text NOT NULL,
			request_id       text NOT NULL,
			subject_owner_id text NOT NULL,
			written_at       timestamptz NOT NULL DEFAULT now()
		);
		CREATE INDEX IF NOT EXISTS access_log_subject ON `+s.table+` (subject_id, id);
		CREATE INDEX IF NOT EXISTS access_log_reader ON `+s.table+` (reader_id, id);
		CREATE INDEX IF NOT EXISTS access_log_read_at ON `+s.table+` USING brin (read_at);
		CREATE OR REPLACE FUNCTION `+guard+`() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			RAISE EXCEPTION 'the read-access log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
		END $$;
		CREATE OR REPLACE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON `+s.table+`
			FOR EACH ROW EXECUTE FUNCTION `+guard+`();
		CREATE OR REPLACE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON `+s.table+`
			FOR EACH STATEMENT EXECUTE FUNCTION `+guard+`();
		REVOKE UPDATE, DELETE, TRUNCATE ON `+s.table+` FROM PUBLIC;`)
	if err != nil {
		return nil, fmt.Errorf("access log: create table: %w", err)
	}
	return s, nil
}

var columns = []string{"read_at", "reader_id", "reader_roles", "subject_kind", "subject_id", "category", "fields",
	"endpoint", "request_id", "subject_owner_id"}

// Write implements accesslog.Sink: one COPY, all or none.
func (s *Store) Write(ctx context.Context, entries []queries.AccessRecord) error {
	rows := make([][]any, len(entries))
	for i, e := range entries {
		fields := e.Fields
		if fields == nil {
			fields = []string{}
		}
		roles := e.ReaderRoles
		if roles == nil {
			roles = []string{}
		}
		rows[i] = []any{e.At, e.ReaderID, roles, e.SubjectKind, e.SubjectID, e.Category, fields, e.Endpoint, e.RequestID, e.SubjectOwnerID}
	}
	_, err := s.pool.CopyFrom(ctx, s.ident, columns, pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("access log: write %d entries: %w", len(entries), pgoutage.Mark(err))
	}
	return nil
}
