package projections

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// AuditEntry is one row of the audit trail.
type AuditEntry struct {
	PosMajor       int64           `db:"pos_major" json:"-"`
	PosMinor       int64           `db:"pos_minor" json:"-"`
	Position       string          `db:"-" json:"position"`
	EventID        string          `db:"event_id" json:"event_id"`
	Stream         string          `db:"stream" json:"stream"`
	AggregateType  string          `db:"aggregate_type" json:"aggregate_type"`
	AggregateID    string          `db:"aggregate_id" json:"aggregate_id"`
	StreamVersion  int64           `db:"stream_version" json:"stream_version"`
	EventType      string          `db:"event_type" json:"event_type"`
	SchemaVersion  int             `db:"schema_version" json:"schema_version"`
	ActorID        string          `db:"actor_id" json:"actor_id"`
	ActorRole      string          `db:"actor_role" json:"actor_role"`
	ActorOrgUnit   string          `db:"actor_org_unit" json:"actor_org_unit"`
	OnBehalfOf     string          `db:"on_behalf_of" json:"on_behalf_of,omitempty"`
	Reason         string          `db:"reason" json:"reason,omitempty"`
	SourceDocRef   string          `db:"source_doc_ref" json:"source_doc_ref,omitempty"`
	PolicyVersion  string          `db:"policy_version" json:"policy_version,omitempty"`
	EffectiveAt    *time.Time      `db:"effective_at" json:"effective_at,omitempty"`
	RecordedAt     time.Time       `db:"recorded_at" json:"recorded_at"`
	CorrelationID  string          `db:"correlation_id" json:"correlation_id,omitempty"`
	CausationID    string          `db:"causation_id" json:"causation_id,omitempty"`
	IdempotencyKey string          `db:"idempotency_key" json:"-"`
	Data           json.RawMessage `db:"data" json:"data"`
}

// AuditFilter selects audit rows. Empty fields select everything.
type AuditFilter struct {
	ActorID       string
	AggregateType string
	AggregateID   string
	EventType     string
	// RecordedFrom and RecordedTo bound the recorded time (inclusive,
	// exclusive); EffectiveFrom and EffectiveTo the business time.
	RecordedFrom, RecordedTo   time.Time
	EffectiveFrom, EffectiveTo time.Time
	CorrelationID              string
}

// Audit lists audit rows matching f in global order.
func (q *Queries) Audit(ctx context.Context, f AuditFilter, page PageRequest) (Page[AuditEntry], error) {
	c, err := decodeCursor(page.Cursor, 2)
	if err != nil {
		return Page[AuditEntry]{}, err
	}
	var w where
	addIf(&w, "actor_id = ?", f.ActorID)
	addIf(&w, "aggregate_type = ?", f.AggregateType)
	addIf(&w, "aggregate_id = ?", f.AggregateID)
	addIf(&w, "event_type = ?", f.EventType)
	addIf(&w, "correlation_id = ?", f.CorrelationID)
	addIf(&w, "recorded_at >= ?", f.RecordedFrom)
	if !f.RecordedFrom.IsZero() {
		w.add(q.auditStartOf(), f.RecordedFrom)
	}
	addIf(&w, "recorded_at < ?", f.RecordedTo)
	addIf(&w, "effective_at >= ?", f.EffectiveFrom)
	addIf(&w, "effective_at < ?", f.EffectiveTo)
	if c != nil {
		w.add("(pos_major, pos_minor) > (?::bigint, ?::bigint)", c[0], c[1])
	}
	sql := "SELECT * FROM " + q.table("audit_trail") + w.sql()
	limit := page.limit()
	sql += fmt.Sprintf(" ORDER BY pos_major, pos_minor LIMIT %d", limit+1)
	rows, err := q.pool.Query(ctx, sql, w.args...)
	if err != nil {
		return Page[AuditEntry]{}, fmt.Errorf("audit: %w", err)
	}
	p, err := listPage(rows, limit, func(e AuditEntry) cursor {
		return cursor{strconv.FormatInt(e.PosMajor, 10), strconv.FormatInt(e.PosMinor, 10)}
	})
	for i := range p.Items {
		p.Items[i].Position = fmt.Sprintf("%d-%d", p.Items[i].PosMajor, p.Items[i].PosMinor)
	}
	return p, err
}

// auditStartOf is a condition on the log position implied by a lower
// bound on the recorded time: no row recorded since then belongs to a
// transaction older than the oldest such row. Without it, "since last
// week" walks the log from its start, because the planner takes the
// matching rows for spread out while they sit at its end (0.55 s for the
// last second of 1M rows). The bound is found through the BRIN index on
// recorded_at; "+ 0" keeps the planner from turning min() into that same
// walk. When nothing matches, the bound is past every position.
func (q *Queries) auditStartOf() string {
	return "pos_major >= coalesce((SELECT min(pos_major + 0) FROM " + q.table("audit_trail") +
		" WHERE recorded_at >= ?), 9223372036854775807)"
}
