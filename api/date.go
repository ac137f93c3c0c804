package api

import (
	"encoding/json"
	"reflect"
	"time"
)

// Date is a date-only request field ("2027-01-15", ISO 8601 / RFC 3339
// full-date), held as midnight UTC of that day. An RFC 3339 date-time is
// also accepted, and kept as sent, so that clients written before date
// fields took bare dates keep working.
type Date struct{ time.Time }

// UnmarshalJSON reads a full-date or an RFC 3339 date-time.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &json.UnmarshalTypeError{Value: "non-string", Type: reflect.TypeFor[Date]()}
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		d.Time = t
		return nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return &json.UnmarshalTypeError{Value: "string", Type: reflect.TypeFor[Date]()}
	}
	d.Time = t
	return nil
}

// Month is a month request field ("2027-01"), held as midnight UTC of its
// first day; a full-date or an RFC 3339 date-time in the month is also
// accepted, kept as sent.
type Month struct{ time.Time }

// UnmarshalJSON reads a year-month, a full-date or an RFC 3339 date-time.
func (m *Month) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &json.UnmarshalTypeError{Value: "non-string", Type: reflect.TypeFor[Month]()}
	}
	if t, err := time.Parse("2006-01", s); err == nil {
		m.Time = t
		return nil
	}
	var d Date
	if err := d.UnmarshalJSON(b); err != nil {
		return &json.UnmarshalTypeError{Value: "string", Type: reflect.TypeFor[Month]()}
	}
	m.Time = d.Time
	return nil
}

// wantedType says what a field of type t must hold, in an error.
func wantedType(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[Date]():
		return "a date such as 2027-01-15"
	case reflect.TypeFor[Month]():
		return "a month such as 2027-01"
	}
	return jsonKind(t.Kind().String())
}
