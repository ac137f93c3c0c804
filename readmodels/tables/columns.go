package tables

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// Rows are written column-wise: one array parameter per column, unnested
// by the statement. Binary arrays cost the server far less to read than
// JSON records, which matters when a rebuild rewrites every row.

// salesColKind is how a row field travels.
type salesColKind int

const (
	salesColText salesColKind = iota
	salesColInt
	salesColUint
	salesColBool
	salesColTime
	salesColTimePtr
	salesColJSON // any other type: JSON text, cast to jsonb
)

// salesColumn is one column of a row type, named by its json tag.
type salesColumn struct {
	name  string
	field int
	kind  salesColKind
}

var salesArrayTypes = map[salesColKind]string{salesColText: "text[]", salesColInt: "bigint[]", salesColUint: "bigint[]", salesColBool: "boolean[]",
	salesColTime: "timestamptz[]", salesColTimePtr: "timestamptz[]", salesColJSON: "text[]"}

var salesColumnCache sync.Map // reflect.Type → []salesColumn

// salesColumnsOf returns the columns of row type T, in field order.
func salesColumnsOf[T any]() []salesColumn {
	t := reflect.TypeFor[T]()
	if cols, ok := salesColumnCache.Load(t); ok {
		return cols.([]salesColumn)
	}
	var cols []salesColumn
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		cols = append(cols, salesColumn{name: name, field: i, kind: salesKindOf(f.Type)})
	}
	salesColumnCache.Store(t, cols)
	return cols
}

func salesKindOf(t reflect.Type) salesColKind {
	switch {
	case t == reflect.TypeFor[time.Time]():
		return salesColTime
	case t == reflect.TypeFor[*time.Time]():
		return salesColTimePtr
	}
	switch t.Kind() {
	case reflect.String:
		return salesColText
	case reflect.Int, reflect.Int32, reflect.Int64:
		return salesColInt
	case reflect.Uint, reflect.Uint32, reflect.Uint64:
		return salesColUint
	case reflect.Bool:
		return salesColBool
	}
	return salesColJSON
}

// value is the SQL expression of column c of the unnested rows d.
func (c salesColumn) value() string {
	if c.kind == salesColJSON {
		return "d." + c.name + "::jsonb"
	}
	return "d." + c.name
}

// salesUnnest returns "unnest($1::text[], …) AS d(a, …)" for cols and the
// arrays of rows' values to pass as its parameters.
func salesUnnest[T any](cols []salesColumn, rows []*T) (string, []any, error) {
	params, names := make([]string, len(cols)), make([]string, len(cols))
	args := make([]any, len(cols))
	for i, c := range cols {
		params[i], names[i] = fmt.Sprintf("$%d::%s", i+1, salesArrayTypes[c.kind]), c.name
		vals, err := salesColumnValues(c, rows)
		if err != nil {
			return "", nil, err
		}
		args[i] = vals
	}
	return fmt.Sprintf("unnest(%s) AS d(%s)", strings.Join(params, ", "), strings.Join(names, ", ")), args, nil
}

// salesColumnValues collects column c of every row into a slice pgx encodes
// as a binary array.
func salesColumnValues[T any](c salesColumn, rows []*T) (any, error) {
	field := func(j int) reflect.Value { return reflect.ValueOf(rows[j]).Elem().Field(c.field) }
	switch c.kind {
	case salesColText:
		return salesCollect(rows, func(j int) string { return field(j).String() }), nil
	case salesColInt:
		return salesCollect(rows, func(j int) int64 { return field(j).Int() }), nil
	case salesColUint:
		return salesCollect(rows, func(j int) int64 { return int64(field(j).Uint()) }), nil
	case salesColBool:
		return salesCollect(rows, func(j int) bool { return field(j).Bool() }), nil
	case salesColTime:
		return salesCollect(rows, func(j int) time.Time { return field(j).Interface().(time.Time) }), nil
	case salesColTimePtr:
		return salesCollect(rows, func(j int) pgtype.Timestamptz {
			if t := field(j).Interface().(*time.Time); t != nil {
				return pgtype.Timestamptz{Time: *t, Valid: true}
			}
			return pgtype.Timestamptz{}
		}), nil
	}
	out := make([]string, len(rows))
	for j := range rows {
		b, err := json.Marshal(field(j).Interface())
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", c.name, err)
		}
		out[j] = string(b)
	}
	return out, nil
}

func salesCollect[T, V any](rows []*T, get func(int) V) []V {
	out := make([]V, len(rows))
	for j := range rows {
		out[j] = get(j)
	}
	return out
}

// QueueInsert queues one INSERT of rows into table; suffix is appended
// (e.g. an ON CONFLICT clause).
func QueueInsert[T any](b *pgx.Batch, table string, rows []*T, suffix string) error {
	cols := salesColumnsOf[T]()
	from, args, err := salesUnnest(cols, rows)
	if err != nil {
		return fmt.Errorf("%s: %w", table, err)
	}
	names, vals := make([]string, len(cols)), make([]string, len(cols))
	for i, c := range cols {
		names[i], vals[i] = c.name, c.value()
	}
	b.Queue(fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM %s%s", table, strings.Join(names, ", "),
		strings.Join(vals, ", "), from, suffix), args...)
	return nil
}

// QueueUpdate queues one UPDATE that sets every non-key column of the
// stored rows matching rows by key.
func QueueUpdate[T any](b *pgx.Batch, table string, keyCols []string, rows []*T) error {
	cols := salesColumnsOf[T]()
	from, args, err := salesUnnest(cols, rows)
	if err != nil {
		return fmt.Errorf("%s: %w", table, err)
	}
	var set, vals []string
	for _, c := range cols {
		if !slices.Contains(keyCols, c.name) {
			set, vals = append(set, c.name), append(vals, c.value())
		}
	}
	b.Queue(fmt.Sprintf("UPDATE %s t SET (%s) = ROW(%s) FROM %s WHERE %s", table, strings.Join(set, ", "),
		strings.Join(vals, ", "), from, salesKeyMatch(keyCols)), args...)
	return nil
}

// QueueDelete queues one DELETE of the rows matching rows by key.
func QueueDelete[T any](b *pgx.Batch, table string, keyCols []string, rows []*T) error {
	var keys []salesColumn
	for _, c := range salesColumnsOf[T]() {
		if slices.Contains(keyCols, c.name) {
			keys = append(keys, c)
		}
	}
	from, args, err := salesUnnest(keys, rows)
	if err != nil {
		return fmt.Errorf("%s: %w", table, err)
	}
	b.Queue(fmt.Sprintf("DELETE FROM %s t USING %s WHERE %s", table, from, salesKeyMatch(keyCols)), args...)
	return nil
}

// salesKeyMatch joins the table t to the unnested rows d on the primary key.
func salesKeyMatch(keyCols []string) string {
	match := make([]string, len(keyCols))
	for i, c := range keyCols {
		match[i] = fmt.Sprintf("t.%[1]s = d.%[1]s", c)
	}
	return strings.Join(match, " AND ")
}
