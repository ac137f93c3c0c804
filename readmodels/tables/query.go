package tables

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/opsledger/opsledger/queries"
)

// DB reads the read views of one namespace. Each read model's queries
// embed it: Table names a view, Query and QueryRow run a statement.
type DB struct {
	pool   *pgxpool.Pool
	schema string
}

// NewDB returns the reader of the views in schema.
func NewDB(pool *pgxpool.Pool, schema string) DB { return DB{pool: pool, schema: schema} }

// Table returns the qualified name of a read view.
func (d DB) Table(name string) string { return pgx.Identifier{d.schema, name}.Sanitize() }

// Query runs a statement that returns rows.
func (d DB) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return d.pool.Query(ctx, sql, args...)
}

// QueryRow runs a statement that returns at most one row.
func (d DB) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return d.pool.QueryRow(ctx, sql, args...)
}

// Cursor is the keyset position of a row: the values of the sort columns
// of the last row returned, as text (queries cast them back).
type Cursor []string

// EncodeCursor gives a client a cursor as opaque text.
func EncodeCursor(c Cursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor returns the keyset values of a cursor, n of them.
func DecodeCursor(s string, n int) (Cursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, queries.ErrBadCursor
	}
	var c Cursor
	if err := json.Unmarshal(b, &c); err != nil || len(c) != n {
		return nil, queries.ErrBadCursor
	}
	return c, nil
}

// ListPage runs a keyset query and cuts the result into a page: it fetches
// one row more than the limit to know whether there is a next page.
func ListPage[T any](rows pgx.Rows, limit int, key func(T) Cursor) (queries.Page[T], error) {
	items, err := pgx.CollectRows(rows, pgx.RowToStructByNameLax[T])
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && strings.HasPrefix(pgErr.Code, "22") {
		// A data exception in a list query comes from the only text the
		// client controls that SQL casts: the cursor's keyset values.
		return queries.Page[T]{}, queries.ErrBadCursor
	}
	if err != nil {
		return queries.Page[T]{}, fmt.Errorf("list: %w", err)
	}
	page := queries.Page[T]{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		page.NextCursor = EncodeCursor(key(items[limit-1]))
	}
	if page.Items == nil {
		page.Items = []T{}
	}
	return page, nil
}

// Where collects the conditions of a list query. Each condition uses ? for
// its values; they become $1, $2 … in order.
type Where struct {
	parts []string
	Args  []any
}

// add appends a condition with its values.
func (w *Where) Add(cond string, vals ...any) {
	var b strings.Builder
	for _, r := range cond {
		if r == '?' && len(vals) > 0 {
			w.Args = append(w.Args, vals[0])
			vals = vals[1:]
			fmt.Fprintf(&b, "$%d", len(w.Args))
			continue
		}
		b.WriteRune(r)
	}
	w.parts = append(w.parts, b.String())
}

// AddIf appends cond when v is not its zero value.
func AddIf[T comparable](w *Where, cond string, v T) {
	var zero T
	if v != zero {
		w.Add(cond, v)
	}
}

// sql returns " WHERE …" or "".
func (w *Where) SQL() string {
	if len(w.parts) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.parts, " AND ")
}

// One reads the single row sql selects, or returns notFound.
func One[T any](ctx context.Context, db DB, notFound error, sql string, args ...any) (T, error) {
	rows, err := db.Query(ctx, sql, args...)
	if err != nil {
		var zero T
		return zero, err
	}
	v, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByNameLax[T])
	if errors.Is(err, pgx.ErrNoRows) {
		return v, notFound
	}
	return v, err
}

// All reads every row sql selects (an empty list for none); what names
// them in an error.
func All[T any](ctx context.Context, db DB, what, sql string, args ...any) ([]T, error) {
	rows, err := db.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByNameLax[T])
}
