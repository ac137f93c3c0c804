// Package postgres keeps snapshots in a PostgreSQL table, whichever store
// keeps the events (PostgreSQL or EventStoreDB): a snapshot is a cache of
// a fold, so it needs no transaction with the events it folds.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/snapshots"
)

// Store is a PostgreSQL snapshots.Store.
type Store struct {
	pool                         *pgxpool.Pool
	table                        string
	load, save, prune, supersede string
	recent                       string
}

var (
	_ snapshots.Store        = (*Store)(nil)
	_ snapshots.RecentLister = (*Store)(nil)
)

// Open creates the snapshots table in schema if needed and returns the
// store.
func Open(ctx context.Context, pool *pgxpool.Pool, schema string) (*Store, error) {
	table := pgx.Identifier{schema, "aggregate_snapshots"}.Sanitize()
	_, err := pool.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{schema}.Sanitize()+`;
		CREATE TABLE IF NOT EXISTS `+table+` (
			stream         text        NOT NULL,
			state_schema   text        NOT NULL,
			version        bigint      NOT NULL,
			recorded_until timestamptz NOT NULL,
			state          bytea       NOT NULL,
			saved_at       timestamptz NOT NULL DEFAULT now(),
			PRIMARY KEY (stream, state_schema, version)
		)`)
	if err != nil {
		return nil, fmt.Errorf("snapshots: create table: %w", err)
	}
	return &Store{pool: pool, table: table,
		load: `SELECT version, recorded_until, state FROM ` + table + `
			WHERE stream = $1 AND state_schema = $2
			  AND ($3::bigint = 0 OR version <= $3) AND ($4::timestamptz IS NULL OR recorded_until <= $4)
			ORDER BY version DESC LIMIT 1`,
		recent: `SELECT stream, state_schema FROM ` + table + `
			GROUP BY stream, state_schema ORDER BY max(saved_at) DESC LIMIT $1`,
		save: `INSERT INTO ` + table + ` (stream, state_schema, version, recorded_until, state)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
		// keeps the newest snapshots.Keep of the stream under the schema
		prune: `DELETE FROM ` + table + ` WHERE stream = $1 AND state_schema = $2 AND version < (
			SELECT version FROM ` + table + ` WHERE stream = $1 AND state_schema = $2
			ORDER BY version DESC OFFSET $3 LIMIT 1)`,
		// forgets the stream's snapshots under "name/M", M < $3, for
		// $2 = "name/" (see snapshots.ParseSchema); the CASE keeps the
		// cast from a schema of another form
		supersede: `DELETE FROM ` + table + ` WHERE stream = $1 AND starts_with(state_schema, $2)
			AND CASE WHEN substr(state_schema, char_length($2) + 1) ~ '^[0-9]{1,18}$'
				THEN substr(state_schema, char_length($2) + 1)::bigint < $3 ELSE false END`,
	}, nil
}

// Load implements snapshots.Store.
func (s *Store) Load(ctx context.Context, stream, schema string, b snapshots.Bound) (snapshots.Snapshot, bool, error) {
	var until *time.Time
	if !b.RecordedUntil.IsZero() {
		until = &b.RecordedUntil
	}
	snap := snapshots.Snapshot{Stream: stream, Schema: schema}
	var version int64
	err := s.pool.QueryRow(ctx, s.load, stream, schema, int64(b.MaxVersion), until).Scan(&version, &snap.RecordedUntil, &snap.State)
	if errors.Is(err, pgx.ErrNoRows) {
		return snapshots.Snapshot{}, false, nil
	}
	if err != nil {
		return snapshots.Snapshot{}, false, fmt.Errorf("snapshots: load %s: %w", stream, err)
	}
	snap.Version = uint64(version)
	return snap, true, nil
}

// Recent implements snapshots.RecentLister. It reads the table's key
// columns and save times only (the states stay where they are), once per
// start.
func (s *Store) Recent(ctx context.Context, limit int) ([]snapshots.Ref, error) {
	rows, err := s.pool.Query(ctx, s.recent, limit)
	if err != nil {
		return nil, fmt.Errorf("snapshots: recent: %w", err)
	}
	refs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (snapshots.Ref, error) {
		var ref snapshots.Ref
		return ref, r.Scan(&ref.Stream, &ref.Schema)
	})
	if err != nil {
		return nil, fmt.Errorf("snapshots: recent: %w", err)
	}
	return refs, nil
}

// Save implements snapshots.Store: it inserts s, forgets all but the
// newest snapshots.Keep of the stream under s's schema, and forgets the
// stream's snapshots under older versions of s's schema, which the code
// that saves s never reads (so a bumped StateSchema leaves no dead rows
// behind on the streams still in use).
func (s *Store) Save(ctx context.Context, snap snapshots.Snapshot) error {
	b := &pgx.Batch{}
	b.Queue(s.save, snap.Stream, snap.Schema, int64(snap.Version), snap.RecordedUntil, snap.State)
	b.Queue(s.prune, snap.Stream, snap.Schema, snapshots.Keep-1)
	if name, version, ok := snapshots.ParseSchema(snap.Schema); ok {
		b.Queue(s.supersede, snap.Stream, name+"/", version)
	}
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("snapshots: save %s: %w", snap.Stream, err)
	}
	return nil
}

// DeleteAll forgets every snapshot: the answers stay the same, only
// slower until new snapshots are taken.
func (s *Store) DeleteAll(ctx context.Context) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM `+s.table); err != nil {
		return fmt.Errorf("snapshots: delete all: %w", err)
	}
	return nil
}

// DeleteStream implements snapshots.StreamDeleter: it forgets every
// snapshot of stream, under every schema.
func (s *Store) DeleteStream(ctx context.Context, stream string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM `+s.table+` WHERE stream = $1`, stream); err != nil {
		return fmt.Errorf("snapshots: delete %s: %w", stream, err)
	}
	return nil
}

// CommandStatements are the statements the first command on a stream
// runs here (its snapshot's load), for an instance to prepare on its
// connections before it takes traffic (see app.warmRequestConns).
func (s *Store) CommandStatements() []string { return []string{s.load} }
