// Package postgres is the PostgreSQL store of first responses to
// Idempotency-Keys, the adapter of the api's IdempotencyStore port: it
// keeps the first response to each request that carried a key, so a
// client retrying after a lost answer gets the same answer and the change
// happens once.
package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/coalesce"
	"github.com/opsledger/opsledger/internal/pgoutage"
)

// Store is a PostgreSQL api.IdempotencyStore. Concurrent lookups, and
// concurrent saves, share statements (see coalesce.Coalescer).
type Store struct {
	pool  *pgxpool.Pool
	sql   statements
	looks coalesce.Coalescer[lookupCall]
	saves coalesce.Coalescer[saveCall]
}

var _ api.IdempotencyStore = (*Store)(nil)

// Open creates the keys table in schema if needed and returns the store.
func Open(ctx context.Context, pool *pgxpool.Pool, schema string) (*Store, error) {
	table := pgx.Identifier{schema, "idempotency_keys"}.Sanitize()
	s := &Store{pool: pool, sql: newStatements(table)}
	s.looks.Flush = s.lookupAll
	s.saves.Flush = s.saveAll
	_, err := pool.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{schema}.Sanitize()+`;
		CREATE TABLE IF NOT EXISTS `+table+` (
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

// lookupCall is one Lookup and, once flushed, its answer.
type lookupCall struct {
	employeeID, key string
	resp            api.SavedResponse
	headers         []byte // JSON, decoded by the caller
	found           bool
	err             error
}

// Lookup implements api.IdempotencyStore.
func (s *Store) Lookup(ctx context.Context, employeeID, key string) (api.SavedResponse, bool, error) {
	c := lookupCall{employeeID: employeeID, key: key}
	s.looks.Do(ctx, &c)
	if c.err != nil {
		return api.SavedResponse{}, false, fmt.Errorf("idempotency: lookup: %w", pgoutage.Mark(c.err))
	}
	if !c.found {
		return api.SavedResponse{}, false, nil
	}
	if err := json.Unmarshal(c.headers, &c.resp.Headers); err != nil {
		return api.SavedResponse{}, false, fmt.Errorf("idempotency: lookup: %w", err)
	}
	return c.resp, true, nil
}

// saveCall is one Save and, once flushed, its outcome.
type saveCall struct {
	employeeID, key string
	resp            api.SavedResponse
	headers         []byte // JSON
	err             error
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
	c := saveCall{employeeID: employeeID, key: key, resp: r, headers: headers}
	s.saves.Do(ctx, &c)
	if c.err != nil {
		return fmt.Errorf("idempotency: save: %w", pgoutage.Mark(c.err))
	}
	return nil
}
