package queries

import (
	"encoding/json"
	"time"
)

// AuditEntry is one row of the audit trail. RegulationVersion keeps the
// column and JSON key "policy_version": rows already stored and API clients
// carry that key.
type AuditEntry struct {
	PosMajor          int64           `db:"pos_major" json:"-"`
	PosMinor          int64           `db:"pos_minor" json:"-"`
	Position          string          `db:"-" json:"position"`
	EventID           string          `db:"event_id" json:"event_id"`
	Stream            string          `db:"stream" json:"stream"`
	AggregateType     string          `db:"aggregate_type" json:"aggregate_type"`
	AggregateID       string          `db:"aggregate_id" json:"aggregate_id"`
	StreamVersion     int64           `db:"stream_version" json:"stream_version"`
	EventType         string          `db:"event_type" json:"event_type"`
	SchemaVersion     int             `db:"schema_version" json:"schema_version"`
	ActorID           string          `db:"actor_id" json:"actor_id"`
	ActorRole         string          `db:"actor_role" json:"actor_role"`
	ActorOrgUnit      string          `db:"actor_org_unit" json:"actor_org_unit"`
	OnBehalfOf        string          `db:"on_behalf_of" json:"on_behalf_of,omitempty"`
	Reason            string          `db:"reason" json:"reason,omitempty"`
	SourceDocRef      string          `db:"source_doc_ref" json:"source_doc_ref,omitempty"`
	RegulationVersion string          `db:"policy_version" json:"policy_version,omitempty"`
	EffectiveAt       *time.Time      `db:"effective_at" json:"effective_at,omitempty"`
	RecordedAt        time.Time       `db:"recorded_at" json:"recorded_at"`
	CorrelationID     string          `db:"correlation_id" json:"correlation_id,omitempty"`
	CausationID       string          `db:"causation_id" json:"causation_id,omitempty"`
	IdempotencyKey    string          `db:"idempotency_key" json:"-"`
	Data              json.RawMessage `db:"data" json:"data"`
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
