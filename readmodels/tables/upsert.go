package tables

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// rowColumns are the columns of a row type: its fields tagged db (not
// "-"), with the SQL array type unnest casts them to.
type rowColumns struct {
	names []string
	types []string
	index [][]int
}

var rowColumnsCache sync.Map // reflect.Type → rowColumns

var sqlTypes = map[reflect.Type]string{
	reflect.TypeFor[string]():     "text",
	reflect.TypeFor[int]():        "bigint",
	reflect.TypeFor[int64]():      "bigint",
	reflect.TypeFor[*int64]():     "bigint",
	reflect.TypeFor[bool]():       "bool",
	reflect.TypeFor[time.Time]():  "timestamptz",
	reflect.TypeFor[*time.Time](): "timestamptz",
}

func columnsOfRow(t reflect.Type) rowColumns {
	if c, ok := rowColumnsCache.Load(t); ok {
		return c.(rowColumns)
	}
	var c rowColumns
	for _, f := range reflect.VisibleFields(t) {
		name := f.Tag.Get("db")
		if name == "" || name == "-" {
			continue
		}
		typ, ok := sqlTypes[f.Type]
		if !ok {
			panic(fmt.Sprintf("projections: no SQL type for %s.%s (%s)", t, f.Name, f.Type))
		}
		c.names, c.types, c.index = append(c.names, name), append(c.types, typ), append(c.index, f.Index)
	}
	rowColumnsCache.Store(t, c)
	return c
}

// RowArrays turns rows into one array per column, with the casts
// ("$1::text[]", …) unnest needs to read them back, in column order.
func RowArrays[T any](rows []*T) (names, casts []string, arrays []any) {
	c := columnsOfRow(reflect.TypeFor[T]())
	arrays = make([]any, len(c.names))
	casts = make([]string, len(c.names))
	for j, idx := range c.index {
		col := reflect.MakeSlice(reflect.SliceOf(reflect.TypeFor[T]().FieldByIndex(idx).Type), len(rows), len(rows))
		for i, r := range rows {
			col.Index(i).Set(reflect.ValueOf(r).Elem().FieldByIndex(idx))
		}
		arrays[j] = col.Interface()
		casts[j] = fmt.Sprintf("$%d::%s[]", j+1, c.types[j])
	}
	return c.names, casts, arrays
}

// QueueRows writes rows into table in one statement: their columns go as
// one array each and unnest turns them back into rows. On a key conflict
// the row is replaced, or, with keep, left alone (append-only tables).
// The rows must have distinct keys unless keep is set.
func QueueRows[T any](b *pgx.Batch, table string, key []string, rows []*T, keep bool) {
	if len(rows) == 0 {
		return
	}
	names, casts, arrays := RowArrays(rows)
	action := "NOTHING"
	if !keep {
		sets := make([]string, 0, len(names))
		for _, n := range names {
			sets = append(sets, n+" = excluded."+n)
		}
		action = "UPDATE SET " + strings.Join(sets, ", ")
	}
	b.Queue(fmt.Sprintf("INSERT INTO %s (%s) SELECT * FROM unnest(%s) ON CONFLICT (%s) DO %s",
		table, strings.Join(names, ", "), strings.Join(casts, ", "), strings.Join(key, ", "), action), arrays...)
}
