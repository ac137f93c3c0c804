package eventstore

import (
	"bytes"
	"fmt"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// ErrEventIDReused is wrapped by the error of an append that carries an
// event id its stream already holds for another event: another type,
// schema version, body or metadata. It wraps domain.ErrConflict, so
// callers that only tell conflicts from failures need not know it.
var ErrEventIDReused = fmt.Errorf("event id already stored with other content: %w", domain.ErrConflict)

// SameEvent reports whether stored is the event e, as an append retried by
// id must carry it: same id, type, schema version, body byte for byte and
// metadata. EffectiveAt is compared to the microsecond, the precision every
// store keeps, and regardless of its zone.
func SameEvent(stored, e EventData) bool {
	return stored.ID == e.ID && stored.Type == e.Type && stored.SchemaVersion == e.SchemaVersion &&
		bytes.Equal(stored.Data, e.Data) && sameMetadata(stored.Metadata, e.Metadata)
}

func sameMetadata(a, b Metadata) bool {
	at, bt := a.EffectiveAt.Truncate(time.Microsecond), b.EffectiveAt.Truncate(time.Microsecond)
	if !at.Equal(bt) {
		return false
	}
	a.EffectiveAt, b.EffectiveAt = time.Time{}, time.Time{}
	return a == b
}
