package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// querier is what appends need of a pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// maxRaceRetries bounds how often an Any or StreamExists append is retried
// after a concurrent append took the version it computed.
const maxRaceRetries = 64

// Append implements eventstore.Store. Each append is one autocommitted
// statement, which concurrent one-event appends share (see groupCall);
// local subscribers are woken at once and other processes by a NOTIFY
// sent right after the commit (see hub).
func (s *Store) Append(ctx context.Context, stream string, expected eventstore.ExpectedVersion, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	kind := kindOf(expected)
	if groupable(kind, len(events)) {
		row, err := newEventRow(stream, events[0])
		if err != nil {
			return eventstore.AppendResult{}, err
		}
		v, _ := expected.Exact()
		res, err := s.insertGrouped(ctx, row, v)
		return s.settle(ctx, stream, expected, events, row.args(int64(v)), res, err)
	}
	args, err := appendArgs(stream, expected, events)
	if err != nil {
		return eventstore.AppendResult{}, err
	}
	res, err := s.insert(ctx, s.pool, kind, args, len(events))
	return s.settle(ctx, stream, expected, events, args, res, err)
}

// settle answers an append from its insert's outcome: success, or why
// nothing was written (resolve), retrying an Any or StreamExists append
// that lost a race for the version it computed.
func (s *Store) settle(ctx context.Context, stream string, expected eventstore.ExpectedVersion, events []eventstore.EventData, args []any, res eventstore.AppendResult, err error) (eventstore.AppendResult, error) {
	for range maxRaceRetries {
		if err == nil {
			s.hub.appended()
			return res, nil
		}
		if !isViolation(err) && !errors.Is(err, errNotInserted) {
			return eventstore.AppendResult{}, fmt.Errorf("append %s: %w", stream, unavailable(err))
		}
		resolved, raced, rerr := s.resolve(ctx, s.pool, stream, expected, events, err)
		if !raced {
			return resolved, rerr
		}
		res, err = s.insert(ctx, s.pool, kindOf(expected), args, len(events))
	}
	return eventstore.AppendResult{}, fmt.Errorf("append %s: lost %d races for the next version: %w", stream, maxRaceRetries, domain.ErrConflict)
}

// AppendInTx appends events inside tx, which the caller commits or rolls
// back: the events become visible to readers of $all only after tx
// commits, and no reader passes over them while tx is open. Subscribers
// are notified when tx commits (the NOTIFY is part of tx).
//
// The events take tx's place in $all, which tx took with its first write.
// If tx wrote before and another transaction has since committed an event
// of stream, the new events would come before that earlier version in
// $all; AppendInTx refuses such an append with a conflict, and the caller
// retries in a new transaction. The append runs in a savepoint, so a
// conflict or an idempotent retry (told apart as Append does) leaves tx
// usable.
func (s *Store) AppendInTx(ctx context.Context, tx pgx.Tx, stream string, expected eventstore.ExpectedVersion, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	args, err := appendArgs(stream, expected, events)
	if err != nil {
		return eventstore.AppendResult{}, err
	}
	sp, err := tx.Begin(ctx)
	if err != nil {
		return eventstore.AppendResult{}, fmt.Errorf("append %s: savepoint: %w", stream, err)
	}
	res, err := s.insertInOrder(ctx, sp, stream, kindOf(expected), args, len(events))
	if err != nil {
		if rerr := sp.Rollback(ctx); rerr != nil {
			return eventstore.AppendResult{}, fmt.Errorf("append %s: %w (rollback to savepoint: %v)", stream, err, rerr)
		}
		return s.resolveInTx(ctx, tx, stream, expected, events, err)
	}
	if err := sp.Commit(ctx); err != nil {
		return eventstore.AppendResult{}, fmt.Errorf("append %s: release savepoint: %w", stream, err)
	}
	if _, err := tx.Exec(ctx, s.sql.notify, channel(s.schema), ""); err != nil {
		return eventstore.AppendResult{}, fmt.Errorf("append %s: notify: %w", stream, err)
	}
	return res, nil
}

// insertInOrder inserts inside a caller's transaction and then checks that
// no event of stream has a newer transaction id than the new events: such
// an event has a lower version, and $all reads in (xid, seq) order.
func (s *Store) insertInOrder(ctx context.Context, q pgx.Tx, stream string, kind expectKind, args []any, n int) (eventstore.AppendResult, error) {
	res, err := s.insert(ctx, q, kind, args, n)
	if err != nil {
		return res, err
	}
	var newer bool
	if err := q.QueryRow(ctx, s.sql.newerInStream, stream).Scan(&newer); err != nil {
		return eventstore.AppendResult{}, err
	}
	if newer {
		return eventstore.AppendResult{}, errBehindStream
	}
	return res, nil
}

// resolveInTx answers an append of AppendInTx that wrote nothing, as
// settle does for Append, except that a lost race is a conflict: the
// caller's transaction, not this call, is what a retry must repeat.
func (s *Store) resolveInTx(ctx context.Context, tx pgx.Tx, stream string, expected eventstore.ExpectedVersion, events []eventstore.EventData, cause error) (eventstore.AppendResult, error) {
	switch {
	case errors.Is(cause, errBehindStream):
		return eventstore.AppendResult{}, fmt.Errorf("append %s: %w", stream, cause)
	case !isViolation(cause) && !errors.Is(cause, errNotInserted):
		return eventstore.AppendResult{}, fmt.Errorf("append %s: %w", stream, cause)
	}
	res, raced, err := s.resolve(ctx, tx, stream, expected, events, cause)
	if raced {
		return eventstore.AppendResult{}, fmt.Errorf("append %s: a concurrent append took the next version: %w", stream, domain.ErrConflict)
	}
	return res, err
}

// errBehindStream refuses an append whose transaction is older than an
// event its stream already holds.
var errBehindStream = fmt.Errorf("the transaction took its place in the global log before the stream's last event; retry in a new transaction: %w", domain.ErrConflict)

var errNotInserted = errors.New("expectation failed")

// appendArgs encodes the parameters of the append statements: one event
// as scalars, several as parallel arrays for unnest.
func appendArgs(stream string, expected eventstore.ExpectedVersion, events []eventstore.EventData) ([]any, error) {
	if len(events) == 0 {
		return nil, fmt.Errorf("append %s: no events", stream)
	}
	want := expectedParam(expected)
	if len(events) == 1 {
		row, err := newEventRow(stream, events[0])
		return row.args(want), err
	}
	ids, types := make([]string, len(events)), make([]string, len(events))
	svs, bodies, metas := make([]int32, len(events)), make([][]byte, len(events)), make([][]byte, len(events))
	for i, e := range events {
		row, err := newEventRow(stream, e)
		if err != nil {
			return nil, err
		}
		ids[i], types[i], svs[i], bodies[i], metas[i] = row.id, row.typ, row.sv, row.data, row.meta
	}
	return []any{stream, want, ids, types, svs, bodies, metas}, nil
}

// eventRow is one event as the append statements take it.
type eventRow struct {
	stream, id, typ string
	sv              int32
	data, meta      []byte
}

func newEventRow(stream string, e eventstore.EventData) (eventRow, error) {
	meta, err := json.Marshal(e.Metadata)
	if err != nil {
		return eventRow{}, fmt.Errorf("append %s: metadata: %w", stream, err)
	}
	return eventRow{stream: stream, id: e.ID, typ: e.Type, sv: int32(e.SchemaVersion), data: data(e.Data), meta: meta}, nil
}

// args are the parameters of the one-event append statements; want is
// $2, the expected version (see expectedParam).
func (r eventRow) args(want int64) []any {
	return []any{r.stream, want, r.id, r.typ, r.sv, r.data, r.meta}
}

// data keeps a nil body from becoming SQL NULL.
func data(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// expectedParam is $2 of the append statements: the exact version, or 0.
func expectedParam(e eventstore.ExpectedVersion) int64 {
	v, _ := e.Exact()
	return int64(v)
}

// insert runs the append statement for kind; errNotInserted means a check
// failed.
func (s *Store) insert(ctx context.Context, q querier, kind expectKind, args []any, n int) (eventstore.AppendResult, error) {
	var res eventstore.AppendResult
	if n == 1 {
		err := q.QueryRow(ctx, s.sql.appends[kind][0], args...).Scan(&res.Position.Major, &res.Position.Minor, &res.Version)
		if errors.Is(err, pgx.ErrNoRows) {
			return res, errNotInserted
		}
		return res, err
	}
	rows, err := q.Query(ctx, s.sql.appends[kind][1], args...)
	if err != nil {
		return res, err
	}
	defer rows.Close()
	var got int
	for rows.Next() {
		var xid, seq, version uint64
		if err := rows.Scan(&xid, &seq, &version); err != nil {
			return eventstore.AppendResult{}, err
		}
		got++
		if version > res.Version {
			res = eventstore.AppendResult{Version: version, Position: eventstore.Position{Major: xid, Minor: seq}}
		}
	}
	if err := rows.Err(); err != nil {
		return eventstore.AppendResult{}, err
	}
	if got != n {
		return eventstore.AppendResult{}, errNotInserted
	}
	return res, nil
}

// isViolation reports a unique violation: the version is taken.
func isViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505"
}

// isVersionRace reports a concurrent append taking the computed version,
// which Any and StreamExists appends simply retry.
func isVersionRace(err error, expected eventstore.ExpectedVersion) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.ConstraintName != "events_stream_version" {
		return false
	}
	_, exact := expected.Exact()
	return !exact && !expected.IsNoStream()
}
