package commands

import (
	"github.com/google/uuid"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// encode gives every event a fresh id, also under an idempotency key: a
// store takes an append of ids it already holds as a retry of that append
// and reports success without writing, so ids derived from the key would
// let a duplicate request "succeed" with events that are not the stored
// ones. With fresh ids a duplicate that raced the first conflicts, reads
// the stream and replays the key; the aggregate cache relies on this.
func (l *eventLog) encode(m Meta, role domain.Role, regulation string, events []domain.Event) ([]eventstore.EventData, error) {
	meta := l.metadata(m, role, regulation)
	out := make([]eventstore.EventData, len(events))
	for i, e := range events {
		ed, err := l.codec.Encode(uuid.NewString(), e, meta)
		if err != nil {
			return nil, err
		}
		out[i] = ed
	}
	return out, nil
}

// metadata is the audit envelope of a command's events: who acted under
// which role and regulation version, why, and when in business terms.
func (l *eventLog) metadata(m Meta, role domain.Role, regulation string) eventstore.Metadata {
	effective := m.EffectiveAt
	if effective.IsZero() {
		effective = l.now()
	}
	return eventstore.Metadata{
		ActorID:           m.Actor.EmployeeID,
		ActorRole:         role,
		ActorOrgUnitID:    m.Actor.OrgUnitID,
		OnBehalfOf:        m.OnBehalfOf,
		Reason:            m.Reason,
		SourceDocRef:      m.SourceDocRef,
		RegulationVersion: regulation,
		EffectiveAt:       effective.UTC(),
		CorrelationID:     m.CorrelationID,
		CausationID:       m.CausationID,
		IdempotencyKey:    m.IdempotencyKey,
	}
}
