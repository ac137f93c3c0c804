package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
)

// statements are the store's SQL, built once: one row, or many at once
// (the arrays of a coalesced flush, unnested).
type statements struct {
	lookupOne, lookupMany, saveOne, saveMany string
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
func newStatements(table string) statements {
	const async = `WITH async AS (SELECT set_config('synchronous_commit', 'off', true)) `
	return statements{
		lookupOne: `SELECT request_hash, status, headers, body FROM ` + table + ` WHERE employee_id = $1 AND key = $2`,
		lookupMany: `SELECT u.i, k.request_hash, k.status, k.headers, k.body
			FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(employee_id, key, i)
			CROSS JOIN LATERAL (SELECT request_hash, status, headers, body FROM ` + table + `
				WHERE employee_id = u.employee_id AND key = u.key LIMIT 1) k`,
		saveOne: async + `INSERT INTO ` + table + ` (employee_id, key, request_hash, status, headers, body)
			SELECT $1, $2, $3, $4, $5, $6 FROM async ON CONFLICT DO NOTHING`,
		saveMany: async + `INSERT INTO ` + table + ` (employee_id, key, request_hash, status, headers, body)
			SELECT u.* FROM async, unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::jsonb[], $6::bytea[])
				AS u(employee_id, key, request_hash, status, headers, body)
			ON CONFLICT DO NOTHING`,
	}
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
	employees, keys := make([]string, len(calls)), make([]string, len(calls))
	for i, c := range calls {
		employees[i], keys[i] = c.employeeID, c.key
	}
	rows, _ := s.pool.Query(ctx, s.sql.lookupMany, employees, keys)
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
	n := len(calls)
	employees, keys, hashes := make([]string, n), make([]string, n), make([]string, n)
	statuses, headers, bodies := make([]int32, n), make([][]byte, n), make([][]byte, n)
	for i, c := range calls {
		employees[i], keys[i], hashes[i] = c.employeeID, c.key, c.resp.RequestHash
		statuses[i], headers[i], bodies[i] = int32(c.resp.Status), c.headers, c.resp.Body
	}
	_, err := s.pool.Exec(ctx, s.sql.saveMany, employees, keys, hashes, statuses, headers, bodies)
	return err
}

// CommandStatements are the statements every keyed command runs here
// when it is alone (the lookup of its key, the save of its answer), for
// an instance to prepare on its connections before it takes traffic (see
// app.warmRequestConns): pgx otherwise prepares each on a connection's
// first use, a round trip more on the first commands after a start. The
// many-row forms run under load, when the connections are warm anyway.
func (s *Store) CommandStatements() []string {
	return []string{s.sql.lookupOne, s.sql.saveOne}
}
