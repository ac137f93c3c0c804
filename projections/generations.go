package projections

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// activeGeneration returns the generation the read views point at,
// creating generation 1 on first use.
func activeGeneration(ctx context.Context, pool *pgxpool.Pool, ns Namespace, p Projection) (int, error) {
	gen, err := readActive(ctx, pool, ns, p.Name())
	if err == nil || !errors.Is(err, pgx.ErrNoRows) {
		return gen, err
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", ns.lockKey(p.Name(), -1)); err != nil {
			return err
		}
		if gen, err = readActive(ctx, tx, ns, p.Name()); !errors.Is(err, pgx.ErrNoRows) {
			return err // another process created it meanwhile
		}
		gen = 1
		if err := createGeneration(ctx, tx, ns, p, gen, true); err != nil {
			return err
		}
		return switchViews(ctx, tx, ns, p, gen)
	})
	return gen, err
}

type querier interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}

func readActive(ctx context.Context, q querier, ns Namespace, name string) (int, error) {
	var gen int
	err := q.QueryRow(ctx, "SELECT active_generation FROM "+ns.table("projection_state")+" WHERE name = $1", name).Scan(&gen)
	return gen, err
}

// createGeneration makes an empty generation: its schema, tables (with
// their query indexes unless a rebuild adds them later) and a checkpoint
// at the start of the log.
func createGeneration(ctx context.Context, tx pgx.Tx, ns Namespace, p Projection, gen int, withIndexes bool) error {
	schema := pgx.Identifier{ns.generationSchema(p.Name(), gen)}.Sanitize()
	if _, err := tx.Exec(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE; CREATE SCHEMA "+schema); err != nil {
		return fmt.Errorf("create generation %d of %s: %w", gen, p.Name(), err)
	}
	if _, err := tx.Exec(ctx, "SET LOCAL search_path TO "+schema); err != nil {
		return err
	}
	if err := p.Setup(ctx, tx); err != nil {
		return fmt.Errorf("set up generation %d of %s: %w", gen, p.Name(), err)
	}
	if _, err := tx.Exec(ctx, "SET LOCAL search_path TO DEFAULT"); err != nil {
		return err
	}
	if withIndexes {
		if err := indexGeneration(ctx, tx, ns, p, gen); err != nil {
			return err
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO `+ns.table("projection_checkpoints")+` (name, generation, schema_version) VALUES ($1, $2, $3)
		ON CONFLICT (name, generation) DO UPDATE SET pos_major = 0, pos_minor = 0, events_applied = 0,
			last_recorded_at = NULL, updated_at = now(), schema_version = $3`, p.Name(), gen, VersionOf(p))
	return err
}

// finishRebuild adds the query indexes a rebuild deferred and points the
// read views at the new generation, in one transaction on conn.
func finishRebuild(ctx context.Context, conn *pgxpool.Conn, ns Namespace, p Projection, gen int) error {
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if err := indexGeneration(ctx, tx, ns, p, gen); err != nil {
			return err
		}
		return switchViews(ctx, tx, ns, p, gen)
	})
}

// indexGeneration runs p's Indexes, if it has any, on generation gen
// inside tx: a new generation, one a rebuild filled, or the active one
// gaining indexes added since it was built.
func indexGeneration(ctx context.Context, tx pgx.Tx, ns Namespace, p Projection, gen int) error {
	ix, ok := p.(Indexer)
	if !ok {
		return nil
	}
	schema := pgx.Identifier{ns.generationSchema(p.Name(), gen)}.Sanitize()
	if _, err := tx.Exec(ctx, "SET LOCAL search_path TO "+schema); err != nil {
		return err
	}
	if err := ix.Indexes(ctx, tx); err != nil {
		return fmt.Errorf("index generation %d of %s: %w", gen, p.Name(), err)
	}
	_, err := tx.Exec(ctx, "SET LOCAL search_path TO DEFAULT")
	return err
}

// switchViews points the read views at generation gen and records it as
// active, inside tx: readers see the old generation or the new one, never
// a mix.
func switchViews(ctx context.Context, tx pgx.Tx, ns Namespace, p Projection, gen int) error {
	src := ns.generationSchema(p.Name(), gen)
	for _, t := range p.Tables() {
		view := ns.table(t)
		q := fmt.Sprintf("DROP VIEW IF EXISTS %s; CREATE VIEW %s AS SELECT * FROM %s",
			view, view, pgx.Identifier{src, t}.Sanitize())
		if _, err := tx.Exec(ctx, q); err != nil {
			return fmt.Errorf("switch %s to generation %d: %w", p.Name(), gen, err)
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO `+ns.table("projection_state")+` (name, active_generation) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET active_generation = $2, switched_at = now()`, p.Name(), gen)
	return err
}

// dropGenerationsBefore removes generations older than keep, once nothing
// reads them.
func dropGenerationsBefore(ctx context.Context, pool *pgxpool.Pool, ns Namespace, p Projection, keep int) error {
	for g := keep - 1; g >= 1; g-- {
		schema := pgx.Identifier{ns.generationSchema(p.Name(), g)}.Sanitize()
		if _, err := pool.Exec(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE"); err != nil {
			return fmt.Errorf("drop generation %d of %s: %w", g, p.Name(), err)
		}
		if _, err := pool.Exec(ctx, "DELETE FROM "+ns.table("projection_checkpoints")+" WHERE name = $1 AND generation = $2", p.Name(), g); err != nil {
			return err
		}
	}
	return nil
}

// Ensure makes sure each projection has an active generation with its
// tables, query indexes and read views, so queries work before any runner
// has started.
func Ensure(ctx context.Context, pool *pgxpool.Pool, ns Namespace, ps ...Projection) error {
	for _, p := range ps {
		if _, err := activeGeneration(ctx, pool, ns, p); err != nil {
			return fmt.Errorf("ensure %s: %w", p.Name(), err)
		}
		if err := indexActive(ctx, pool, ns, p); err != nil {
			return fmt.Errorf("ensure %s: %w", p.Name(), err)
		}
	}
	return nil
}
