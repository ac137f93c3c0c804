package tables

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// Key is one column of a list's keyset: the column, the SQL type its
// cursor value is cast back to (text when empty), and how a row prints
// that value.
type Key[T any] struct {
	Col  string
	Cast string
	Val  func(T) string
}

// SortKey is one sort option of a list: the column it orders by (then by
// the list's ID), descending or not.
type SortKey[T any] struct {
	Col  string
	Cast string
	Desc bool
	Val  func(T) string
}

// ListSpec describes a keyset-paged list over one read view.
type ListSpec[T any] struct {
	View   string // the read view
	From   string // a FROM expression instead of the view (a subquery)
	Fields string // the SELECT list ("*" when empty)
	// ID is the unique tie-breaker, one or more columns, after the sort
	// column.
	ID []Key[T]
	// Sorts are the sort options a client may name; Default is used when
	// it names none.
	Sorts   map[string]SortKey[T]
	Default string
	// BothWays lets a client prefix any sort option with "-" to reverse it.
	BothWays bool
}

// ID is the keyset tie-breaker of one text column.
func ID[T any](col string, val func(T) string) []Key[T] { return []Key[T]{{Col: col, Val: val}} }

// Bind adds a value to w's arguments and returns its placeholder, for
// values used outside the WHERE clause (e.g. in the SELECT list).
func Bind(w *Where, v any) string {
	w.Args = append(w.Args, v)
	return fmt.Sprintf("$%d", len(w.Args))
}

// List runs spec's query with the conditions in w, ordered by the sort
// option named sort, from the page's cursor on.
func List[T any](ctx context.Context, db DB, spec ListSpec[T], sort string, w *Where, page queries.PageRequest) (queries.Page[T], error) {
	key, err := spec.sortKey(sort)
	if err != nil {
		return queries.Page[T]{}, err
	}
	keys := append([]Key[T]{{Col: key.Col, Cast: key.Cast, Val: key.Val}}, spec.ID...)
	c, err := DecodeCursor(page.Cursor, len(keys))
	if err != nil {
		return queries.Page[T]{}, err
	}
	dir, op := "ASC", ">"
	if key.Desc {
		dir, op = "DESC", "<"
	}
	cols, params, order := make([]string, len(keys)), make([]string, len(keys)), make([]string, len(keys))
	for i, k := range keys {
		cast := cmp.Or(k.Cast, "text")
		if c != nil && !validKey(cast, c[i]) {
			return queries.Page[T]{}, queries.ErrBadCursor
		}
		cols[i], params[i], order[i] = k.Col, "?::"+cast, k.Col+" "+dir
	}
	if c != nil {
		args := make([]any, len(c))
		for i, v := range c {
			args[i] = v
		}
		w.Add(fmt.Sprintf("(%s) %s (%s)", strings.Join(cols, ", "), op, strings.Join(params, ", ")), args...)
	}
	limit := page.Size()
	sql := fmt.Sprintf("SELECT %s FROM %s%s ORDER BY %s LIMIT %d",
		cmp.Or(spec.Fields, "*"), cmp.Or(spec.From, db.Table(spec.View)), w.SQL(), strings.Join(order, ", "), limit+1)
	rows, err := db.Query(ctx, sql, w.Args...)
	if err != nil {
		return queries.Page[T]{}, fmt.Errorf("%s: %w", spec.View, err)
	}
	return ListPage(rows, limit, func(v T) Cursor {
		c := make(Cursor, len(keys))
		for i, k := range keys {
			c[i] = k.Val(v)
		}
		return c
	})
}

// SortNames are the sort options a client may name, sorted: with
// BothWays, each option and its "-" reverse.
func (spec ListSpec[T]) SortNames() []string {
	var out []string
	for name := range spec.Sorts {
		out = append(out, name)
		if spec.BothWays {
			out = append(out, "-"+name)
		}
	}
	slices.Sort(out)
	return out
}

// sortKey resolves the sort option a client named (the default when
// none), refusing one the list does not offer.
func (spec ListSpec[T]) sortKey(sort string) (SortKey[T], error) {
	sort = cmp.Or(sort, spec.Default)
	name, desc := sort, false
	if spec.BothWays {
		name, desc = strings.CutPrefix(sort, "-")
	}
	key, ok := spec.Sorts[name]
	if !ok {
		names := slices.Sorted(maps.Keys(spec.Sorts))
		hint := ""
		if spec.BothWays {
			hint = " (prefix - for descending)"
		}
		return key, domain.InvalidField("sort", "must be one of "+strings.Join(names, ", ")+hint)
	}
	key.Desc = key.Desc != desc
	return key, nil
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

// TimeKey prints a time as a cursor value that casts back exactly.
func TimeKey(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
