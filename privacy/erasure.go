package privacy

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// SubjectErased is recorded on the subject's stream (Subject.Stream) when
// a person's personal data is erased (rule P1-erasure). Who asked, under
// which role and why are in the envelope. KeyDestroyed is false for a
// subject whose data was only ever stored in clear (written before
// encryption): its events keep it, and only the read models and
// snapshots are scrubbed.
type SubjectErased struct {
	SubjectID    string      `json:"subject_id"`
	Kind         SubjectKind `json:"kind"`
	KeyDestroyed bool        `json:"key_destroyed"`
	ErasedBy     string      `json:"erased_by"`
	ErasedAt     time.Time   `json:"erased_at"`
}

// EventType implements domain.Event.
func (SubjectErased) EventType() string { return "privacy.subject_erased" }

// Events lists the events of the privacy package, for the codec.
func Events() []domain.Event { return []domain.Event{SubjectErased{}} }

// ErrSubjectErased refuses a second erasure of a subject.
var ErrSubjectErased = domain.Conflict("the person's personal data was erased already")

// Erasure is the state of a subject's stream: whether it was erased.
type Erasure struct {
	Erased bool
}

// Evolve applies one event to the state.
func (e Erasure) Evolve(ev domain.Event) Erasure {
	if _, ok := ev.(SubjectErased); ok {
		e.Erased = true
	}
	return e
}

// Erase decides the erasure of subject: refused (ErrSubjectErased) once
// erased.
func (e Erasure) Erase(s Subject, keyDestroyed bool, actorID string, at time.Time) ([]domain.Event, error) {
	if e.Erased {
		return nil, ErrSubjectErased
	}
	return []domain.Event{SubjectErased{SubjectID: s.ID(), Kind: s.Kind, KeyDestroyed: keyDestroyed, ErasedBy: actorID, ErasedAt: at}}, nil
}
