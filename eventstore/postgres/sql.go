package postgres

import "strings"

// statements are the store's SQL, built once per schema. pgx prepares and
// caches each text per connection, so appends and reads cost one round
// trip each.
type statements struct {
	appendOne, appendMany           string
	byIDs, streamVersion            string
	readStream, readAll, readAllFil string
	head, pending, notify           string
}

// columns is what every read returns, in the order scanRow expects.
const columns = "xid, seq, stream, version, id, type, schema_version, recorded_at, data, metadata"

// visible keeps the rows of transactions older than every running one:
// they can no longer be joined by an earlier row.
const visible = "xid < pg_snapshot_xmin(pg_current_snapshot())"

// The append statements compute the next version and check the
// expectation in the INSERT itself: $2 is the expected version, -1 for
// Any, -2 for StreamExists. No row is inserted when the expectation fails
// (including an expected version ahead of the stream, which must not leave
// a hole), and the unique (stream, version) constraint catches concurrent
// appends that both passed the check.
const appendOneSQL = `INSERT INTO {s}.events (stream, version, id, type, schema_version, data, metadata)
SELECT $1, c.v + 1, $3, $4, $5, $6, $7
FROM (SELECT coalesce(max(version), 0) AS v FROM {s}.events WHERE stream = $1) c
WHERE CASE $2::bigint WHEN -1 THEN true WHEN -2 THEN c.v > 0 ELSE c.v = $2::bigint END
RETURNING xid, seq, version`

const appendManySQL = `INSERT INTO {s}.events (stream, version, id, type, schema_version, data, metadata)
SELECT $1, c.v + e.n, e.id, e.type, e.sv, e.data, e.meta
FROM (SELECT coalesce(max(version), 0) AS v FROM {s}.events WHERE stream = $1) c,
	unnest($3::text[], $4::text[], $5::int[], $6::bytea[], $7::bytea[])
		WITH ORDINALITY AS e(id, type, sv, data, meta, n)
WHERE CASE $2::bigint WHEN -1 THEN true WHEN -2 THEN c.v > 0 ELSE c.v = $2::bigint END
ORDER BY e.n
RETURNING xid, seq, version`

func buildStatements(schema string) statements {
	r := strings.NewReplacer("{s}", schema, "{cols}", columns, "{visible}", visible)
	return statements{
		appendOne:     r.Replace(appendOneSQL),
		appendMany:    r.Replace(appendManySQL),
		byIDs:         r.Replace(`SELECT id, stream, version, xid, seq FROM {s}.events WHERE id = ANY($1::text[])`),
		streamVersion: r.Replace(`SELECT coalesce(max(version), 0) FROM {s}.events WHERE stream = $1`),
		readStream: r.Replace(`SELECT {cols} FROM {s}.events
WHERE stream = $1 AND version >= $2 AND version <= $3 AND recorded_at <= $4
ORDER BY version LIMIT $5`),
		readAll: r.Replace(`SELECT {cols} FROM {s}.events
WHERE (xid, seq) > ($1::xid8, $2::bigint) AND {visible}
ORDER BY xid, seq LIMIT $3`),
		readAllFil: r.Replace(`SELECT {cols} FROM {s}.events
WHERE (xid, seq) > ($1::xid8, $2::bigint) AND {visible}
	AND (cardinality($4::text[]) = 0 OR stream ^@ ANY($4::text[]))
	AND (cardinality($5::text[]) = 0 OR type = ANY($5::text[]))
ORDER BY xid, seq LIMIT $3`),
		head: r.Replace(`SELECT xid, seq FROM {s}.events WHERE {visible} ORDER BY xid DESC, seq DESC LIMIT 1`),
		// pending finds committed events a reader cannot see yet because
		// an older transaction is still running.
		pending: r.Replace(`SELECT EXISTS (SELECT FROM {s}.events WHERE xid >= pg_snapshot_xmin(pg_current_snapshot()))`),
		notify:  `SELECT pg_notify($1, $2)`,
	}
}
