package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/eventstore"
)

// ceilingBatch matches the rebuild's batch size (app.rebuildBatch).
const ceilingBatch = 50000

// ceiling measures the plain-insert ceiling: COPY of n rows shaped like
// the audit trail's (the same 22 columns and primary key, no secondary
// index) into one table, ceilingBatch rows per transaction, as the rebuild
// commits its batches. The rows are the log's first ceilingBatch events,
// repeated under fresh positions, so their width is the real one.
func ceiling(ctx context.Context, a *app.App, n int, results map[string]float64) error {
	sample, err := a.Store.ReadAll(ctx, eventstore.Start, ceilingBatch, eventstore.Filter{})
	if err != nil || len(sample) == 0 {
		return fmt.Errorf("ceiling sample: %v (%d events)", err, len(sample))
	}
	cols := []string{"pos_major", "pos_minor", "event_id", "stream", "aggregate_type", "aggregate_id",
		"stream_version", "event_type", "schema_version", "actor_id", "actor_role", "actor_org_unit", "on_behalf_of",
		"reason", "source_doc_ref", "policy_version", "effective_at", "recorded_at", "correlation_id", "causation_id",
		"idempotency_key", "data"}
	ddl := `CREATE SCHEMA IF NOT EXISTS ` + rbCeiling + `; DROP TABLE IF EXISTS ` + rbCeiling + `.rows;
		CREATE TABLE ` + rbCeiling + `.rows (pos_major bigint NOT NULL, pos_minor bigint NOT NULL, event_id text NOT NULL,
		stream text NOT NULL, aggregate_type text NOT NULL, aggregate_id text NOT NULL, stream_version bigint NOT NULL,
		event_type text NOT NULL, schema_version int NOT NULL, actor_id text NOT NULL, actor_role text NOT NULL,
		actor_org_unit text NOT NULL, on_behalf_of text NOT NULL, reason text NOT NULL, source_doc_ref text NOT NULL,
		policy_version text NOT NULL, effective_at timestamptz, recorded_at timestamptz NOT NULL, correlation_id text NOT NULL,
		causation_id text NOT NULL, idempotency_key text NOT NULL, data jsonb NOT NULL, PRIMARY KEY (pos_major, pos_minor))`
	if _, err := a.Pool.Exec(ctx, ddl); err != nil {
		return err
	}
	_, _ = a.Pool.Exec(ctx, "CHECKPOINT")
	start := time.Now()
	for done := 0; done < n; done += ceilingBatch {
		rows := make([][]any, min(ceilingBatch, n-done))
		for i := range rows {
			rows[i] = ceilingRow(sample[i%len(sample)], int64(done+i+1))
		}
		err := pgx.BeginFunc(ctx, a.Pool, func(tx pgx.Tx) error {
			_, err := tx.CopyFrom(ctx, pgx.Identifier{rbCeiling, "rows"}, cols, pgx.CopyFromRows(rows))
			return err
		})
		if err != nil {
			return fmt.Errorf("ceiling copy: %w", err)
		}
	}
	secs := time.Since(start).Seconds()
	results["rebuild_ceiling_eps"], results["rebuild_ceiling_seconds"] = float64(n)/secs, secs
	return nil
}

func ceilingRow(e eventstore.Recorded, pos int64) []any {
	aggType, aggID, _ := strings.Cut(e.Stream, "-")
	m := e.Metadata
	return []any{pos, int64(0), e.ID, e.Stream, aggType, aggID, int64(e.StreamVersion), e.Type, int32(e.SchemaVersion),
		m.ActorID, string(m.ActorRole), m.ActorOrgUnitID, m.OnBehalfOf, m.Reason, m.SourceDocRef, m.RegulationVersion,
		m.EffectiveAt, e.RecordedAt, m.CorrelationID, m.CausationID, m.IdempotencyKey, string(e.Data)}
}

// dryRun generates the history without a database and reports what it
// would write and which decisions the domain refused.
func dryRun(n int, seed uint64) error {
	start := time.Now()
	counts := map[string]int{}
	var appends int
	g := generateHistory(n, seed, func(ap histAppend) {
		appends++
		for _, e := range ap.events {
			counts[e.Type]++
		}
	})
	fmt.Printf("generated %d events in %d appends, %d event types, in %s\n", g.events, appends, len(counts), time.Since(start).Round(time.Millisecond))
	for t, c := range counts {
		fmt.Printf("  %-44s %8d\n", t, c)
	}
	printRefusals(g.refusals())
	if len(g.refused) > 0 {
		fmt.Fprintln(os.Stderr, "the generator has refused decisions")
	}
	return nil
}
