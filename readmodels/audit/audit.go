package audit

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Projection is the compliance read model: one row per event with who did
// it, under which role and regulation, why, when it took effect and when it was
// recorded, and how it relates to other events.
type Projection struct{}

// New returns the audit-trail projection.
func New() Projection { return Projection{} }

// Name implements Projection.
func (Projection) Name() string { return "audit" }

// Version implements Versioned. 2: event bodies are kept as json, byte
// for byte, where version 1 kept jsonb (keys reordered).
func (Projection) Version() int { return 2 }

// Tables implements Projection.
func (Projection) Tables() []string { return []string{"audit_trail"} }

// Filter implements Projection: the audit trail sees every event.
func (Projection) Filter() eventstore.Filter { return eventstore.Filter{} }

// Setup implements Projection.
func (Projection) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE TABLE audit_trail (
			pos_major       bigint NOT NULL,
			pos_minor       bigint NOT NULL,
			event_id        text NOT NULL,
			stream          text NOT NULL,
			aggregate_type  text NOT NULL,
			aggregate_id    text NOT NULL,
			stream_version  bigint NOT NULL,
			event_type      text NOT NULL,
			schema_version  int NOT NULL,
			actor_id        text NOT NULL,
			actor_role      text NOT NULL,
			actor_org_unit  text NOT NULL,
			on_behalf_of    text NOT NULL,
			reason          text NOT NULL,
			source_doc_ref  text NOT NULL,
			policy_version  text NOT NULL,
			effective_at    timestamptz,
			recorded_at     timestamptz NOT NULL,
			correlation_id  text NOT NULL,
			causation_id    text NOT NULL,
			idempotency_key text NOT NULL,
			-- json, not jsonb: the auditor sees the event body byte for byte as
			-- stored (jsonb reorders keys), and a rebuild skips converting a
			-- million bodies (1M events: audit server CPU 10.5 s -> 8.3 s).
			data            json NOT NULL,
			PRIMARY KEY (pos_major, pos_minor)
		);`)
	return err
}

// Indexes implements Indexer: the audit trail is the largest read model,
// and its query indexes cost more than its rows during a rebuild. The
// list is in log order, so each filter's index ends in the position: a
// page is read in order from the cursor, whatever the filter matches. It
// drops the indexes of generations built before, which ended in the
// recorded time and made every page sort all the rows the filter matched.
// The recorded time gets a BRIN index (block ranges: rows arrive in time
// order, so it is tiny and cheap to keep) that finds where a time range
// starts in the log; see Queries.Audit. The actor's and the correlation's
// indexes key on the text's hash (hashedEquals), so a generation built
// before drops the btrees of the text itself too.
func (p Projection) Indexes(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, "DROP INDEX IF EXISTS audit_trail_actor, audit_trail_aggregate, audit_trail_type, "+
		"audit_trail_actor_pos, audit_trail_correlation;\n"+strings.Join(p.IndexBuilds(), ";\n"))
	return err
}

// IndexBuilds implements projections.IndexBuilds: a rebuild builds the
// trail's four btrees at once on two connections, the last of a
// rebuild's index builds to finish (decision 46).
//
// The actor's and the correlation's btrees key on hashtext of the text,
// not the text: a btree build sorts its keys, and an integer sorts for
// half the server CPU of a text compared by the database's collation
// (decision 61). Only the audit list's equality filters read
// them (hashedEquals); the questions' lookups by aggregate and event
// type keep their text btrees. Each hash gets the statistics of its
// dependency on the text, so the planner counts a filter's rows once
// rather than squaring its selectivity (hash and text taken for
// independent conditions), which would make it sort a busy actor's rows
// instead of reading them in order from the index.
func (Projection) IndexBuilds() []string {
	return []string{
		"CREATE INDEX IF NOT EXISTS audit_trail_actor_hash ON audit_trail ((hashtext(actor_id)), pos_major, pos_minor)",
		"CREATE INDEX IF NOT EXISTS audit_trail_aggregate_pos ON audit_trail (aggregate_id, aggregate_type, pos_major, pos_minor)",
		"CREATE INDEX IF NOT EXISTS audit_trail_type_pos ON audit_trail (event_type, pos_major, pos_minor)",
		"CREATE INDEX IF NOT EXISTS audit_trail_correlation_hash ON audit_trail ((hashtext(correlation_id)), pos_major, pos_minor)",
		"CREATE INDEX IF NOT EXISTS audit_trail_recorded_brin ON audit_trail USING brin (recorded_at)",
		"CREATE STATISTICS IF NOT EXISTS audit_trail_actor_hash_deps (dependencies) ON actor_id, (hashtext(actor_id)) FROM audit_trail",
		"CREATE STATISTICS IF NOT EXISTS audit_trail_correlation_hash_deps (dependencies) ON correlation_id, (hashtext(correlation_id)) FROM audit_trail",
	}
}

var auditColumns = []string{"pos_major", "pos_minor", "event_id", "stream", "aggregate_type", "aggregate_id",
	"stream_version", "event_type", "schema_version", "actor_id", "actor_role", "actor_org_unit", "on_behalf_of",
	"reason", "source_doc_ref", "policy_version", "effective_at", "recorded_at", "correlation_id", "causation_id",
	"idempotency_key", "data"}

// auditCopyFrom is the batch size from which Apply copies the batch in
// with COPY: the audit trail is the largest read model and rebuilds must
// not crawl. Below it Apply inserts the batch with one INSERT of unnested
// arrays, which the runner sends with the checkpoint and COMMIT (see
// pipeTx): a live batch of a few events then costs one round trip instead
// of three (BEGIN, COPY, COMMIT), for about the same server CPU; COPY
// costs the server less from 100 events a batch (BenchmarkAuditApply).
const auditCopyFrom = 100

// Apply implements Projection.
func (Projection) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	var err error
	if len(events) < auditCopyFrom {
		err = tables.Write(ctx, tx, auditInsert(events))
	} else {
		err = auditCopy(ctx, tx, events)
	}
	if err != nil {
		return err
	}
	if erased := erasedSubjects(events); len(erased) > 0 {
		return scrubErased(ctx, tx, erased)
	}
	return nil
}

// auditCopy copies events in with a binary COPY it encodes itself
// (tables.CopyBinary): the trail's rows are a rebuild's largest COPY.
func auditCopy(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	_, err := tables.CopyBinary(ctx, tx, "audit_trail", auditColumns, len(events), func(i int, r *tables.CopyRow) {
		e := events[i]
		d := auditFieldsOf(e)
		r.Int8(int64(e.Position.Major))
		r.Int8(int64(e.Position.Minor))
		r.Text(e.ID)
		r.Text(e.Stream)
		r.Text(d.aggType)
		r.Text(d.aggID)
		r.Int8(int64(e.StreamVersion))
		r.Text(e.Type)
		r.Int4(int32(e.SchemaVersion))
		for _, v := range [...]string{d.m.ActorID, string(d.m.ActorRole), d.m.ActorOrgUnitID, d.m.OnBehalfOf,
			d.m.Reason, d.m.SourceDocRef, d.m.RegulationVersion} {
			r.Text(v)
		}
		r.OptTimestamptz(d.effective)
		r.Timestamptz(e.RecordedAt)
		r.Text(d.m.CorrelationID)
		r.Text(d.m.CausationID)
		r.Text(d.m.IdempotencyKey)
		r.JSON(e.Data)
	})
	return err
}

// auditInsert queues one INSERT of events, one array per column. The body
// goes in as text cast to json, so it is kept byte for byte as COPY keeps
// it.
func auditInsert(events []eventstore.Recorded) *pgx.Batch {
	n := len(events)
	major, minor, version := make([]int64, n), make([]int64, n), make([]int64, n)
	schemaVersion := make([]int32, n)
	effective := make([]*time.Time, n)
	recorded := make([]time.Time, n)
	text := make([][]string, 16)
	for j := range text {
		text[j] = make([]string, n)
	}
	for i, e := range events {
		d := auditDerivedOf(e)
		major[i], minor[i], version[i] = int64(e.Position.Major), int64(e.Position.Minor), int64(e.StreamVersion)
		schemaVersion[i], effective[i], recorded[i] = int32(e.SchemaVersion), d.effective, e.RecordedAt
		for j, v := range []string{e.ID, e.Stream, d.aggType, d.aggID, e.Type, d.m.ActorID, string(d.m.ActorRole),
			d.m.ActorOrgUnitID, d.m.OnBehalfOf, d.m.Reason, d.m.SourceDocRef, d.m.RegulationVersion, d.m.CorrelationID,
			d.m.CausationID, d.m.IdempotencyKey, d.data} {
			text[j][i] = v
		}
	}
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO audit_trail (`+strings.Join(auditColumns, ", ")+`)
		SELECT a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v::json
		FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[],
			$9::int[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],
			$17::timestamptz[], $18::timestamptz[], $19::text[], $20::text[], $21::text[], $22::text[])
			AS x(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v)`,
		major, minor, text[0], text[1], text[2], text[3], version, text[4], schemaVersion, text[5], text[6], text[7],
		text[8], text[9], text[10], text[11], effective, recorded, text[12], text[13], text[14], text[15])
	return b
}

// auditDerived are the values of an audit row that are not plain fields
// of its event.
type auditDerived struct {
	m              eventstore.Metadata
	aggType, aggID string
	effective      *time.Time
	data           string
}

func auditDerivedOf(e eventstore.Recorded) auditDerived {
	d := auditFieldsOf(e)
	d.data = string(e.Data)
	if d.data == "" {
		d.data = "null"
	}
	return d
}

// auditFieldsOf is auditDerivedOf but for the body, which a COPY takes
// as it is stored (CopyRow.JSON) rather than as a copied string.
func auditFieldsOf(e eventstore.Recorded) auditDerived {
	d := auditDerived{m: e.Metadata}
	d.aggType, d.aggID, _ = strings.Cut(e.Stream, "-")
	if !d.m.EffectiveAt.IsZero() {
		d.effective = &d.m.EffectiveAt
	}
	return d
}
