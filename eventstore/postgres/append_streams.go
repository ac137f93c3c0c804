package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

var _ eventstore.MultiStreamAppender = (*Store)(nil)

// AppendStreams implements eventstore.MultiStreamAppender with one INSERT
// of every part's rows in one transaction. The INSERT is the transaction's
// only write, so, as for a lone append, its snapshot predates its xid and
// no stream can gain a committed event between the version checks and the
// rows' place in $all (see AppendInTx for what a later write would risk).
// Rows insert in the order given, so seq keeps each stream's versions in
// order and the parts together. The single-stream Append is untouched: a
// multi-stream append pays its own BEGIN and COMMIT round trips only.
func (s *Store) AppendStreams(ctx context.Context, appends []eventstore.StreamAppend) ([]eventstore.AppendResult, error) {
	if err := eventstore.CheckStreamAppends(appends); err != nil {
		return nil, err
	}
	args, total, err := streamsArgs(appends)
	if err != nil {
		return nil, err
	}
	for range maxRaceRetries {
		res, err := s.insertStreams(ctx, appends, args, total)
		if err == nil {
			s.hub.appended()
			return res, nil
		}
		if !isViolation(err) && !errors.Is(err, errNotInserted) {
			return nil, fmt.Errorf("append %s: %w", streamNames(appends), unavailable(err))
		}
		res, raced, err := s.resolveStreams(ctx, appends, err)
		if !raced {
			return res, err
		}
	}
	return nil, fmt.Errorf("append %s: lost %d races for the next versions: %w", streamNames(appends), maxRaceRetries, domain.ErrConflict)
}

// insertStreams runs the INSERT, on its own: one statement is one
// transaction, and the INSERT writes every row or none (see
// appendStreamsSQL), so a multi-stream append costs one round trip and
// one commit, as a lone append does.
func (s *Store) insertStreams(ctx context.Context, appends []eventstore.StreamAppend, args []any, total int) ([]eventstore.AppendResult, error) {
	rows, err := s.pool.Query(ctx, s.sql.appendStreams, args...)
	if err != nil {
		return nil, err
	}
	byStream := make(map[string]*eventstore.AppendResult, len(appends))
	res := make([]eventstore.AppendResult, len(appends))
	for i, a := range appends {
		byStream[a.Stream] = &res[i]
	}
	var stream string
	var got int
	var r eventstore.AppendResult
	_, err = pgx.ForEachRow(rows, []any{&stream, &r.Position.Major, &r.Position.Minor, &r.Version}, func() error {
		got++
		if p := byStream[stream]; p != nil && r.Version > p.Version {
			*p = r
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if got != total {
		return nil, errNotInserted // none went in: an expectation failed
	}
	return res, nil
}

// resolveStreams explains a multi-stream append that wrote nothing, as
// resolve does for one stream: an idempotent retry when every part is
// stored as it was appended, a lost race (raced) when a part expecting Any
// or StreamExists lost the version it computed, else a conflict naming the
// first stream whose expectation fails.
func (s *Store) resolveStreams(ctx context.Context, appends []eventstore.StreamAppend, cause error) (res []eventstore.AppendResult, raced bool, err error) {
	res = make([]eventstore.AppendResult, len(appends))
	stored := 0
	for i, a := range appends {
		r, ok, err := s.retried(ctx, s.pool, a.Stream, a.Events)
		if err != nil {
			return nil, false, err
		}
		if ok {
			res[i] = r
			stored++
		}
	}
	switch {
	case stored == len(appends):
		return res, false, nil
	case stored > 0:
		return nil, false, fmt.Errorf("append %s: some streams already hold these events, not as one append: %w", streamNames(appends), domain.ErrConflict)
	}
	for _, a := range appends {
		if isVersionRace(cause, a.Expected) {
			return nil, true, nil
		}
	}
	for _, a := range appends {
		var current uint64
		if err := s.pool.QueryRow(ctx, s.sql.streamVersion, a.Stream).Scan(&current); err != nil {
			return nil, false, fmt.Errorf("append %s: %w", a.Stream, unavailable(err))
		}
		if !a.Expected.Allows(current) {
			return nil, false, fmt.Errorf("append %s: expected %s, stream at version %d: %w", a.Stream, a.Expected, current, domain.ErrConflict)
		}
	}
	// Every expectation holds now, so a stream holds some of the ids, or
	// a concurrent append took a version and is visible now.
	return nil, false, fmt.Errorf("append %s: a stream moved on or already holds some of these events: %w", streamNames(appends), domain.ErrConflict)
}

// streamsArgs encodes every part's rows as the parallel arrays of the
// multi-stream INSERT: $1 stream, $2 expectation kind, $3 expected
// version, $4 the row's place in its part (1..n), then the event columns.
func streamsArgs(appends []eventstore.StreamAppend) ([]any, int, error) {
	var (
		streams, ids, types []string
		kinds, svs          []int32
		expected, places    []int64
		bodies, metas       [][]byte
	)
	for _, a := range appends {
		for k, e := range a.Events {
			row, err := newEventRow(a.Stream, e)
			if err != nil {
				return nil, 0, err
			}
			streams, kinds, expected = append(streams, a.Stream), append(kinds, int32(kindOf(a.Expected))), append(expected, expectedParam(a.Expected))
			places, ids, types = append(places, int64(k+1)), append(ids, row.id), append(types, row.typ)
			svs, bodies, metas = append(svs, row.sv), append(bodies, row.data), append(metas, row.meta)
		}
	}
	return []any{streams, kinds, expected, places, ids, types, svs, bodies, metas}, len(ids), nil
}

func streamNames(appends []eventstore.StreamAppend) string {
	names := make([]string, len(appends))
	for i, a := range appends {
		names[i] = a.Stream
	}
	return strings.Join(names, ", ")
}

// appendStreamsSQL inserts the rows of several appends, all of them only
// if every stream's expectation holds on the stream's current version
// (read once per stream, in the statement): new streams at 0, exact
// versions at theirs, StreamExists above 0, Any anywhere; else none.
// Versions follow the current or expected version; a concurrent append
// that took one violates the unique constraint and fails the statement
// as a whole. So the statement is atomic by itself and needs no
// transaction around it.
func appendStreamsSQL(schema string) string {
	return strings.ReplaceAll(fmt.Sprintf(`WITH u AS (
	SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::int[], $8::bytea[], $9::bytea[])
		WITH ORDINALITY AS u(stream, kind, expected, k, id, type, sv, data, meta, n)
), c AS (
	SELECT s.stream, (SELECT coalesce(max(e.version), 0) FROM {s}.events e WHERE e.stream = s.stream) AS v
	FROM (SELECT DISTINCT stream FROM u) s
)
INSERT INTO {s}.events (stream, version, id, type, schema_version, data, metadata)
SELECT u.stream, CASE WHEN u.kind IN (%[3]d, %[4]d) THEN c.v ELSE u.expected END + u.k, u.id, u.type, u.sv, u.data, u.meta
FROM u JOIN c ON c.stream = u.stream
WHERE NOT EXISTS (
	SELECT 1 FROM u JOIN c ON c.stream = u.stream
	WHERE NOT CASE u.kind WHEN %[1]d THEN c.v = 0 WHEN %[2]d THEN c.v = u.expected WHEN %[4]d THEN c.v > 0 ELSE true END
)
ORDER BY u.n
RETURNING stream, xid, seq, version`, expectNew, expectExact, expectAny, expectExists), "{s}", schema)
}
