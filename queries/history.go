package queries

import (
	"bytes"
	"encoding/json"
	"time"
)

// HistoryEntry is one event of an aggregate's history with its envelope:
// who did it under which role and org unit, why, when it was recorded and
// when it took effect, under which regulation version, and what it
// caused or was caused by. Data, the event's body, is shown only to the
// auditing roles (AuditReaders), who read every body in the audit trail
// anyway: a body may hold personal fields (a key person's phone, a fine)
// that the resource's own view hides from some of its readers. It is
// the body as the audit trail shows it (CanonicalBody: amounts as
// decimal strings, times in UTC), numbers kept exact.
type HistoryEntry struct {
	Version           int64          `json:"version"`
	Position          string         `json:"position"`
	EventID           string         `json:"event_id"`
	EventType         string         `json:"event_type"`
	SchemaVersion     int            `json:"schema_version"`
	RecordedAt        time.Time      `json:"recorded_at"`
	EffectiveAt       time.Time      `json:"effective_at"`
	Retroactive       bool           `json:"retroactive"`
	ActorID           string         `json:"actor_id"`
	ActorRole         string         `json:"actor_role"`
	ActorOrgUnitID    string         `json:"actor_org_unit_id,omitempty"`
	OnBehalfOf        string         `json:"on_behalf_of,omitempty"`
	Reason            string         `json:"reason,omitempty"`
	SourceDocRef      string         `json:"source_doc_ref,omitempty"`
	RegulationVersion string         `json:"regulation_version,omitempty"`
	CorrelationID     string         `json:"correlation_id,omitempty"`
	CausationID       string         `json:"causation_id,omitempty"`
	Data              map[string]any `json:"data,omitempty"`
}

// History orders: oldest first (the order the events were recorded in)
// or newest first.
const (
	HistoryOldestFirst = "oldest"
	HistoryNewestFirst = "newest"
)

// HistoryOrders lists the orders a history is read in.
var HistoryOrders = []string{HistoryNewestFirst, HistoryOldestFirst}

// HistoryBody is an event body as a history entry shows it, or nil when
// the body is not a JSON object.
func HistoryBody(body json.RawMessage) map[string]any {
	dec := json.NewDecoder(bytes.NewReader(CanonicalBody(body)))
	dec.UseNumber()
	var out map[string]any
	if err := dec.Decode(&out); err != nil {
		return nil
	}
	return out
}
