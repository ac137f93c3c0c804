package tables

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// SortKey is one sort option of a list: the column it orders by, the SQL
// type its Cursor value is cast to, and how a row prints that value.
type SortKey[T any] struct {
	Col  string
	Cast string
	Desc bool
	Val  func(T) string
}

// ListSpec describes a keyset-paged list over one read view.
type ListSpec[T any] struct {
	View    string // the read view
	From    string // a FROM expression instead of the view (a subquery)
	IDCol   string // unique tie-breaker
	IDCast  string // its SQL type when not text
	ID      func(T) string
	Sorts   map[string]SortKey[T]
	Default string // default sort option
	Fields  string // the SELECT list ("*" when empty)
}

// Bind adds a value to w's arguments and returns its placeholder, for
// values used outside the WHERE clause (e.g. in the SELECT list).
func Bind(w *Where, v any) string {
	w.Args = append(w.Args, v)
	return fmt.Sprintf("$%d", len(w.Args))
}

// List runs spec's query with the conditions in w, ordered by the sort
// option named sort, from the page's Cursor on.
func List[T any](ctx context.Context, db DB, spec ListSpec[T], sort string, w *Where, page queries.PageRequest) (queries.Page[T], error) {
	if sort == "" {
		sort = spec.Default
	}
	key, ok := spec.Sorts[sort]
	if !ok {
		names := make([]string, 0, len(spec.Sorts))
		for n := range spec.Sorts {
			names = append(names, n)
		}
		slices.Sort(names)
		return queries.Page[T]{}, domain.InvalidField("sort", "must be one of "+strings.Join(names, ", "))
	}
	c, err := DecodeCursor(page.Cursor, 2)
	if err != nil {
		return queries.Page[T]{}, err
	}
	idCast := spec.IDCast
	if idCast == "" {
		idCast = "text"
	}
	if c != nil && (!validKey(key.Cast, c[0]) || !validKey(idCast, c[1])) {
		return queries.Page[T]{}, queries.ErrBadCursor
	}
	dir, op := "ASC", ">"
	if key.Desc {
		dir, op = "DESC", "<"
	}
	if c != nil {
		w.Add(fmt.Sprintf("(%s, %s) %s (?::%s, ?::%s)", key.Col, spec.IDCol, op, key.Cast, idCast), c[0], c[1])
	}
	fields := spec.Fields
	if fields == "" {
		fields = "*"
	}
	from := spec.From
	if from == "" {
		from = db.Table(spec.View)
	}
	limit := page.Size()
	sql := fmt.Sprintf("SELECT %s FROM %s%s ORDER BY %s %s, %s %s LIMIT %d",
		fields, from, w.SQL(), key.Col, dir, spec.IDCol, dir, limit+1)
	rows, err := db.Query(ctx, sql, w.Args...)
	if err != nil {
		return queries.Page[T]{}, fmt.Errorf("%s: %w", spec.View, err)
	}
	return ListPage(rows, limit, func(v T) Cursor { return Cursor{key.Val(v), spec.ID(v)} })
}

// validKey reports whether a Cursor value casts to the sort column's
// type, so a forged Cursor is a bad request rather than a database error.
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

// TimeKey prints a time as a Cursor value that casts back exactly.
func TimeKey(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
