package postgres

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/opsledger/opsledger/eventstore"
)

// ReadStream implements eventstore.Store. A stream read needs no gap
// safety: versions are dense, so it returns whatever has committed.
func (s *Store) ReadStream(ctx context.Context, stream string, opts eventstore.ReadStreamOptions) ([]eventstore.Recorded, error) {
	to := int64(math.MaxInt64)
	if opts.ToVersion > 0 && opts.ToVersion < math.MaxInt64 {
		to = int64(opts.ToVersion)
	}
	until := pgtype.Timestamptz{InfinityModifier: pgtype.Infinity, Valid: true}
	if !opts.RecordedUntil.IsZero() {
		until = pgtype.Timestamptz{Time: opts.RecordedUntil, Valid: true}
	}
	from := int64(min(opts.FromVersion, math.MaxInt64))
	rows, err := s.pool.Query(ctx, s.sql.readStream, stream, from, to, until, limitParam(opts.Limit))
	if err != nil {
		return nil, fmt.Errorf("read stream %s: %w", stream, unavailable(err))
	}
	out, err := scanEvents(rows, opts.Limit)
	if err != nil {
		return nil, fmt.Errorf("read stream %s: %w", stream, unavailable(err))
	}
	return out, nil
}

// ReadAll implements eventstore.Store. It returns only events of
// transactions older than the oldest still running (other databases'
// known ones aside: foreignXids), in (xid, seq) order, filtering in SQL.
func (s *Store) ReadAll(ctx context.Context, from eventstore.Position, limit int, filter eventstore.Filter) ([]eventstore.Recorded, error) {
	var rows pgx.Rows
	var err error
	if len(filter.StreamPrefixes) == 0 && len(filter.EventTypes) == 0 {
		rows, err = s.pool.Query(ctx, s.sql.readAll, from.Major, int64(from.Minor), limitParam(limit), s.foreign.list())
	} else {
		rows, err = s.pool.Query(ctx, s.sql.readAllFil, from.Major, int64(from.Minor), limitParam(limit),
			nonNil(filter.StreamPrefixes), nonNil(filter.EventTypes), s.foreign.list())
	}
	if err != nil {
		return nil, fmt.Errorf("read all from %s: %w", from, unavailable(err))
	}
	out, err := scanEvents(rows, limit)
	if err != nil {
		return nil, fmt.Errorf("read all from %s: %w", from, unavailable(err))
	}
	return out, nil
}

// Head implements eventstore.Store: the last position ReadAll can return
// now.
func (s *Store) Head(ctx context.Context) (eventstore.Position, error) {
	var p eventstore.Position
	err := s.pool.QueryRow(ctx, s.sql.head, s.foreign.list()).Scan(&p.Major, &p.Minor)
	if errors.Is(err, pgx.ErrNoRows) {
		return eventstore.Start, nil
	}
	if err != nil {
		return eventstore.Start, fmt.Errorf("head: %w", unavailable(err))
	}
	return p, nil
}

// pendingAfter reports whether the log holds an event after pos, visible
// or not. A reader that just found nothing visible after pos asks it: if an
// event is there, an older transaction is holding it back, and that
// transaction may end without any NOTIFY (a rollback, or a transaction that
// is not an append), so the reader must look again soon. It asks about pos
// rather than about invisible events, because the transaction may end
// between the read and this question: the event is then visible, and
// "anything invisible?" would wrongly answer no.
func (s *Store) pendingAfter(ctx context.Context, pos eventstore.Position) (bool, error) {
	var ok bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM (SELECT FROM `+quote(s.schema)+`.events
		WHERE (xid, seq) > ($1::xid8, $2::bigint) ORDER BY xid, seq LIMIT 1) s)`, pos.Major, int64(pos.Minor)).Scan(&ok)
	return ok, err
}

// limitParam maps "no limit" (0 or less) to NULL, which LIMIT reads as ALL.
func limitParam(limit int) *int64 {
	if limit <= 0 {
		return nil
	}
	l := int64(limit)
	return &l
}

// nonNil keeps an empty filter list from encoding as NULL.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// CommandStatements are the statements a command runs here on the store's
// pool (the read of its stream, from the start or after a snapshot, and
// its one-event append at the version it read), for an instance to
// prepare on its connections before it takes traffic (see
// app.warmRequestConns): pgx otherwise prepares each on a connection's
// first use, a round trip more on the first commands after a start.
func (s *Store) CommandStatements() []string {
	return []string{s.sql.readStream, s.sql.appends[expectExact][0]}
}
