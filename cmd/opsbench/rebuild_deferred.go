package main

import (
	"context"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/app"
)

// auditIndexes are the audit trail's secondary indexes (projections/audit.go).
var auditIndexes = []string{
	"CREATE INDEX audit_trail_actor ON audit_trail (actor_id, recorded_at)",
	"CREATE INDEX audit_trail_stream ON audit_trail (stream, stream_version)",
	"CREATE INDEX audit_trail_type ON audit_trail (event_type, recorded_at)",
}

// deferredAudit is a prototype for --defer-audit-indexes: the audit
// trail's generation is created without its secondary indexes, which are
// built once the log is replayed (a sorted build instead of a million
// random index insertions). It measures what an engine hook for
// "indexes after rebuild" would gain; the engine has no such hook yet.
type deferredAudit struct{ timedProjection }

func (d deferredAudit) Setup(ctx context.Context, tx pgx.Tx) error {
	if err := d.timedProjection.Setup(ctx, tx); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, "DROP INDEX audit_trail_actor, audit_trail_stream, audit_trail_type")
	return err
}

// deferAuditIndexes swaps the audit projection of a for deferredAudit.
func deferAuditIndexes(a *app.App) {
	for i, p := range a.Projections {
		if t, ok := p.(timedProjection); ok && p.Name() == "audit" {
			a.Projections[i] = deferredAudit{t}
		}
	}
}

// buildAuditIndexes builds the deferred indexes in the audit trail's
// active generation and returns how long it took.
func buildAuditIndexes(ctx context.Context, a *app.App) (time.Duration, error) {
	start := time.Now()
	var gen int
	err := a.Pool.QueryRow(ctx, "SELECT active_generation FROM "+rbRead+".projection_state WHERE name = 'audit'").Scan(&gen)
	if err != nil {
		return 0, err
	}
	schema := pgx.Identifier{rbRead + "_audit_g" + strconv.Itoa(gen)}.Sanitize()
	for _, ddl := range auditIndexes {
		err := pgx.BeginFunc(ctx, a.Pool, func(tx pgx.Tx) error {
			_, err := tx.Exec(ctx, "SET LOCAL search_path TO "+schema+"; "+ddl)
			return err
		})
		if err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}
