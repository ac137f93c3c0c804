package postgres

import (
	"strings"

	"github.com/opsledger/opsledger/eventstore"
)

// expectKind selects the append statement for an expectation.
type expectKind int

const (
	expectNew    expectKind = iota // NoStream: versions 1..n
	expectExact                    // Exact(v): versions v+1..v+n
	expectAny                      // Any: after the current version
	expectExists                   // StreamExists: after it, if above 0
	numExpectKinds
)

func kindOf(e eventstore.ExpectedVersion) expectKind {
	switch {
	case e.IsNoStream():
		return expectNew
	case e.IsAny():
		return expectAny
	case e.IsStreamExists():
		return expectExists
	}
	return expectExact
}

// appendStatements builds one INSERT per expectation kind, for one event
// ($3..$7 scalars) and for several ($3..$7 parallel arrays, unnested).
// $1 is the stream and $2 the expected version (0 unless Exact).
//
// Each checks its expectation inside the INSERT, so an append is one round
// trip. A new stream needs no check at all: version 1 exists or not, and
// the unique (stream, version) constraint says which. Exact(v) inserts
// only if version v exists, so an expectation ahead of the stream inserts
// nothing instead of leaving a hole; a stream beyond v violates the
// constraint. Any and StreamExists read the current version in the same
// statement. An event id the stream already holds violates the unique
// (stream, id) constraint: resolve tells a retry from a conflict.
// Concurrent appends that pass the checks together are serialized by the
// constraints: one wins, the others violate them.
func appendStatements(schema string) (out [numExpectKinds][2]string) {
	current := "(SELECT coalesce(max(version), 0) AS v FROM {s}.events WHERE stream = $1) c"
	for _, many := range []bool{false, true} {
		out[expectNew][b2i(many)] = insertSQL(schema, many, "0", "", "$2::bigint = 0")
		out[expectExact][b2i(many)] = insertSQL(schema, many, "$2::bigint", "",
			"EXISTS (SELECT FROM {s}.events WHERE stream = $1 AND version = $2::bigint)")
		out[expectAny][b2i(many)] = insertSQL(schema, many, "c.v", current, "$2::bigint = 0")
		out[expectExists][b2i(many)] = insertSQL(schema, many, "c.v", current, "$2::bigint = 0 AND c.v > 0")
	}
	return out
}

// insertSQL assembles an append statement: versions follow base, from
// adds a relation before the events, where holds the checks.
func insertSQL(schema string, many bool, base, from, where string) string {
	var b strings.Builder
	b.WriteString("INSERT INTO {s}.events (stream, version, id, type, schema_version, data, metadata)\n")
	if many {
		b.WriteString("SELECT $1, " + base + " + e.n, e.id, e.type, e.sv, e.data, e.meta\nFROM ")
		if from != "" {
			b.WriteString(from + ", ")
		}
		b.WriteString("unnest($3::text[], $4::text[], $5::int[], $6::bytea[], $7::bytea[])" +
			" WITH ORDINALITY AS e(id, type, sv, data, meta, n)\n")
	} else {
		b.WriteString("SELECT $1, " + base + " + 1, $3, $4, $5, $6, $7\n")
		if from != "" {
			b.WriteString("FROM " + from + "\n")
		}
	}
	b.WriteString("WHERE " + where + "\n")
	if many {
		b.WriteString("ORDER BY e.n\n") // seq follows version
	}
	b.WriteString("RETURNING xid, seq, version")
	return strings.ReplaceAll(b.String(), "{s}", schema)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
