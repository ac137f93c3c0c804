// Package meetings is the meetings read model (§3.14): one row per
// meeting with its attendance, minutes and countersignatures, and the two
// lists a manager checks, the held meetings whose minutes are open and the
// important ones not yet countersigned.
package meetings

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain/meeting"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Projection is the meetings read model.
type Projection struct{}

// New returns the meetings projection.
func New() Projection { return Projection{} }

// Name implements Projection.
func (Projection) Name() string { return "meetings" }

// Tables implements Projection.
func (Projection) Tables() []string { return []string{"meetings"} }

// Filter implements Projection: every event of every meeting stream.
func (Projection) Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{meeting.Stream("")}}
}

// Setup implements Projection.
func (Projection) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE TABLE meetings (
			meeting_id          text PRIMARY KEY,
			kind                text NOT NULL,
			title               text NOT NULL,
			org_unit_id         text NOT NULL,
			chair_id            text NOT NULL,
			starts_at           timestamptz NOT NULL,
			duration_minutes    bigint NOT NULL,
			important           boolean NOT NULL,
			room                text NOT NULL DEFAULT '',
			room_booked_at      timestamptz,
			status              text NOT NULL,
			attendance          jsonb,
			started_at          timestamptz,
			ended_at            timestamptz,
			overran             boolean NOT NULL DEFAULT false,
			minutes_recorded_at timestamptz,
			signatures          jsonb,
			open_minutes        boolean NOT NULL DEFAULT false,
			uncountersigned     boolean NOT NULL DEFAULT false,
			closed_at           timestamptz,
			version             bigint NOT NULL,
			updated_at          timestamptz NOT NULL,
			actions             jsonb,
			minutes             text NOT NULL DEFAULT ''
		) WITH (fillfactor = 80);`)
	return err
}

// Indexes implements Indexer: the list's default order and its filters.
func (Projection) Indexes(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE INDEX IF NOT EXISTS meetings_starts ON meetings (starts_at, meeting_id);
		CREATE INDEX IF NOT EXISTS meetings_status ON meetings (status, starts_at, meeting_id);
		CREATE INDEX IF NOT EXISTS meetings_unit ON meetings (org_unit_id, starts_at, meeting_id);`)
	return err
}

// Every meeting event changes the row, so all are decoded.
var meetingEvents = tables.NewEvents(eventstore.NewCodec(meeting.Events()...), meeting.Stream(""), meeting.Events()...)

// Apply implements Projection: the meetings of the batch are loaded in
// one query, folded in memory and written back in one statement.
func (Projection) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	prefix := meeting.Stream("")
	ids := tables.StreamIDs(events, prefix)
	rows, err := tables.LoadRows(ctx, tx, "meetings", "meeting_id", ids, func(v *queries.MeetingView) string { return v.MeetingID })
	if err != nil {
		return err
	}
	evs, err := meetingEvents.Decode(events)
	if err != nil {
		return err
	}
	for _, e := range evs {
		id := e.Stream[len(prefix):]
		foldMeeting(rows, id, e)
		if row := rows[id]; row != nil {
			row.Version, row.UpdatedAt = int64(e.StreamVersion), e.RecordedAt
		}
	}
	b := &pgx.Batch{}
	if err := tables.QueueUpsert(b, "meetings", []string{"meeting_id"}, tables.Touched(rows, ids), false); err != nil {
		return err
	}
	return tables.Write(ctx, tx, b)
}
