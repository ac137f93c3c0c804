package queries

import "time"

// Bitemporal bounds a list to its rows as of a time on either or both
// axes: AsOf, the recorded time (what the log knew then), and ValidAt,
// the effective time (what was in force then). The zero value is the
// current state.
type Bitemporal struct {
	AsOf    time.Time
	ValidAt time.Time
}

// Past reports whether b asks for a past state rather than the current.
func (b Bitemporal) Past() bool { return !b.AsOf.IsZero() || !b.ValidAt.IsZero() }

// Clock is the instant a past state computes its time-dependent fields
// (lateness, aging, staleness) against: the valid time, else the recorded
// one, else now.
func (b Bitemporal) Clock(now time.Time) time.Time {
	switch {
	case !b.ValidAt.IsZero():
		return b.ValidAt
	case !b.AsOf.IsZero():
		return b.AsOf
	}
	return now
}
