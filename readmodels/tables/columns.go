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
	"github.com/opsledger/opsledger/queries"
)

// Rows are written column-wise: one array parameter per column, unnested
// by the statement. Binary arrays cost the server far less to read than
// JSON records, which matters when a rebuild rewrites every row.

// colKind is how a row field travels.
type colKind int

const (
	colText colKind = iota
	colInt
	colUint
	colBool
	colTime
	colTimePtr
	colIntPtr // *int64: NULL when nil
	colJSON   // any other type: JSON text, cast to jsonb
)

// column is one column of a row type: a field tagged db (the tag names
// the column, as pgx reads rows back by it).
type column struct {
	name  string
	field []int
	kind  colKind
}

var arrayTypes = map[colKind]string{colText: "text[]", colInt: "bigint[]", colUint: "bigint[]", colBool: "boolean[]",
	colTime: "timestamptz[]", colTimePtr: "timestamptz[]", colIntPtr: "bigint[]", colJSON: "text[]"}

var columnCache sync.Map // reflect.Type → []column

// columnsOf returns the columns of row type T, in field order: its
// fields tagged db, but not db:"-".
func columnsOf[T any]() []column {
	t := reflect.TypeFor[T]()
	if cols, ok := columnCache.Load(t); ok {
		return cols.([]column)
	}
	var cols []column
	for _, f := range reflect.VisibleFields(t) {
		name := f.Tag.Get("db")
		if name == "" || name == "-" {
			continue
		}
		cols = append(cols, column{name: name, field: f.Index, kind: kindOf(f.Type)})
	}
	columnCache.Store(t, cols)
	return cols
}

func kindOf(t reflect.Type) colKind {
	switch t {
	case reflect.TypeFor[time.Time](), reflect.TypeFor[queries.Day]():
		return colTime
	case reflect.TypeFor[*time.Time](), reflect.TypeFor[*queries.Day]():
		return colTimePtr
	case reflect.TypeFor[*int64]():
		return colIntPtr
	}
	switch t.Kind() {
	case reflect.String:
		return colText
	case reflect.Int, reflect.Int32, reflect.Int64:
		return colInt
	case reflect.Uint, reflect.Uint32, reflect.Uint64:
		return colUint
	case reflect.Bool:
		return colBool
	}
	return colJSON
}

// value is the SQL expression of column c of the unnested rows d.
func (c column) value() string {
	if c.kind == colJSON {
		return "d." + c.name + "::jsonb"
	}
	return "d." + c.name
}

// unnest returns "unnest($1::text[], …) AS d(a, …)" for cols and the
// arrays of rows' values to pass as its parameters.
func unnest[T any](cols []column, rows []*T) (string, []any, error) {
	params, names := make([]string, len(cols)), make([]string, len(cols))
	args := make([]any, len(cols))
	for i, c := range cols {
		params[i], names[i] = fmt.Sprintf("$%d::%s", i+1, arrayTypes[c.kind]), c.name
		vals, err := columnValues(c, rows)
		if err != nil {
			return "", nil, err
		}
		args[i] = vals
	}
	return fmt.Sprintf("unnest(%s) AS d(%s)", strings.Join(params, ", "), strings.Join(names, ", ")), args, nil
}

// columnValues collects column c of every row into a slice pgx encodes
// as a binary array.
func columnValues[T any](c column, rows []*T) (any, error) {
	field := func(j int) reflect.Value { return reflect.ValueOf(rows[j]).Elem().FieldByIndex(c.field) }
	if len(c.field) == 1 {
		i := c.field[0]
		field = func(j int) reflect.Value { return reflect.ValueOf(rows[j]).Elem().Field(i) }
	}
	switch c.kind {
	case colText:
		return collect(rows, func(j int) string { return field(j).String() }), nil
	case colInt:
		return collect(rows, func(j int) int64 { return field(j).Int() }), nil
	case colUint:
		return collect(rows, func(j int) int64 { return int64(field(j).Uint()) }), nil
	case colBool:
		return collect(rows, func(j int) bool { return field(j).Bool() }), nil
	case colTime:
		return collect(rows, func(j int) time.Time { return timeOf(field(j).Interface()) }), nil
	case colTimePtr:
		return collect(rows, func(j int) pgtype.Timestamptz { return timePtrOf(field(j).Interface()) }), nil
	case colIntPtr:
		return collect(rows, func(j int) *int64 { return field(j).Interface().(*int64) }), nil
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

// timeOf is a time column's value: a time.Time or a queries.Day.
func timeOf(v any) time.Time {
	if d, ok := v.(queries.Day); ok {
		return d.Time
	}
	return v.(time.Time)
}

// timePtrOf is an optional time column's value (NULL for nil).
func timePtrOf(v any) pgtype.Timestamptz {
	switch t := v.(type) {
	case *time.Time:
		if t != nil {
			return pgtype.Timestamptz{Time: *t, Valid: true}
		}
	case *queries.Day:
		if t != nil {
			return pgtype.Timestamptz{Time: t.Time, Valid: true}
		}
	}
	return pgtype.Timestamptz{}
}

func collect[T, V any](rows []*T, get func(int) V) []V {
	out := make([]V, len(rows))
	for j := range rows {
		out[j] = get(j)
	}
	return out
}

// QueueInsert queues one INSERT of rows into table; suffix is appended
// (e.g. an ON CONFLICT clause).
func QueueInsert[T any](b *pgx.Batch, table string, rows []*T, suffix string) error {
	cols := columnsOf[T]()
	from, args, err := unnest(cols, rows)
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
	cols := columnsOf[T]()
	from, args, err := unnest(cols, rows)
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
		strings.Join(vals, ", "), from, keyMatch(keyCols)), args...)
	return nil
}

// QueueDelete queues one DELETE of the rows matching rows by key.
func QueueDelete[T any](b *pgx.Batch, table string, keyCols []string, rows []*T) error {
	var keys []column
	for _, c := range columnsOf[T]() {
		if slices.Contains(keyCols, c.name) {
			keys = append(keys, c)
		}
	}
	from, args, err := unnest(keys, rows)
	if err != nil {
		return fmt.Errorf("%s: %w", table, err)
	}
	b.Queue(fmt.Sprintf("DELETE FROM %s t USING %s WHERE %s", table, from, keyMatch(keyCols)), args...)
	return nil
}

// keyMatch joins the table t to the unnested rows d on the primary key.
func keyMatch(keyCols []string) string {
	match := make([]string, len(keyCols))
	for i, c := range keyCols {
		match[i] = fmt.Sprintf("t.%[1]s = d.%[1]s", c)
	}
	return strings.Join(match, " AND ")
}

// QueueUpsert queues one INSERT of rows into table that, on a conflict on
// the key columns, replaces the stored row or, with keep, leaves it alone
// (append-only tables). The rows must have distinct keys unless keep is
// set.
func QueueUpsert[T any](b *pgx.Batch, table string, keyCols []string, rows []*T, keep bool) error {
	if len(rows) == 0 {
		return nil
	}
	action := " ON CONFLICT (" + strings.Join(keyCols, ", ") + ") DO NOTHING"
	if !keep {
		cols := columnsOf[T]()
		sets := make([]string, len(cols))
		for i, c := range cols {
			sets[i] = c.name + " = excluded." + c.name
		}
		action = " ON CONFLICT (" + strings.Join(keyCols, ", ") + ") DO UPDATE SET " + strings.Join(sets, ", ")
	}
	return QueueInsert(b, table, rows, action)
}

// Unnest returns "unnest($1::text[], …) AS d(a, …)", the rows as a
// relation d of their columns, and the arrays to pass as its parameters,
// for a statement of the read model's own that reads them.
func Unnest[T any](rows []*T) (from string, args []any, err error) {
	return unnest(columnsOf[T](), rows)
}
