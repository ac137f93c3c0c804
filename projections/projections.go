// Package projections is the engine that keeps the read models up to date;
// the read models themselves live under readmodels/ and are handed to it
// by the composition root, so it imports none of them. Each projection
// reads the global event log from its checkpoint in
// batches and applies a batch together with its checkpoint in one
// PostgreSQL transaction, so a crash never leaves half a batch visible and a
// replay never applies an event twice. Read models live in per-generation
// schemas behind views, so a rebuild builds the next generation beside the
// live one and switches the views atomically when it has caught up.
package projections

import (
	"context"
	"fmt"
	"hash/fnv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/eventstore"
)

// Projection is one read model: its tables and how events change them.
// Implementations write unqualified table names; the engine sets the
// search_path to the generation being built.
type Projection interface {
	// Name identifies the read model ("customers"); it names its schema
	// and checkpoint, so it never changes.
	Name() string
	// Tables lists the tables (and only those) that queries read; the
	// engine exposes each through a view in the read schema.
	Tables() []string
	// Setup creates the tables of an empty generation.
	Setup(ctx context.Context, tx pgx.Tx) error
	// Filter selects the events the projection needs.
	Filter() eventstore.Filter
	// Apply changes the tables for a batch of events, in order. It must be
	// deterministic: the same events give the same rows, live or rebuilt.
	Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error
}

// Indexer is implemented by projections whose secondary indexes serve
// only queries. A rebuild creates them once after replaying the log, which
// costs far less than maintaining them row by row; a new live generation
// creates them with its tables. Ensure runs Indexes again on the live
// generation, so a deployment gets an index added since the generation
// was built: Indexes must be idempotent (CREATE INDEX IF NOT EXISTS), and
// an index whose definition changes needs a new name.
type Indexer interface {
	Indexes(ctx context.Context, tx pgx.Tx) error
}

// IndexBuilds is implemented by an Indexer whose indexes are several
// independent ones: IndexBuilds returns one statement per index (CREATE
// INDEX IF NOT EXISTS, names unqualified), which Indexes runs too. A
// rebuild runs them on connections of their own at once before Indexes,
// which then finds them built: a read model's index builds are otherwise
// serial, and the last read models to finish a rebuild leave a core idle
// while theirs run.
type IndexBuilds interface {
	Indexer
	IndexBuilds() []string
}

// Versioned is implemented by projections whose tables changed shape
// since their first release. Each generation records the version it was
// built with; a runner that finds the active generation older than its
// projection's Version rebuilds it first (blue-green, as `opsledger
// rebuild` does), so a deployment never applies new code to old tables.
// Projections without it are version 1. Bump it whenever Setup or Apply
// changes what existing rows would hold.
type Versioned interface {
	Version() int
}

// VersionOf is p's schema version (1 unless p is Versioned).
func VersionOf(p Projection) int {
	if v, ok := p.(Versioned); ok {
		return v.Version()
	}
	return 1
}

// Namespace names the PostgreSQL schema that holds the read views and the
// engine's own tables; each projection generation gets a schema named
// after it ("<namespace>_<projection>_g<n>").
type Namespace string

// DefaultNamespace is the schema of the read models unless configured.
const DefaultNamespace Namespace = "read"

func (ns Namespace) schema() string { return pgx.Identifier{string(ns)}.Sanitize() }

func (ns Namespace) table(name string) string {
	return pgx.Identifier{string(ns), name}.Sanitize()
}

// generationSchema is the unquoted schema name of one generation.
func (ns Namespace) generationSchema(projection string, generation int) string {
	return fmt.Sprintf("%s_%s_g%d", ns, projection, generation)
}

// lockKey is the advisory-lock key that makes one runner active per
// projection generation across processes.
func (ns Namespace) lockKey(projection string, generation int) int64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "opsledger/projection/%s/%s/%d", ns, projection, generation)
	return int64(h.Sum64())
}

const engineDDL = `
CREATE SCHEMA IF NOT EXISTS %[1]s;
CREATE TABLE IF NOT EXISTS %[1]s.projection_state (
	name              text PRIMARY KEY,
	active_generation int NOT NULL,
	switched_at       timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS %[1]s.projection_checkpoints (
	name             text NOT NULL,
	generation       int NOT NULL,
	pos_major        bigint NOT NULL DEFAULT 0,
	pos_minor        bigint NOT NULL DEFAULT 0,
	last_recorded_at timestamptz,
	events_applied   bigint NOT NULL DEFAULT 0,
	updated_at       timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (name, generation)
);
-- The Version of the projection a generation was built with (Versioned).
ALTER TABLE %[1]s.projection_checkpoints ADD COLUMN IF NOT EXISTS schema_version int NOT NULL DEFAULT 1;
CREATE TABLE IF NOT EXISTS %[1]s.projection_dead_letters (
	id           bigserial PRIMARY KEY,
	name         text NOT NULL,
	generation   int NOT NULL,
	event_id     text NOT NULL,
	stream       text NOT NULL,
	event_type   text NOT NULL,
	pos_major    bigint NOT NULL,
	pos_minor    bigint NOT NULL,
	error        text NOT NULL,
	attempts     int NOT NULL,
	status       text NOT NULL CHECK (status IN ('parked', 'retry', 'skipped', 'resolved')),
	parked_at    timestamptz NOT NULL DEFAULT now(),
	resolved_at  timestamptz,
	resolved_by  text,
	resolution   text
);
CREATE INDEX IF NOT EXISTS projection_dead_letters_open
	ON %[1]s.projection_dead_letters (name, generation) WHERE status IN ('parked', 'retry');
`

// Migrate creates the engine's tables in the namespace schema. It is
// idempotent and safe to run from several processes at once.
func Migrate(ctx context.Context, pool *pgxpool.Pool, ns Namespace) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		// Concurrent CREATE ... IF NOT EXISTS can still collide; serialize.
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", ns.lockKey("migrate", 0)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, fmt.Sprintf(engineDDL, ns.schema()))
		return err
	})
}
