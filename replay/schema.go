package replay

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/projections"
)

// scratchPrefix starts the namespace a replay builds in before it moves
// the tables into the schema asked for.
const scratchPrefix = "replay_scratch_"

// infoTable is the one-row table of a replay schema saying what it
// holds; --drop drops only schemas that have it.
const infoTable = "replay_info"

func checkAbsent(ctx context.Context, pool *pgxpool.Pool, schema string) error {
	exists, err := schemaExists(ctx, pool, schema)
	if err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	if exists {
		return &InputError{"--schema", fmt.Sprintf("schema %q already exists: drop it first (opsledger replay --drop --schema %s) or pick another name", schema, schema)}
	}
	return nil
}

type querier interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}

func schemaExists(ctx context.Context, q querier, schema string) (bool, error) {
	var exists bool
	err := q.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", schema).Scan(&exists)
	return exists, err
}

// publish moves every table of the scratch generations the views point at
// into req.Schema, records replay_info and drops the scratch schemas, in
// one transaction: the schema appears whole or not at all.
func publish(ctx context.Context, pool *pgxpool.Pool, scratch projections.Namespace, req Request, ps []projections.Projection, events int64) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		target := pgx.Identifier{req.Schema}.Sanitize()
		if _, err := tx.Exec(ctx, "CREATE SCHEMA "+target); err != nil {
			return fmt.Errorf("replay: create schema %s: %w", req.Schema, err)
		}
		for _, p := range ps {
			if err := moveTables(ctx, tx, scratch, p.Name(), req.Schema); err != nil {
				return err
			}
		}
		if err := writeInfo(ctx, tx, req, ps, events); err != nil {
			return err
		}
		return dropScratch(ctx, tx, scratch)
	})
}

// moveTables moves the tables (their indexes and sequences go with them)
// of the generation of read model name that scratch's views point at.
func moveTables(ctx context.Context, tx pgx.Tx, scratch projections.Namespace, name, target string) error {
	var gen int
	err := tx.QueryRow(ctx, "SELECT active_generation FROM "+pgx.Identifier{string(scratch), "projection_state"}.Sanitize()+" WHERE name = $1", name).Scan(&gen)
	if err != nil {
		return fmt.Errorf("replay: %s: %w", name, err)
	}
	source := fmt.Sprintf("%s_%s_g%d", scratch, name, gen)
	rows, err := tx.Query(ctx, `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY c.relname`, source)
	if err != nil {
		return err
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, t := range tables {
		q := fmt.Sprintf("ALTER TABLE %s SET SCHEMA %s", pgx.Identifier{source, t}.Sanitize(), pgx.Identifier{target}.Sanitize())
		if _, err := tx.Exec(ctx, q); err != nil {
			return fmt.Errorf("replay: move %s of %s: %w", t, name, err)
		}
	}
	return nil
}

// info is the row of replay_info.
type info struct {
	AsOf        time.Time
	ValidAt     *time.Time
	Models      []string
	Regulations []string
	Events      int64
}

func writeInfo(ctx context.Context, tx pgx.Tx, req Request, ps []projections.Projection, events int64) error {
	t := pgx.Identifier{req.Schema, infoTable}.Sanitize()
	var validAt *time.Time
	if !req.ValidAt.IsZero() {
		validAt = &req.ValidAt
	}
	models, err := json.Marshal(names(ps))
	if err != nil {
		return err
	}
	regs, err := json.Marshal(versionIDs(req.Regulations))
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `CREATE TABLE `+t+` (
			as_of timestamptz NOT NULL, valid_at timestamptz, models jsonb NOT NULL, regulations jsonb NOT NULL,
			events bigint NOT NULL, built_at timestamptz NOT NULL DEFAULT now());
		COMMENT ON TABLE `+t+` IS 'what this opsledger replay holds: the read models as of as_of (recorded time), valid at valid_at, under the regulation versions named (what-if)'`)
	if err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	_, err = tx.Exec(ctx, "INSERT INTO "+t+" (as_of, valid_at, models, regulations, events) VALUES ($1, $2, $3, $4, $5)",
		req.AsOf, validAt, models, regs, events)
	return err
}

// dbtx is a pool or a transaction.
type dbtx interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
	Exec(context.Context, string, ...any) (pgconn.CommandTag, error)
}

// dropScratch drops the scratch namespace and its generation schemas.
func dropScratch(ctx context.Context, db dbtx, scratch projections.Namespace) error {
	rows, err := db.Query(ctx, `SELECT nspname FROM pg_namespace WHERE nspname = $1 OR starts_with(nspname, $1 || '_')`, string(scratch))
	if err != nil {
		return fmt.Errorf("replay: drop scratch schemas: %w", err)
	}
	schemas, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("replay: drop scratch schemas: %w", err)
	}
	for _, s := range schemas {
		if _, err := db.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{s}.Sanitize()+" CASCADE"); err != nil {
			return fmt.Errorf("replay: drop %s: %w", s, err)
		}
	}
	return nil
}

// Drop removes the replay schema name. It refuses a schema that is not a
// replay's (one without replay_info), so it never drops the live read
// models or anything else by mistake.
func Drop(ctx context.Context, pool *pgxpool.Pool, name string) error {
	if err := CheckSchemaName(name); err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		exists, err := schemaExists(ctx, tx, name)
		if err != nil {
			return err
		}
		if !exists {
			return &InputError{"--schema", fmt.Sprintf("no schema %q to drop", name)}
		}
		var isReplay bool
		err = tx.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", pgx.Identifier{name, infoTable}.Sanitize()).Scan(&isReplay)
		if err != nil {
			return err
		}
		if !isReplay {
			return &InputError{"--schema", fmt.Sprintf("schema %q is not a replay (it has no %s table); replay --drop drops only replays", name, infoTable)}
		}
		_, err = tx.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{name}.Sanitize()+" CASCADE")
		return err
	})
}
