package export

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/opsledger/opsledger/eventstore"
)

// Query selects the events an export writes.
type Query struct {
	// From and To bound the events' recorded time: From inclusive, To
	// exclusive. A zero From is the start of the log, a zero To no bound.
	From, To time.Time
	// Types keeps events of these types (none: all).
	Types []string
	// StreamPrefixes keeps events whose stream starts with one of these
	// (none: all), e.g. "customer-".
	StreamPrefixes []string
}

// ErrBadQuery marks a query that can never be answered: a range that
// ends before it starts, or a type the system never records.
var ErrBadQuery = errors.New("bad export query")

// Check refuses a query that makes no sense. known lists the event types
// the system records; a type not among them is a typo, not an empty
// export.
func (q Query) Check(known []string) error {
	if !q.From.IsZero() && !q.To.IsZero() && !q.To.After(q.From) {
		return fmt.Errorf("%w: the range ends (%s) before it starts (%s)", ErrBadQuery,
			q.To.Format(time.RFC3339), q.From.Format(time.RFC3339))
	}
	for _, t := range q.Types {
		if !slices.Contains(known, t) {
			return fmt.Errorf("%w: no event type %q (the types are listed by `opsledger export --help`)", ErrBadQuery, t)
		}
	}
	for _, p := range q.StreamPrefixes {
		if strings.TrimSpace(p) == "" {
			return fmt.Errorf("%w: an empty stream prefix", ErrBadQuery)
		}
	}
	return nil
}

// filter is the part of the query the store applies itself.
func (q Query) filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: q.StreamPrefixes, EventTypes: q.Types}
}

// inRange reports whether an event recorded at t is in the query's range.
func (q Query) inRange(t time.Time) bool {
	return (q.From.IsZero() || !t.Before(q.From)) && (q.To.IsZero() || t.Before(q.To))
}
