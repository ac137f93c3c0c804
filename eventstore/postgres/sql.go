package postgres

import "strings"

// statements are the store's SQL, built once per schema. pgx prepares and
// caches each text per connection, so appends and reads cost one round
// trip each.
type statements struct {
	appends                         [numExpectKinds][2]string // by expectKind, then one/many events
	appendGroup                     string                    // one event each of many appends
	appendStreams                   string                    // one atomic append to several streams
	byIDs, streamVersion            string
	newerInStream                   string
	readStream, readAll, readAllFil string
	head, notify                    string
}

// columns is what every read returns, in the order scanRow expects.
const columns = "xid, seq, stream, version, id, type, schema_version, recorded_at, data, metadata"

// visible keeps the rows of transactions older than every running one
// that could still add a row: they can no longer be joined by an earlier
// row. A transaction of another database of the cluster cannot write this
// table, yet it holds back the snapshot's xmin for as long as it runs (a
// rebuild's COPY, a bulk load: seconds). So a row at or past xmin is still
// visible when it is older than every running transaction but those known
// to be another database's, passed as the parameter {foreign} (an xid8
// array, see foreign.go). The OR stops at the cheap test for the rows
// below xmin, and the subquery is computed once, on first use.
const visible = `(xid < pg_snapshot_xmin(pg_current_snapshot()) OR xid < (
	SELECT coalesce(min(r.x), pg_snapshot_xmax(pg_current_snapshot()))
	FROM pg_snapshot_xip(pg_current_snapshot()) r(x) WHERE r.x <> ALL({foreign}::xid8[])))`

// visibleWith is visible with its list of foreign transactions in param.
func visibleWith(param string) string { return strings.ReplaceAll(visible, "{foreign}", param) }

func buildStatements(schema string) statements {
	r := strings.NewReplacer("{s}", schema, "{cols}", columns,
		"{visible $1}", visibleWith("$1"), "{visible $4}", visibleWith("$4"), "{visible $6}", visibleWith("$6"))
	return statements{
		appends:       appendStatements(schema),
		appendGroup:   appendGroupSQL(schema),
		appendStreams: appendStreamsSQL(schema),
		byIDs:         r.Replace(`SELECT {cols} FROM {s}.events WHERE stream = $1 AND id = ANY($2::text[])`),
		streamVersion: r.Replace(`SELECT coalesce(max(version), 0) FROM {s}.events WHERE stream = $1`),
		newerInStream: r.Replace(`SELECT EXISTS (SELECT FROM {s}.events WHERE stream = $1 AND xid > pg_current_xact_id())`),
		readStream: r.Replace(`SELECT {cols} FROM {s}.events
WHERE stream = $1 AND version >= $2 AND version <= $3 AND recorded_at <= $4
ORDER BY version LIMIT $5`),
		readAll: r.Replace(`SELECT {cols} FROM {s}.events
WHERE (xid, seq) > ($1::xid8, $2::bigint) AND {visible $4}
ORDER BY xid, seq LIMIT $3`),
		readAllFil: r.Replace(`SELECT {cols} FROM {s}.events
WHERE (xid, seq) > ($1::xid8, $2::bigint) AND {visible $6}
	AND (cardinality($4::text[]) = 0 OR stream ^@ ANY($4::text[]))
	AND (cardinality($5::text[]) = 0 OR type = ANY($5::text[]))
ORDER BY xid, seq LIMIT $3`),
		head:   r.Replace(`SELECT xid, seq FROM {s}.events WHERE {visible $1} ORDER BY xid DESC, seq DESC LIMIT 1`),
		notify: `SELECT pg_notify($1, $2)`,
	}
}
