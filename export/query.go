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

// QueryError says which part of a query is wrong and why; it is an
// ErrBadQuery.
type QueryError struct {
	// Field is the query's part: from, to, types, streams or format.
	Field  string
	Reason string
}

func (e *QueryError) Error() string { return fmt.Sprintf("%s: %s: %s", ErrBadQuery, e.Field, e.Reason) }

// Is makes every QueryError an ErrBadQuery.
func (e *QueryError) Is(target error) bool { return target == ErrBadQuery }

func badQuery(field, format string, args ...any) error {
	return &QueryError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// Check refuses a query that makes no sense. known lists the event types
// the system records; a type not among them is a typo, not an empty
// export.
func (q Query) Check(known []string) error {
	if !q.From.IsZero() && !q.To.IsZero() && !q.To.After(q.From) {
		return badQuery("to", "the range ends (%s) where or before it starts (%s)",
			q.To.Format(time.RFC3339), q.From.Format(time.RFC3339))
	}
	for _, t := range q.Types {
		if !slices.Contains(known, t) {
			return badQuery("types", "no event type %q (`opsledger export --help` lists them)", t)
		}
	}
	for _, p := range q.StreamPrefixes {
		if strings.TrimSpace(p) == "" {
			return badQuery("streams", "an empty stream prefix")
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
