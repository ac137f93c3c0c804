// Package postgres keeps the read-access log in PostgreSQL tables that
// only grow: a trigger refuses every UPDATE, DELETE and TRUNCATE, so no
// application role, this one included, can rewrite who read what. It is
// the accesslog.Sink the log's writer fills, and answers the log's
// queries (GET /audit/access).
//
// A row is one read of one kind of personal data: a page of 50 files is
// one row naming its 50 subjects, not 50 rows, which is what keeps the
// log's cost on the read path low (decision 38). Each subject of a
// row is still an entry of its own with its own id, as auditors see it:
// a row holds the consecutive ids first_id..last_id, handed out in commit
// order by a one-row counter (access_log_ids), so entries keep the dense,
// ever-growing ids of the first layout, which had a row per entry.
package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Store is the read-access log's tables.
type Store struct {
	pool   *pgxpool.Pool
	schema string
	reads  pgx.Identifier
	table  string // reads, quoted for SQL
	ids    string // the id counter, quoted for SQL
}

// Open creates the tables (and their guards) in schema if needed, and
// moves the rows of the first layout into them (see moveFirstLayout), in
// one transaction that concurrent starts take in turn.
func Open(ctx context.Context, pool *pgxpool.Pool, schema string) (*Store, error) {
	s := &Store{pool: pool, schema: schema, reads: pgx.Identifier{schema, "access_reads"}}
	s.table = s.reads.Sanitize()
	s.ids = s.qualified("access_log_ids")
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, "opsledger-access-log-open:"+schema); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, s.schemaSQL()); err != nil {
			return err
		}
		if err := s.moveFirstLayout(ctx, tx); err != nil {
			return err
		}
		// The counter starts after the highest id kept, and never goes back.
		_, err := tx.Exec(ctx, `INSERT INTO `+s.ids+` AS c (next_id) SELECT coalesce(max(last_id), 0) + 1 FROM `+s.table+`
			ON CONFLICT (one) DO UPDATE SET next_id = greatest(c.next_id, EXCLUDED.next_id)`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("access log: create tables: %w", err)
	}
	return s, nil
}

func (s *Store) qualified(name string) string { return pgx.Identifier{s.schema, name}.Sanitize() }

// schemaSQL creates the tables, their indexes and their guards. The
// subjects are found through a GIN index on the array (A6 asks who read
// one subject); the reader through a b-tree in id order.
func (s *Store) schemaSQL() string {
	guard := s.qualified("access_log_append_only")
	rising := s.qualified("access_log_ids_only_rise")
	return `CREATE SCHEMA IF NOT EXISTS ` + pgx.Identifier{s.schema}.Sanitize() + `;
		CREATE TABLE IF NOT EXISTS ` + s.table + ` (
			last_id           bigint PRIMARY KEY,
			first_id          bigint NOT NULL,
			read_at           timestamptz NOT NULL,
			reader_id         text NOT NULL,
			reader_roles      text[] NOT NULL,
			subject_kind      text NOT NULL,
			category          text NOT NULL,
			fields            text[] NOT NULL,
			endpoint          text NOT NULL,
			request_id        text NOT NULL,
			subject_ids       text[] NOT NULL,
			-- each subject's owner then, in the order of subject_ids; empty
			-- when none has one (employees)
			subject_owner_ids text[] NOT NULL,
			written_at        timestamptz NOT NULL DEFAULT now(),
			CHECK (cardinality(subject_ids) = last_id - first_id + 1),
			CHECK (cardinality(subject_owner_ids) IN (0, cardinality(subject_ids)))
		);
		CREATE INDEX IF NOT EXISTS access_reads_subjects ON ` + s.table + ` USING gin (subject_ids);
		CREATE INDEX IF NOT EXISTS access_reads_reader ON ` + s.table + ` (reader_id, last_id);
		CREATE INDEX IF NOT EXISTS access_reads_read_at ON ` + s.table + ` USING brin (read_at);
		CREATE TABLE IF NOT EXISTS ` + s.ids + ` (
			one     boolean PRIMARY KEY DEFAULT true CHECK (one),
			next_id bigint NOT NULL
		);
		CREATE OR REPLACE FUNCTION ` + guard + `() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			RAISE EXCEPTION 'the read-access log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
		END $$;
		CREATE OR REPLACE FUNCTION ` + rising + `() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			IF TG_OP <> 'UPDATE' OR NEW.next_id < OLD.next_id THEN
				RAISE EXCEPTION 'the read-access log''s ids only rise: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
			END IF;
			RETURN NEW;
		END $$;
		CREATE OR REPLACE TRIGGER access_reads_no_change BEFORE UPDATE OR DELETE ON ` + s.table + `
			FOR EACH ROW EXECUTE FUNCTION ` + guard + `();
		CREATE OR REPLACE TRIGGER access_reads_no_truncate BEFORE TRUNCATE ON ` + s.table + `
			FOR EACH STATEMENT EXECUTE FUNCTION ` + guard + `();
		CREATE OR REPLACE TRIGGER access_log_ids_only_rise BEFORE UPDATE OR DELETE ON ` + s.ids + `
			FOR EACH ROW EXECUTE FUNCTION ` + rising + `();
		CREATE OR REPLACE TRIGGER access_log_ids_no_truncate BEFORE TRUNCATE ON ` + s.ids + `
			FOR EACH STATEMENT EXECUTE FUNCTION ` + guard + `();
		REVOKE UPDATE, DELETE, TRUNCATE ON ` + s.table + ` FROM PUBLIC;
		REVOKE DELETE, TRUNCATE ON ` + s.ids + ` FROM PUBLIC;`
}
