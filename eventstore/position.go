package eventstore

import (
	"fmt"
	"strconv"
	"strings"
)

// Position is a place in the global log. Callers treat it as opaque: they
// compare positions, store them as checkpoints and pass them back. Each
// store fills the two parts its own way (PostgreSQL: transaction id and
// sequence; EventStoreDB: commit and prepare positions); positions from
// one store order the same way as its global log.
type Position struct {
	Major uint64
	Minor uint64
}

// Start is the position before the first event.
var Start = Position{}

// IsStart reports whether p is before the first event.
func (p Position) IsStart() bool { return p == Start }

// Compare returns -1, 0 or +1 as p is before, at or after q.
func (p Position) Compare(q Position) int {
	switch {
	case p.Major < q.Major:
		return -1
	case p.Major > q.Major:
		return 1
	case p.Minor < q.Minor:
		return -1
	case p.Minor > q.Minor:
		return 1
	}
	return 0
}

// String encodes the position for headers and checkpoints ("12-345").
func (p Position) String() string { return fmt.Sprintf("%d-%d", p.Major, p.Minor) }

// ParsePosition decodes a position written by String.
func ParsePosition(s string) (Position, error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return Position{}, fmt.Errorf("parse position %q: want MAJOR-MINOR", s)
	}
	major, err := strconv.ParseUint(a, 10, 64)
	if err != nil {
		return Position{}, fmt.Errorf("parse position %q: %w", s, err)
	}
	minor, err := strconv.ParseUint(b, 10, 64)
	if err != nil {
		return Position{}, fmt.Errorf("parse position %q: %w", s, err)
	}
	return Position{Major: major, Minor: minor}, nil
}
