package projections

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

	"github.com/opsledger/opsledger/domain"
)

// Queries reads the read models through the views of one namespace. It is
// the only way the API reads data.
type Queries struct {
	pool *pgxpool.Pool
	ns   Namespace
}

// NewQueries returns the queries of namespace ns.
func NewQueries(pool *pgxpool.Pool, ns Namespace) *Queries { return &Queries{pool: pool, ns: ns} }

// table returns the qualified name of a read view.
func (q *Queries) table(name string) string { return q.ns.table(name) }

// Page limits: a client asking for more gets MaxPageSize, never an error
// or an unbounded read.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// PageRequest asks for one page of a list: after the row the cursor names,
// at most Limit rows.
type PageRequest struct {
	Cursor string
	Limit  int
}

// Page is one page of a list. NextCursor is empty on the last page.
type Page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// ErrBadCursor is returned for a cursor this server did not issue.
var ErrBadCursor = domain.InvalidField("cursor", "not a cursor returned by this list")

func (p PageRequest) limit() int {
	switch {
	case p.Limit <= 0:
		return DefaultPageSize
	case p.Limit > MaxPageSize:
		return MaxPageSize
	}
	return p.Limit
}

// cursor is the keyset position of a row: the values of the sort columns
// of the last row returned, as text (queries cast them back).
type cursor []string

func encodeCursor(c cursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor returns the keyset values of a cursor, n of them.
func decodeCursor(s string, n int) (cursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, ErrBadCursor
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil || len(c) != n {
		return nil, ErrBadCursor
	}
	return c, nil
}

// listPage runs a keyset query and cuts the result into a page: it fetches
// one row more than the limit to know whether there is a next page.
func listPage[T any](rows pgx.Rows, limit int, key func(T) cursor) (Page[T], error) {
	items, err := pgx.CollectRows(rows, pgx.RowToStructByNameLax[T])
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && strings.HasPrefix(pgErr.Code, "22") {
		// A data exception in a list query comes from the only text the
		// client controls that SQL casts: the cursor's keyset values.
		return Page[T]{}, ErrBadCursor
	}
	if err != nil {
		return Page[T]{}, fmt.Errorf("list: %w", err)
	}
	page := Page[T]{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		page.NextCursor = encodeCursor(key(items[limit-1]))
	}
	if page.Items == nil {
		page.Items = []T{}
	}
	return page, nil
}

// where collects the conditions of a list query. Each condition uses ? for
// its values; they become $1, $2 … in order.
type where struct {
	parts []string
	args  []any
}

// add appends a condition with its values.
func (w *where) add(cond string, vals ...any) {
	var b strings.Builder
	for _, r := range cond {
		if r == '?' && len(vals) > 0 {
			w.args = append(w.args, vals[0])
			vals = vals[1:]
			fmt.Fprintf(&b, "$%d", len(w.args))
			continue
		}
		b.WriteRune(r)
	}
	w.parts = append(w.parts, b.String())
}

// addIf appends cond when v is not its zero value.
func addIf[T comparable](w *where, cond string, v T) {
	var zero T
	if v != zero {
		w.add(cond, v)
	}
}

// sql returns " WHERE …" or "".
func (w *where) sql() string {
	if len(w.parts) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.parts, " AND ")
}

// queryOne reads the single row sql selects, or returns notFound.
func queryOne[T any](ctx context.Context, q *Queries, notFound error, sql string, args ...any) (T, error) {
	rows, err := q.pool.Query(ctx, sql, args...)
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
