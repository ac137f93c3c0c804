package tables

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/opsledger/opsledger/eventstore"
)

// FoldStream folds the events of one aggregate with a read model's own
// fold, in memory: the events are decoded as a batch's are and handed to
// fold in order, and nothing is read from or written to the database. It
// shows a view as of a time: the same fold over the events known (or in
// force) then, so the answer has the live view's shape and meaning.
func FoldStream(ev Events, events []eventstore.Recorded, fold func(id string, e Decoded)) error {
	evs, err := ev.Decode(events)
	if err != nil {
		return err
	}
	for _, e := range evs {
		if id, ok := strings.CutPrefix(e.Stream, ev.prefix); ok {
			fold(id, e)
		}
	}
	return nil
}

// Added returns the rows added to s, in order.
func (s *AppendSet[T]) Added() []*T { return s.rows }

// CopyColumns sets each field of dst (a pointer to a struct) whose db tag
// names a column of src (a struct or a pointer to one) to that column's
// value, as reading the row back from its table would: between
// convertible types (uint64 to int64, int64 to a named integer), through
// the field's sql.Scanner (a time into a queries.Day), and a nil pointer
// to the zero value. Fields of dst that src lacks are left alone.
func CopyColumns(dst, src any) error {
	from := reflect.Indirect(reflect.ValueOf(src))
	values := map[string]reflect.Value{}
	for _, f := range reflect.VisibleFields(from.Type()) {
		if name := f.Tag.Get("db"); name != "" && name != "-" && !f.Anonymous {
			values[name] = from.FieldByIndex(f.Index)
		}
	}
	to := reflect.ValueOf(dst).Elem()
	for _, f := range reflect.VisibleFields(to.Type()) {
		v, ok := values[f.Tag.Get("db")]
		if !ok || f.Anonymous {
			continue
		}
		if err := setColumn(to.FieldByIndex(f.Index), v); err != nil {
			return fmt.Errorf("column %s: %w", f.Tag.Get("db"), err)
		}
	}
	return nil
}

var scannerType = reflect.TypeFor[sql.Scanner]()

func setColumn(dst, v reflect.Value) error {
	if v.Kind() == reflect.Pointer && dst.Kind() != reflect.Pointer {
		if v.IsNil() {
			dst.SetZero()
			return nil
		}
		v = v.Elem()
	}
	switch {
	case v.Type().AssignableTo(dst.Type()):
		dst.Set(v)
	case v.Type().ConvertibleTo(dst.Type()):
		dst.Set(v.Convert(dst.Type()))
	case v.Kind() == reflect.String && dst.Kind() == reflect.Slice: // a JSON text column read back as jsonb
		return json.Unmarshal([]byte(v.String()), dst.Addr().Interface())
	case dst.Kind() == reflect.Pointer && v.Kind() == reflect.Pointer && v.IsNil():
		dst.SetZero()
	case dst.Kind() == reflect.Pointer && dst.Type().Implements(scannerType):
		p := reflect.New(dst.Type().Elem())
		if err := p.Interface().(sql.Scanner).Scan(reflect.Indirect(v).Interface()); err != nil {
			return err
		}
		dst.Set(p)
	case dst.CanAddr() && dst.Addr().Type().Implements(scannerType):
		return dst.Addr().Interface().(sql.Scanner).Scan(v.Interface())
	default:
		return fmt.Errorf("cannot read %s as %s", v.Type(), dst.Type())
	}
	return nil
}

// Rows returns the rows s holds, in no particular order.
func (s *Set[T]) Rows() []*T {
	out := make([]*T, 0, len(s.rows))
	for _, r := range s.rows {
		out = append(out, r)
	}
	return out
}

// CopyRows copies each row's columns into a new V (see CopyColumns).
func CopyRows[V, T any](rows []*T) ([]V, error) {
	out := make([]V, len(rows))
	for i, r := range rows {
		if err := CopyColumns(&out[i], r); err != nil {
			return nil, err
		}
	}
	return out, nil
}
