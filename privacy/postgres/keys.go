// Package postgres keeps the data subjects' wrapped keys (privacy.KeyStore)
// in a table of the control schema, whichever store keeps the events.
package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/internal/pgoutage"
	"github.com/opsledger/opsledger/privacy"
)

// Keys is a PostgreSQL privacy.KeyStore. A subject's row holds its
// wrapped key until the subject is erased; then the key is set NULL (the
// row stays, so the subject reads as erased and its later data is stored
// erased).
type Keys struct {
	pool                                   *pgxpool.Pool
	load, create, reread, erase, tombstone string
}

var _ privacy.KeyStore = (*Keys)(nil)

// Open creates the keys table in schema if needed and returns the store.
func Open(ctx context.Context, pool *pgxpool.Pool, schema string) (*Keys, error) {
	table := pgx.Identifier{schema, "subject_keys"}.Sanitize()
	_, err := pool.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{schema}.Sanitize()+`;
		CREATE TABLE IF NOT EXISTS `+table+` (
			subject     text        PRIMARY KEY,
			wrapped_key bytea,
			created_at  timestamptz NOT NULL DEFAULT now(),
			erased_at   timestamptz,
			CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL))
		)`)
	if err != nil {
		return nil, fmt.Errorf("privacy: create key table: %w", pgoutage.Mark(err))
	}
	return &Keys{pool: pool,
		load:   `SELECT wrapped_key FROM ` + table + ` WHERE subject = $1`,
		create: `INSERT INTO ` + table + ` (subject, wrapped_key) VALUES ($1, $2) ON CONFLICT (subject) DO NOTHING RETURNING wrapped_key`,
		reread: `SELECT wrapped_key FROM ` + table + ` WHERE subject = $1`,
		erase: `UPDATE ` + table + ` SET wrapped_key = NULL, erased_at = now()
			WHERE subject = $1 AND erased_at IS NULL RETURNING true`,
		// a subject that never had a key: remembered as erased
		tombstone: `INSERT INTO ` + table + ` (subject, wrapped_key, erased_at) VALUES ($1, NULL, now())
			ON CONFLICT (subject) DO NOTHING RETURNING true`,
	}, nil
}

// Load implements privacy.KeyStore.
func (k *Keys) Load(ctx context.Context, subject string) (wrapped []byte, erased, found bool, err error) {
	err = k.pool.QueryRow(ctx, k.load, subject).Scan(&wrapped)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil, false, false, nil
	case err != nil:
		return nil, false, false, fmt.Errorf("privacy: load key: %w", pgoutage.Mark(err))
	}
	return wrapped, wrapped == nil, true, nil
}

// Create implements privacy.KeyStore.
func (k *Keys) Create(ctx context.Context, subject string, wrapped []byte) ([]byte, bool, error) {
	var stored []byte
	err := k.pool.QueryRow(ctx, k.create, subject, wrapped).Scan(&stored)
	if errors.Is(err, pgx.ErrNoRows) { // another writer's, or erased
		err = k.pool.QueryRow(ctx, k.reread, subject).Scan(&stored)
	}
	if err != nil {
		return nil, false, fmt.Errorf("privacy: create key: %w", pgoutage.Mark(err))
	}
	return stored, stored == nil, nil
}

// Destroy implements privacy.KeyStore.
func (k *Keys) Destroy(ctx context.Context, subject string) (bool, error) {
	for _, statement := range []string{k.erase, k.tombstone} {
		var done bool
		err := k.pool.QueryRow(ctx, statement, subject).Scan(&done)
		switch {
		case err == nil:
			return false, nil
		case !errors.Is(err, pgx.ErrNoRows):
			return false, fmt.Errorf("privacy: destroy key: %w", pgoutage.Mark(err))
		}
	}
	return true, nil // neither a key to destroy nor a subject to mark: erased before
}
