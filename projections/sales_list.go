package projections

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// sortKey is one sort option of a list: the column it orders by, the SQL
// type its cursor value is cast to, and how a row prints that value.
type sortKey[T any] struct {
	col  string
	cast string
	desc bool
	val  func(T) string
}

// listSpec describes a keyset-paged list over one read view.
type listSpec[T any] struct {
	view   string // the read view
	from   string // a FROM expression instead of the view (a subquery)
	idCol  string // unique tie-breaker
	idCast string // its SQL type when not text
	id     func(T) string
	sorts  map[string]sortKey[T]
	dflt   string // default sort option
	fields string // the SELECT list ("*" when empty)
}

// bind adds a value to w's arguments and returns its placeholder, for
// values used outside the WHERE clause (e.g. in the SELECT list).
func bind(w *where, v any) string {
	w.args = append(w.args, v)
	return fmt.Sprintf("$%d", len(w.args))
}

// salesList runs spec's query with the conditions in w, ordered by the sort
// option named sort, from the page's cursor on.
func salesList[T any](ctx context.Context, q *Queries, spec listSpec[T], sort string, w *where, page PageRequest) (Page[T], error) {
	if sort == "" {
		sort = spec.dflt
	}
	key, ok := spec.sorts[sort]
	if !ok {
		names := make([]string, 0, len(spec.sorts))
		for n := range spec.sorts {
			names = append(names, n)
		}
		slices.Sort(names)
		return Page[T]{}, domain.InvalidField("sort", "must be one of "+strings.Join(names, ", "))
	}
	c, err := decodeCursor(page.Cursor, 2)
	if err != nil {
		return Page[T]{}, err
	}
	idCast := spec.idCast
	if idCast == "" {
		idCast = "text"
	}
	if c != nil && (!validKey(key.cast, c[0]) || !validKey(idCast, c[1])) {
		return Page[T]{}, ErrBadCursor
	}
	dir, op := "ASC", ">"
	if key.desc {
		dir, op = "DESC", "<"
	}
	if c != nil {
		w.add(fmt.Sprintf("(%s, %s) %s (?::%s, ?::%s)", key.col, spec.idCol, op, key.cast, idCast), c[0], c[1])
	}
	fields := spec.fields
	if fields == "" {
		fields = "*"
	}
	from := spec.from
	if from == "" {
		from = q.table(spec.view)
	}
	limit := page.limit()
	sql := fmt.Sprintf("SELECT %s FROM %s%s ORDER BY %s %s, %s %s LIMIT %d",
		fields, from, w.sql(), key.col, dir, spec.idCol, dir, limit+1)
	rows, err := q.pool.Query(ctx, sql, w.args...)
	if err != nil {
		return Page[T]{}, fmt.Errorf("%s: %w", spec.view, err)
	}
	return listPage(rows, limit, func(v T) cursor { return cursor{key.val(v), spec.id(v)} })
}

// validKey reports whether a cursor value casts to the sort column's
// type, so a forged cursor is a bad request rather than a database error.
func validKey(cast, v string) bool {
	var err error
	switch cast {
	case "timestamptz":
		_, err = time.Parse(time.RFC3339Nano, v)
	case "bigint":
		_, err = strconv.ParseInt(v, 10, 64)
	case "int":
		_, err = strconv.ParseInt(v, 10, 32)
	}
	return err == nil
}

// timeKey prints a time as a cursor value that casts back exactly.
func timeKey(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
