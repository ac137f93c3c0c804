package export

import (
	"time"

	"github.com/opsledger/opsledger/eventstore"
)

// Row is one exported event. Its field order is the column order of every
// format (docs/EXPORT.md documents each column); the tags name the
// columns for Parquet and the keys for NDJSON.
type Row struct {
	// Position is the event's place in the global log, as the API's
	// position headers write it ("major-minor"). Rows come in log order.
	Position          string     `json:"position" parquet:"position"`
	Stream            string     `json:"stream" parquet:"stream,dict"`
	StreamVersion     int64      `json:"stream_version" parquet:"stream_version"`
	EventID           string     `json:"event_id" parquet:"event_id"`
	EventType         string     `json:"event_type" parquet:"event_type,dict"`
	SchemaVersion     int32      `json:"schema_version" parquet:"schema_version"`
	RecordedAt        time.Time  `json:"recorded_at" parquet:"recorded_at,timestamp(microsecond)"`
	EffectiveAt       *time.Time `json:"effective_at" parquet:"effective_at,optional,timestamp(microsecond)"`
	ActorID           string     `json:"actor_id" parquet:"actor_id,dict"`
	ActorRole         string     `json:"actor_role" parquet:"actor_role,dict"`
	ActorOrgUnitID    string     `json:"actor_org_unit_id" parquet:"actor_org_unit_id,dict"`
	OnBehalfOf        string     `json:"on_behalf_of" parquet:"on_behalf_of"`
	Reason            string     `json:"reason" parquet:"reason"`
	SourceDocRef      string     `json:"source_doc_ref" parquet:"source_doc_ref"`
	RegulationVersion string     `json:"regulation_version" parquet:"regulation_version,dict"`
	CorrelationID     string     `json:"correlation_id" parquet:"correlation_id"`
	CausationID       string     `json:"causation_id" parquet:"causation_id"`
	// Data is the event's body, JSON, as the store returns it.
	Data string `json:"data" parquet:"data,json"`
}

// rowOf flattens a stored event into a row. Times are UTC at microsecond
// precision, the precision PostgreSQL keeps, so every format carries the
// same instant.
func rowOf(r eventstore.Recorded) Row {
	m := r.Metadata
	row := Row{
		Position: string(appendPosition(nil, r.Position)), Stream: r.Stream, StreamVersion: int64(r.StreamVersion),
		EventID: r.ID, EventType: r.Type, SchemaVersion: int32(r.SchemaVersion),
		RecordedAt: utcMicro(r.RecordedAt),
		ActorID:    m.ActorID, ActorRole: string(m.ActorRole), ActorOrgUnitID: m.ActorOrgUnitID,
		OnBehalfOf: m.OnBehalfOf, Reason: m.Reason, SourceDocRef: m.SourceDocRef,
		RegulationVersion: m.RegulationVersion, CorrelationID: m.CorrelationID, CausationID: m.CausationID,
		Data: string(r.Data),
	}
	if !m.EffectiveAt.IsZero() {
		t := utcMicro(m.EffectiveAt)
		row.EffectiveAt = &t
	}
	return row
}

func utcMicro(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
