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

// visible keeps the rows of transactions older than every running one:
// they can no longer be joined by an earlier row.
const visible = "xid < pg_snapshot_xmin(pg_current_snapshot())"

func buildStatements(schema string) statements {
	r := strings.NewReplacer("{s}", schema, "{cols}", columns, "{visible}", visible)
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
WHERE (xid, seq) > ($1::xid8, $2::bigint) AND {visible}
ORDER BY xid, seq LIMIT $3`),
		readAllFil: r.Replace(`SELECT {cols} FROM {s}.events
WHERE (xid, seq) > ($1::xid8, $2::bigint) AND {visible}
	AND (cardinality($4::text[]) = 0 OR stream ^@ ANY($4::text[]))
	AND (cardinality($5::text[]) = 0 OR type = ANY($5::text[]))
ORDER BY xid, seq LIMIT $3`),
		head:   r.Replace(`SELECT xid, seq FROM {s}.events WHERE {visible} ORDER BY xid DESC, seq DESC LIMIT 1`),
		notify: `SELECT pg_notify($1, $2)`,
	}
}
