package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// statements are the store's SQL, built once: one row, or many at once
// (the arrays of a coalesced flush, unnested).
type statements struct {
	lookupOne, lookupMany, saveOne, saveMany string
	// lookupSaveMany is lookupMany ($1, $2) and saveMany ($3..$8) in one
	// statement (see keysAll).
	lookupSaveMany string
}

// Saves commit without waiting for the WAL flush. set_config(..., true)
// is SET LOCAL: it lasts until the statement's own (implicit) transaction
// commits, which is when PostgreSQL reads synchronous_commit. The CTE is
// volatile, so it runs before the insert. One statement instead of BEGIN,
// SET LOCAL, INSERT and COMMIT: a quarter of the messages to build, send
// and parse.
//
// lookupMany probes the primary key once per key: the LIMIT keeps the
// planner from turning the join into a hash join over the whole table,
// which a plan cached while the table was small (a fresh database) does
// and keeps while the table grows.
//
// lookupSaveMany inserts in a data-modifying CTE, which PostgreSQL runs
// to completion whether or not the outer query reads it; the outer query
// is the lookup, on the snapshot taken before the insert.
func newStatements(table string) statements {
	const async = `WITH async AS (SELECT set_config('synchronous_commit', 'off', true)) `
	insertMany := func(first int) string {
		return `INSERT INTO ` + table + ` (employee_id, key, request_hash, status, headers, body)
			SELECT u.* FROM async, unnest(` + params(first, "text", "text", "text", "int", "jsonb", "bytea") + `)
				AS u(employee_id, key, request_hash, status, headers, body)
			ON CONFLICT DO NOTHING`
	}
	lookupMany := `SELECT u.i, k.request_hash, k.status, k.headers, k.body
			FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(employee_id, key, i)
			CROSS JOIN LATERAL (SELECT request_hash, status, headers, body FROM ` + table + `
				WHERE employee_id = u.employee_id AND key = u.key LIMIT 1) k`
	return statements{
		lookupOne:  `SELECT request_hash, status, headers, body FROM ` + table + ` WHERE employee_id = $1 AND key = $2`,
		lookupMany: lookupMany,
		saveOne: async + `INSERT INTO ` + table + ` (employee_id, key, request_hash, status, headers, body)
			SELECT $1, $2, $3, $4, $5, $6 FROM async ON CONFLICT DO NOTHING`,
		saveMany:       async + insertMany(1),
		lookupSaveMany: async + `, saved AS (` + insertMany(3) + `) ` + lookupMany,
	}
}

// params lists array parameters from $first on, one per type: "$3::text[],
// $4::int[]".
func params(first int, types ...string) string {
	var b strings.Builder
	for i, t := range types {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(first+i) + "::" + t + "[]")
	}
	return b.String()
}

// lookupAll flushes lookups. If the many-row statement fails, each call
// runs alone, so one bad key (say, invalid UTF-8) fails only its request.
func (s *Store) lookupAll(ctx context.Context, calls []*lookupCall) {
	if len(calls) > 1 && s.lookupMany(ctx, calls) == nil {
		return
	}
	for _, c := range calls {
		s.lookupOne(ctx, c)
	}
}

func (s *Store) lookupOne(ctx context.Context, c *lookupCall) {
	r := &c.resp
	c.err = s.pool.QueryRow(ctx, s.sql.lookupOne, c.employeeID, c.key).Scan(&r.RequestHash, &r.Status, &c.headers, &r.Body)
	c.found = c.err == nil
	if errors.Is(c.err, pgx.ErrNoRows) {
		c.err = nil
	}
}

func (s *Store) lookupMany(ctx context.Context, calls []*lookupCall) error {
	rows, _ := s.pool.Query(ctx, s.sql.lookupMany, lookupArgs(calls)...)
	return s.collectLookups(rows, calls)
}

// lookupArgs are the parallel arrays of a many-row lookup.
func lookupArgs(calls []*lookupCall) []any {
	employees, keys := make([]string, len(calls)), make([]string, len(calls))
	for i, c := range calls {
		employees[i], keys[i] = c.employeeID, c.key
	}
	return []any{employees, keys}
}

// collectLookups gives each call its row of a many-row lookup, by the
// row's ordinal; a call without a row is not found.
func (s *Store) collectLookups(rows pgx.Rows, calls []*lookupCall) error {
	var i int64
	var found lookupCall
	_, err := pgx.ForEachRow(rows, []any{&i, &found.resp.RequestHash, &found.resp.Status, &found.headers, &found.resp.Body}, func() error {
		if i < 1 || int(i) > len(calls) {
			return errors.New("lookup row out of range")
		}
		c := calls[i-1]
		c.resp, c.headers, c.found = found.resp, found.headers, true
		return nil
	})
	return err
}

// saveAll flushes saves, each call alone if the many-row insert fails.
func (s *Store) saveAll(ctx context.Context, calls []*saveCall) {
	if len(calls) > 1 && s.saveMany(ctx, calls) == nil {
		return
	}
	for _, c := range calls {
		r := c.resp
		_, c.err = s.pool.Exec(ctx, s.sql.saveOne, c.employeeID, c.key, r.RequestHash, r.Status, c.headers, r.Body)
	}
}

func (s *Store) saveMany(ctx context.Context, calls []*saveCall) error {
	_, err := s.pool.Exec(ctx, s.sql.saveMany, saveArgs(calls)...)
	return err
}

// saveArgs are the parallel arrays of a many-row save.
func saveArgs(calls []*saveCall) []any {
	n := len(calls)
	employees, keys, hashes := make([]string, n), make([]string, n), make([]string, n)
	statuses, headers, bodies := make([]int32, n), make([][]byte, n), make([][]byte, n)
	for i, c := range calls {
		employees[i], keys[i], hashes[i] = c.employeeID, c.key, c.resp.RequestHash
		statuses[i], headers[i], bodies[i] = int32(c.resp.Status), c.headers, c.resp.Body
	}
	return []any{employees, keys, hashes, statuses, headers, bodies}
}
