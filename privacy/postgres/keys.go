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
	pool                        *pgxpool.Pool
	load, create, reread, erase string
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
		// the old row's erased_at says whether it was erased before
		erase: `WITH old AS (SELECT erased_at FROM ` + table + ` WHERE subject = $1 FOR UPDATE)
			INSERT INTO ` + table + ` AS k (subject, wrapped_key, erased_at) VALUES ($1, NULL, now())
			ON CONFLICT (subject) DO UPDATE SET wrapped_key = NULL, erased_at = coalesce(k.erased_at, now())
			RETURNING (SELECT erased_at IS NOT NULL FROM old)`,
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
	var already *bool
	if err := k.pool.QueryRow(ctx, k.erase, subject).Scan(&already); err != nil {
		return false, fmt.Errorf("privacy: destroy key: %w", pgoutage.Mark(err))
	}
	return already != nil && *already, nil
}
