package projections

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/eventstore"
)

// Complaints is the complaint-handling read model: one row per complaint
// with its status, handling department, the milestones service levels are
// measured by (routing, first customer update, closure), escalations and
// reopenings.
type Complaints struct{}

// NewComplaints returns the complaints projection.
func NewComplaints() Complaints { return Complaints{} }

// Name implements Projection.
func (Complaints) Name() string { return "complaints" }

// Tables implements Projection.
func (Complaints) Tables() []string { return []string{"complaints"} }

// Filter implements Projection: every event of every complaint stream, so
// a row's version is its stream's version.
func (Complaints) Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{complaint.Stream("")}}
}

// Setup implements Projection.
func (Complaints) Setup(ctx context.Context, tx pgx.Tx) error {
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
		);
		CREATE INDEX complaints_received ON complaints (received_at, complaint_id);
		CREATE INDEX complaints_status ON complaints (status, received_at, complaint_id);
		CREATE INDEX complaints_department ON complaints (department_id, received_at, complaint_id);
		CREATE INDEX complaints_customer ON complaints (customer_id, received_at);`)
	return err
}

// Apply implements Projection. Each event that changes a field queues one
// statement; the version stamp of all touched complaints is one more. The
// whole batch goes to the server in one round trip.
func (Complaints) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	b := &pgx.Batch{}
	for _, e := range events {
		if err := queueComplaint(b, e); err != nil {
			return err
		}
	}
	queueStamp(b, "complaints", "complaint_id", lastStamps(events, complaint.Stream("")))
	return sendBatch(ctx, tx, b)
}

// complaintStatus is the statement that only moves a complaint's status.
const complaintStatus = `UPDATE complaints SET status = $2 WHERE complaint_id = $1`

// queueComplaint queues the change one complaint event makes; the
// statuses follow complaint.Complaint.Evolve.
func queueComplaint(b *pgx.Batch, e eventstore.Recorded) error {
	id := e.Stream[len(complaint.Stream("")):]
	switch e.Type {
	case complaint.Received{}.EventType():
		ev, err := decodeBody[complaint.Received](e)
		if err != nil {
			return err
		}
		b.Queue(`INSERT INTO complaints (complaint_id, customer_id, channel, received_by, received_at, status, version, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (complaint_id) DO NOTHING`,
			id, ev.CustomerID, string(ev.Channel), ev.ReceivedBy, ev.ReceivedAt, string(complaint.StatusReceived),
			int64(e.StreamVersion), e.RecordedAt)
	case complaint.Routed{}.EventType():
		ev, err := decodeBody[complaint.Routed](e)
		if err != nil {
			return err
		}
		b.Queue(`UPDATE complaints SET department_id = $2, routed_at = coalesce(routed_at, $3),
			status = CASE WHEN status = $4 THEN $5 ELSE status END WHERE complaint_id = $1`,
			id, ev.DepartmentID, ev.RoutedAt, string(complaint.StatusReceived), string(complaint.StatusRouted))
	case complaint.CustomerUpdated{}.EventType():
		ev, err := decodeBody[complaint.CustomerUpdated](e)
		if err != nil {
			return err
		}
		b.Queue(`UPDATE complaints SET first_update_at = coalesce(first_update_at, $2), last_update_at = $2
			WHERE complaint_id = $1`, id, ev.UpdatedAt)
	case complaint.Escalated{}.EventType():
		ev, err := decodeBody[complaint.Escalated](e)
		if err != nil {
			return err
		}
		b.Queue(`UPDATE complaints SET status = $2, escalations = escalations + 1, escalated_to = $3
			WHERE complaint_id = $1`, id, string(complaint.StatusEscalated), ev.EscalatedTo)
	case complaint.Closed{}.EventType():
		ev, err := decodeBody[complaint.Closed](e)
		if err != nil {
			return err
		}
		b.Queue(`UPDATE complaints SET status = $2, closed_at = $3 WHERE complaint_id = $1`,
			id, string(complaint.StatusClosed), ev.ClosedAt)
	case complaint.Reopened{}.EventType():
		// Time to close is measured to the closure that stuck.
		b.Queue(`UPDATE complaints SET status = $2, closed_at = NULL, reopen_count = reopen_count + 1
			WHERE complaint_id = $1`, id, string(complaint.StatusReopened))
	case complaint.RootCauseRecorded{}.EventType():
		ev, err := decodeBody[complaint.RootCauseRecorded](e)
		if err != nil {
			return err
		}
		b.Queue(`UPDATE complaints SET root_cause_category = $2 WHERE complaint_id = $1`, id, ev.Category)
	default:
		if status, ok := complaintStatusOf[e.Type]; ok {
			b.Queue(complaintStatus, id, string(status))
		}
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
