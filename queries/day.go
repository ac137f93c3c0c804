package queries

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"time"
)

// Day is a date-only field of a view (a delivery date, the day a
// shipment leaves): the API takes it as a bare date (api.Date, midnight
// UTC of that day) and writes it back as one, "2027-03-01". The read
// models keep it as the timestamptz it was recorded as; its day is the
// UTC one.
type Day struct{ time.Time }

// DayOf returns t as a Day, nil for the zero time (an optional day).
func DayOf(t time.Time) *Day {
	if t.IsZero() {
		return nil
	}
	return &Day{t}
}

// String is the bare date.
func (d Day) String() string { return d.UTC().Format(time.DateOnly) }

// MarshalJSON writes the bare date.
func (d Day) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(d.String())), nil }

// UnmarshalJSON reads a bare date or an RFC 3339 time.
func (d *Day) UnmarshalJSON(b []byte) error {
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return fmt.Errorf("day: want a string: %w", err)
	}
	if d.Time, err = time.Parse(time.DateOnly, s); err == nil {
		return nil
	}
	if d.Time, err = time.Parse(time.RFC3339, s); err != nil {
		return fmt.Errorf("day %q: want YYYY-MM-DD", s)
	}
	return nil
}

// Scan reads the timestamptz a read model keeps.
func (d *Day) Scan(src any) error {
	t, ok := src.(time.Time)
	if !ok {
		return fmt.Errorf("day: cannot scan %T", src)
	}
	d.Time = t
	return nil
}

// Value writes the day as the timestamptz a read model keeps.
func (d Day) Value() (driver.Value, error) { return d.Time, nil }
