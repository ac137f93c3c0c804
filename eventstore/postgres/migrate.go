package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// component names this package's rows in schema_migrations, so other
// packages may keep their own migrations in the same table and schema.
const component = "eventstore"

type migration struct {
	version int
	name    string
	sql     string
}

// Migrate creates schema if needed and applies the event store migrations
// it lacks, all in one transaction under an advisory lock, so concurrent
// starts of several instances migrate once. Applied versions are recorded
// in schema.schema_migrations.
func Migrate(ctx context.Context, pool *pgxpool.Pool, schema string) error {
	migs, err := loadMigrations()
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		return migrate(ctx, tx, schema, migs)
	})
}

func migrate(ctx context.Context, tx pgx.Tx, schema string, migs []migration) error {
	q := quote(schema)
	lockKey := "opsledger.migrate." + schema
	setup := []string{
		"SELECT pg_advisory_xact_lock(hashtextextended('" + strings.ReplaceAll(lockKey, "'", "''") + "', 0))",
		"CREATE SCHEMA IF NOT EXISTS " + q,
		"SET LOCAL search_path TO " + q,
		`CREATE TABLE IF NOT EXISTS schema_migrations (
			component  text        NOT NULL,
			version    integer     NOT NULL,
			name       text        NOT NULL,
			applied_at timestamptz NOT NULL DEFAULT now(),
			PRIMARY KEY (component, version))`,
	}
	for _, stmt := range setup {
		if _, err := tx.Exec(ctx, stmt); err != nil {
			return fmt.Errorf("migrate %s: %w", schema, err)
		}
	}
	var applied int
	err := tx.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations WHERE component = $1", component).Scan(&applied)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", schema, err)
	}
	for _, m := range migs {
		if m.version <= applied {
			continue
		}
		if _, err := tx.Exec(ctx, m.sql); err != nil {
			return fmt.Errorf("migrate %s: %s: %w", schema, m.name, err)
		}
		_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (component, version, name) VALUES ($1, $2, $3)", component, m.version, m.name)
		if err != nil {
			return fmt.Errorf("migrate %s: record %s: %w", schema, m.name, err)
		}
	}
	return nil
}

// loadMigrations reads the embedded files named NNNN_description.sql in
// version order.
func loadMigrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var migs []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s: want NNNN_name.sql", e.Name())
		}
		body, err := migrationFiles.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, err
		}
		migs = append(migs, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(migs, func(i, j int) bool { return migs[i].version < migs[j].version })
	return migs, nil
}
