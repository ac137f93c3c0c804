package esdb

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	esdbclient "github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// storedMeta is the JSON user metadata of every event we write.
type storedMeta struct {
	eventstore.Metadata
	SchemaVersion int `json:"schema_version,omitempty"`
	// EventID keeps an event id that is not a canonical UUID.
	EventID string `json:"event_id,omitempty"`
}

// idNamespace derives ESDB ids for event ids that are not UUIDs.
var idNamespace = uuid.MustParse("6f0d3c52-5b8e-4e0a-9d43-8a2f6f1c9e77")

func toEventData(e eventstore.EventData) (esdbclient.EventData, error) {
	meta := storedMeta{Metadata: e.Metadata, SchemaVersion: e.SchemaVersion}
	id, err := uuid.Parse(e.ID)
	switch {
	case e.ID == "":
		id = uuid.New()
	case err != nil || id.String() != e.ID:
		id = uuid.NewSHA1(idNamespace, []byte(e.ID))
		meta.EventID = e.ID
	}
	m, err := json.Marshal(meta)
	if err != nil {
		return esdbclient.EventData{}, fmt.Errorf("encode metadata of %s: %w", e.Type, err)
	}
	return esdbclient.EventData{
		EventID:     id,
		EventType:   e.Type,
		ContentType: esdbclient.ContentTypeJson,
		Data:        e.Data,
		Metadata:    m,
	}, nil
}

func toRecorded(ev *esdbclient.RecordedEvent) (eventstore.Recorded, error) {
	var meta storedMeta
	if len(ev.UserMetadata) > 0 {
		if err := json.Unmarshal(ev.UserMetadata, &meta); err != nil {
			return eventstore.Recorded{}, fmt.Errorf("esdb: metadata of %s@%d: %w", ev.StreamID, ev.EventNumber, err)
		}
	}
	id := meta.EventID
	if id == "" {
		id = ev.EventID.String()
	}
	return eventstore.Recorded{
		EventData: eventstore.EventData{
			ID:            id,
			Type:          ev.EventType,
			SchemaVersion: meta.SchemaVersion,
			Data:          ev.Data,
			Metadata:      meta.Metadata,
		},
		Stream:        ev.StreamID,
		StreamVersion: ev.EventNumber + 1,
		Position:      fromPosition(ev.Position),
		RecordedAt:    ev.CreatedDate,
	}, nil
}

func expectedRevision(e eventstore.ExpectedVersion) esdbclient.ExpectedRevision {
	switch {
	case e.IsAny():
		return esdbclient.Any{}
	case e.IsNoStream():
		return esdbclient.NoStream{}
	case e.IsStreamExists():
		return esdbclient.StreamExists{}
	}
	v, _ := e.Exact()
	return esdbclient.Revision(v - 1)
}

func fromPosition(p esdbclient.Position) eventstore.Position {
	return eventstore.Position{Major: p.Commit, Minor: p.Prepare}
}

// allFrom is where a forward read of $all after p starts.
func allFrom(p eventstore.Position) esdbclient.AllPosition {
	if p.IsStart() {
		return esdbclient.Start{}
	}
	return esdbclient.Position{Commit: p.Major, Prepare: p.Minor}
}

// isSystem reports events that the server writes for itself.
func isSystem(ev *esdbclient.RecordedEvent) bool {
	return strings.HasPrefix(ev.StreamID, "$") || strings.HasPrefix(ev.EventType, "$")
}

func errorCode(err error) (esdbclient.ErrorCode, bool) {
	var e *esdbclient.Error
	if errors.As(err, &e) {
		return e.Code(), true
	}
	return 0, false
}

func isMissingStream(err error) bool {
	code, ok := errorCode(err)
	return ok && (code == esdbclient.ErrorCodeResourceNotFound || code == esdbclient.ErrorCodeStreamDeleted)
}

// wrap names the operation and classifies err: a wrong expected version
// wraps domain.ErrConflict, a cancelled context wraps ctx.Err().
func wrap(ctxErr error, err error, op string) error {
	if code, ok := errorCode(err); ok && code == esdbclient.ErrorCodeWrongExpectedVersion {
		return fmt.Errorf("esdb: %s: %w: %w", op, domain.ErrConflict, err)
	}
	if ctxErr != nil {
		return fmt.Errorf("esdb: %s: %w (%v)", op, ctxErr, err)
	}
	return fmt.Errorf("esdb: %s: %w", op, err)
}

func conflict(stream string, expected eventstore.ExpectedVersion, current uint64) error {
	return fmt.Errorf("esdb: append to %s: %w: expected %v, stream is at version %d",
		stream, domain.ErrConflict, expected, current)
}
