package queries

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Position is a place in the global event log, as the read side reports
// it (the engine's checkpoint of a projection, a parked event's place).
type Position struct {
	Major uint64
	Minor uint64
}

// Status is how far one projection's active generation has got.
type Status struct {
	Name           string
	Generation     int
	Position       Position
	EventsApplied  int64
	LastRecordedAt *time.Time
	UpdatedAt      time.Time
	// LagEvents counts events the projection has yet to apply (capped at
	// 10,000); LagSeconds is the age of the oldest of them.
	LagEvents  int
	LagSeconds float64
	Parked     int
}

// ErrNotCaughtUp is returned when a read model did not reach a position in
// time; the API answers 503 with Retry-After.
var ErrNotCaughtUp = domain.Conflict("the read model has not caught up with that position yet")

// ErrDeadLetterNotFound is returned for an unknown or already resolved
// dead letter.
var ErrDeadLetterNotFound = domain.NotFound("no open dead letter with that id")

// DeadLetter is an event a projection could not apply: the projection
// stops before it until an operator retries or skips it.
type DeadLetter struct {
	ID         int64
	Projection string
	Generation int
	EventID    string
	Stream     string
	EventType  string
	Position   Position
	Error      string
	Attempts   int
	Status     string // parked, skipped or resolved
	ParkedAt   time.Time
	ResolvedAt *time.Time
	ResolvedBy *string
	Resolution *string
}
