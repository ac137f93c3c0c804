package postgres

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/eventstore"
)

// Concurrent appends of one event to a new stream or at an exact version
// (what every command makes) share one INSERT, one round trip and one
// commit: under load each append otherwise paid a statement, a commit and
// a WAL flush of its own, and the two round-trip ends were most of the
// CPU an append cost. The shared insert skips, rather than fails on, an
// append whose expectation does not hold (ON CONFLICT DO NOTHING and the
// version check in WHERE), so one conflict does not undo the others. An
// append the shared insert skipped runs again alone, so its answer (a
// conflict, an idempotent retry, or success on a stream that moved on to
// its expected version meanwhile) is the one it would have had alone.
// Appends of several events do not take part: they must land all or
// none, which a skipping insert cannot promise for one of many rows.

// groupCall is one grouped append and, once flushed, its outcome.
type groupCall struct {
	row      eventRow
	expected uint64 // 0: a new stream
	res      eventstore.AppendResult
	err      error
	// alone: the shared insert skipped this append or failed; it must
	// run alone to get its answer.
	alone bool
}

// groupable reports whether an append may share an insert: one event,
// expecting a new stream or an exact version (never 0: Exact(0) is
// NoStream).
func groupable(kind expectKind, n int) bool {
	return n == 1 && (kind == expectNew || kind == expectExact)
}

// insertGrouped appends one event at expected (0: a new stream) through
// the group and returns what a lone insert would have: errNotInserted or
// a violation when the expectation did not hold.
func (s *Store) insertGrouped(ctx context.Context, row eventRow, expected uint64) (eventstore.AppendResult, error) {
	c := groupCall{row: row, expected: expected}
	s.group.Do(ctx, &c)
	if c.alone {
		return s.insertAlone(ctx, &c)
	}
	return c.res, c.err
}

// insertAlone runs c's own append statement.
func (s *Store) insertAlone(ctx context.Context, c *groupCall) (eventstore.AppendResult, error) {
	kind := expectExact
	if c.expected == 0 {
		kind = expectNew
	}
	return s.insert(ctx, s.pool, kind, c.row.args(int64(c.expected)), 1)
}

// appendGroup is the coalescer's flush. A lone call runs the lone
// statement: an idle store pays nothing for the grouping.
func (s *Store) appendGroup(ctx context.Context, calls []*groupCall) {
	if len(calls) == 1 {
		calls[0].res, calls[0].err = s.insertAlone(ctx, calls[0])
		return
	}
	for _, c := range calls {
		c.alone = true // until the shared insert returns its row
	}
	rows, err := s.pool.Query(ctx, s.sql.appendGroup, groupArgs(calls)...)
	if err != nil {
		return
	}
	byKey := make(map[string]*groupCall, len(calls))
	for i := len(calls) - 1; i >= 0; i-- { // the first call of a repeated event keeps it
		byKey[groupKey(calls[i].row.stream, calls[i].row.id)] = calls[i]
	}
	var stream, id string
	var res eventstore.AppendResult
	_, err = pgx.ForEachRow(rows, []any{&stream, &id, &res.Position.Major, &res.Position.Minor, &res.Version}, func() error {
		c, ok := byKey[groupKey(stream, id)]
		if !ok {
			return errors.New("grouped append returned an event nobody appended")
		}
		c.res, c.alone = res, false
		return nil
	})
	if err != nil {
		// The insert did not commit (or its answer is lost): every call
		// finds out alone, as an idempotent retry if its event landed.
		for _, c := range calls {
			c.alone = true
		}
	}
}

func groupKey(stream, id string) string { return stream + "\x00" + id }

// groupArgs are the parallel arrays of the shared insert.
func groupArgs(calls []*groupCall) []any {
	n := len(calls)
	streams, ids, types := make([]string, n), make([]string, n), make([]string, n)
	expected, svs := make([]int64, n), make([]int32, n)
	bodies, metas := make([][]byte, n), make([][]byte, n)
	for i, c := range calls {
		r := c.row
		streams[i], expected[i], ids[i], types[i] = r.stream, int64(c.expected), r.id, r.typ
		svs[i], bodies[i], metas[i] = r.sv, r.data, r.meta
	}
	return []any{streams, expected, ids, types, svs, bodies, metas}
}

// appendGroupSQL inserts each row whose expectation holds: version 1 of a
// new stream, or the version after an existing expected one; a taken
// version or a stream's repeated event id is skipped (ON CONFLICT DO
// NOTHING covers both unique constraints). Rows insert in call order, so
// seq follows arrival.
func appendGroupSQL(schema string) string {
	return strings.ReplaceAll(`INSERT INTO {s}.events (stream, version, id, type, schema_version, data, metadata)
SELECT u.stream, u.expected + 1, u.id, u.type, u.sv, u.data, u.meta
FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::int[], $6::bytea[], $7::bytea[])
	WITH ORDINALITY AS u(stream, expected, id, type, sv, data, meta, n)
WHERE u.expected = 0 OR EXISTS (SELECT FROM {s}.events e WHERE e.stream = u.stream AND e.version = u.expected)
ORDER BY u.n
ON CONFLICT DO NOTHING
RETURNING stream, id, xid, seq, version`, "{s}", schema)
}
