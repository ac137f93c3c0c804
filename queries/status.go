package queries

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Position is a place in the global event log, as the read side reports
// it (the engine's checkpoint of a projection, a parked event's place).
type Position struct {
	Major uint64
	Minor uint64
}

// String writes the position as the API writes every position
// ("MAJOR-MINOR", what ?after= takes).
func (p Position) String() string { return fmt.Sprintf("%d-%d", p.Major, p.Minor) }

// MarshalJSON writes the position as its string.
func (p Position) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(p.String())), nil }

// UnmarshalJSON reads a position written by MarshalJSON.
func (p *Position) UnmarshalJSON(b []byte) error {
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return fmt.Errorf("position: want a string: %w", err)
	}
	a, c, _ := strings.Cut(s, "-")
	major, errA := strconv.ParseUint(a, 10, 64)
	minor, errB := strconv.ParseUint(c, 10, 64)
	if errA != nil || errB != nil {
		return fmt.Errorf("position %q: want MAJOR-MINOR", s)
	}
	p.Major, p.Minor = major, minor
	return nil
}

// Status is how far one projection's active generation has got.
type Status struct {
	Name           string     `json:"name"`
	Generation     int        `json:"generation"`
	Position       Position   `json:"position"`
	EventsApplied  int64      `json:"events_applied"`
	LastRecordedAt *time.Time `json:"last_recorded_at,omitempty"`
	UpdatedAt      time.Time  `json:"updated_at"`
	// LagEvents counts events the projection has yet to apply (capped at
	// 10,000); LagSeconds is the age of the oldest of them.
	LagEvents  int     `json:"lag_events"`
	LagSeconds float64 `json:"lag_seconds"`
	Parked     int     `json:"parked"`
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
	ID         int64      `json:"id"`
	Projection string     `json:"projection"`
	Generation int        `json:"generation"`
	EventID    string     `json:"event_id"`
	Stream     string     `json:"stream"`
	EventType  string     `json:"event_type"`
	Position   Position   `json:"position"`
	Error      string     `json:"error"`
	Attempts   int        `json:"attempts"`
	Status     string     `json:"status"` // parked, skipped or resolved
	ParkedAt   time.Time  `json:"parked_at"`
	ResolvedAt *time.Time `json:"resolved_at,omitempty"`
	ResolvedBy *string    `json:"resolved_by,omitempty"`
	Resolution *string    `json:"resolution,omitempty"`
}
