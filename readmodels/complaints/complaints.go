package complaints

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Projection is the complaint-handling read model: one row per complaint
// with its status, handling department, the milestones service levels are
// measured by (routing, first customer update, closure), escalations and
// reopenings.
type Projection struct{}

// New returns the complaints projection.
func New() Projection { return Projection{} }

// Name implements Projection.
func (Projection) Name() string { return "complaints" }

// Tables implements Projection.
func (Projection) Tables() []string { return []string{"complaints"} }

// Filter implements Projection: every event of every complaint stream, so
// a row's version is its stream's version.
func (Projection) Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{complaint.Stream("")}}
}

// Setup implements Projection.
func (Projection) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE TABLE complaints (
			complaint_id        text PRIMARY KEY,
			customer_id         text NOT NULL,
			channel             text NOT NULL,
			received_by         text NOT NULL,
			received_at         timestamptz NOT NULL,
			status              text NOT NULL,
			department_id       text NOT NULL DEFAULT '',
			routed_at           timestamptz,
			first_update_at     timestamptz,
			last_update_at      timestamptz,
			closed_at           timestamptz,
			escalations         int NOT NULL DEFAULT 0,
			escalated_to        text NOT NULL DEFAULT '',
			reopen_count        int NOT NULL DEFAULT 0,
			root_cause_category text NOT NULL DEFAULT '',
			version             bigint NOT NULL,
			updated_at          timestamptz NOT NULL
		) WITH (fillfactor = 80);`)
	return err
}

// Indexes implements Indexer: the list's default order and its filters.
// The rows are rewritten by every event, so none indexes updated_at (see
// customers.Projection.Indexes); the free space fillfactor leaves lets those
// updates stay on their page (HOT).
func (Projection) Indexes(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE INDEX IF NOT EXISTS complaints_received ON complaints (received_at, complaint_id);
		CREATE INDEX IF NOT EXISTS complaints_status ON complaints (status, received_at, complaint_id);
		CREATE INDEX IF NOT EXISTS complaints_department ON complaints (department_id, received_at, complaint_id);
		CREATE INDEX IF NOT EXISTS complaints_customer ON complaints (customer_id, received_at);`)
	return err
}

// The read model decodes the bodies of the events listed here;
// the others only move a complaint's status or version.
var complaintEvents = tables.NewEvents(eventstore.NewCodec(complaint.Events()...), complaint.Stream(""),
	complaint.Received{}, complaint.Routed{}, complaint.CustomerUpdated{}, complaint.Escalated{},
	complaint.Closed{}, complaint.RootCauseRecorded{})

// Apply implements Projection. It loads the complaints the batch touches
// in one query, folds the events into them in memory and writes them back
// in one statement: two round trips per batch, however long it is.
func (Projection) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	prefix := complaint.Stream("")
	ids := tables.StreamIDs(events, prefix)
	rows, err := tables.LoadRows(ctx, tx, "complaints", "complaint_id", ids, func(v *queries.ComplaintView) string { return v.ComplaintID })
	if err != nil {
		return err
	}
	evs, err := complaintEvents.Decode(events)
	if err != nil {
		return err
	}
	for _, e := range evs {
		id := e.Stream[len(prefix):]
		if err := foldComplaint(rows, id, e); err != nil {
			return err
		}
		if row := rows[id]; row != nil {
			row.Version, row.UpdatedAt = int64(e.StreamVersion), e.RecordedAt
		}
	}
	b := &pgx.Batch{}
	if err := tables.QueueUpsert(b, "complaints", []string{"complaint_id"}, tables.Touched(rows, ids), false); err != nil {
		return err
	}
	return tables.Write(ctx, tx, b)
}

// foldComplaint applies one event to its complaint; the statuses follow
// complaint.Complaint.Evolve. Events of a complaint never received change
// nothing.
func foldComplaint(rows map[string]*queries.ComplaintView, id string, e tables.Decoded) error {
	if e.Type == (complaint.Received{}).EventType() {
		ev := e.Event.(complaint.Received)
		if rows[id] == nil {
			rows[id] = &queries.ComplaintView{ComplaintID: id, CustomerID: ev.CustomerID, Channel: string(ev.Channel),
				ReceivedBy: ev.ReceivedBy, ReceivedAt: ev.ReceivedAt, Status: string(complaint.StatusReceived)}
		}
		return nil
	}
	row := rows[id]
	if row == nil {
		return nil
	}
	if status, ok := complaintStatusOf[e.Type]; ok {
		row.Status = string(status)
		return nil
	}
	if fold, ok := complaintFolds[e.Type]; ok {
		return fold(row, e)
	}
	return nil
}

// complaintStatusOf maps the events that only move the status.
var complaintStatusOf = map[string]complaint.Status{
	complaint.ProgressRecorded{}.EventType():      complaint.StatusInProgress,
	complaint.ResolutionProposed{}.EventType():    complaint.StatusResolutionProposed,
	complaint.ConfirmationRequested{}.EventType(): complaint.StatusAwaitingConfirmation,
	complaint.ResolutionDeclined{}.EventType():    complaint.StatusInProgress,
}
