// Package idempotency keeps the first response to each request that
// carried an Idempotency-Key, in PostgreSQL, so a client retrying after a
// lost answer gets the same answer and the change happens once.
package idempotency

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/api"
)

// Store is a PostgreSQL api.IdempotencyStore.
type Store struct {
	pool  *pgxpool.Pool
	table string
	// lookup and insert are the SQL of the two calls, built once.
	lookup, insert string
}

var _ api.IdempotencyStore = (*Store)(nil)

// Open creates the keys table in schema if needed and returns the store.
func Open(ctx context.Context, pool *pgxpool.Pool, schema string) (*Store, error) {
	table := pgx.Identifier{schema, "idempotency_keys"}.Sanitize()
	s := &Store{pool: pool, table: table, insert: insertSQL(table),
		lookup: `SELECT request_hash, status, headers, body FROM ` + table + ` WHERE employee_id = $1 AND key = $2`}
	_, err := pool.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{schema}.Sanitize()+`;
		CREATE TABLE IF NOT EXISTS `+s.table+` (
			employee_id  text NOT NULL,
			key          text NOT NULL,
			request_hash text NOT NULL,
			status       int NOT NULL,
			headers      jsonb NOT NULL,
			body         bytea NOT NULL,
			created_at   timestamptz NOT NULL DEFAULT now(),
			PRIMARY KEY (employee_id, key)
		)`)
	if err != nil {
		return nil, fmt.Errorf("idempotency: create table: %w", err)
	}
	return s, nil
}

// Lookup implements api.IdempotencyStore.
func (s *Store) Lookup(ctx context.Context, employeeID, key string) (api.SavedResponse, bool, error) {
	var r api.SavedResponse
	var headers []byte
	err := s.pool.QueryRow(ctx, s.lookup, employeeID, key).Scan(&r.RequestHash, &r.Status, &headers, &r.Body)
	if errors.Is(err, pgx.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("idempotency: lookup: %w", err)
	}
	if err := json.Unmarshal(headers, &r.Headers); err != nil {
		return r, false, fmt.Errorf("idempotency: lookup: %w", err)
	}
	return r, true, nil
}

// Save implements api.IdempotencyStore; the first response saved wins. It
// does not wait for the disk: a save lost in a crash only means a retry is
// answered from the command layer's own dedupe (a replayed result) instead
// of the stored response, and the command still has one effect.
func (s *Store) Save(ctx context.Context, employeeID, key string, r api.SavedResponse) error {
	headers, err := json.Marshal(r.Headers)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, s.insert, employeeID, key, r.RequestHash, r.Status, headers, r.Body)
	if err != nil {
		return fmt.Errorf("idempotency: save: %w", err)
	}
	return nil
}

// insertSQL saves a response in one statement that commits without
// waiting for the WAL flush. set_config(..., true) is SET LOCAL: it lasts
// until the statement's own (implicit) transaction commits, which is when
// PostgreSQL reads synchronous_commit. The CTE is volatile, so it runs
// before the insert. One statement instead of BEGIN, SET LOCAL, INSERT and
// COMMIT in a batch: a quarter of the messages to build, send and parse.
func insertSQL(table string) string {
	return `WITH async AS (SELECT set_config('synchronous_commit', 'off', true))
		INSERT INTO ` + table + ` (employee_id, key, request_hash, status, headers, body)
		SELECT $1, $2, $3, $4, $5, $6 FROM async ON CONFLICT DO NOTHING`
}
