// Package supervision is the process-supervision read model (§3.15): the
// spot checks with their findings, the rectification notices with their milestones (their overdue state is
// computed at query time, for the day asked about), the process
// evaluations by year and the quarterly analysis reports by quarter.
package supervision

import (
	"context"

	"github.com/jackc/pgx/v5"

	sv "github.com/opsledger/opsledger/domain/supervision"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Projection is the process-supervision read model.
type Projection struct{}

// New returns the supervision projection.
func New() Projection { return Projection{} }

// Name implements Projection.
func (Projection) Name() string { return "supervision" }

// Tables implements Projection.
func (Projection) Tables() []string {
	return []string{"rectification_notices", "process_evaluations", "analysis_reports", "spot_checks"}
}

// Filter implements Projection: the notice, evaluation, report and spot
// check streams.
func (Projection) Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{sv.NoticeStream(""), sv.EvaluationStream(""), sv.ReportStream(""), sv.SpotCheckStream("")}}
}

// Setup implements Projection.
func (Projection) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE TABLE rectification_notices (
			notice_id            text PRIMARY KEY,
			spot_check_id        text NOT NULL,
			department_id        text NOT NULL,
			assignee_id          text NOT NULL,
			requirement          text NOT NULL,
			deadline             timestamptz NOT NULL,
			status               text NOT NULL,
			issued_by            text NOT NULL,
			issued_at            timestamptz NOT NULL,
			acknowledged_at      timestamptz,
			rectified_at         timestamptz,
			rectified_late       boolean NOT NULL,
			verified_at          timestamptz,
			failed_verifications int NOT NULL,
			deadline_extensions  int NOT NULL,
			version              bigint NOT NULL,
			updated_at           timestamptz NOT NULL
		) WITH (fillfactor = 80);
		CREATE TABLE process_evaluations (
			evaluation_id text PRIMARY KEY,
			year          int NOT NULL,
			held_on       timestamptz NOT NULL,
			scope         text NOT NULL,
			recorded_by   text NOT NULL,
			version       bigint NOT NULL,
			updated_at    timestamptz NOT NULL
		);
		CREATE TABLE analysis_reports (
			quarter      text PRIMARY KEY,
			status       text NOT NULL,
			drafted_by   text NOT NULL,
			drafted_at   timestamptz NOT NULL,
			submitted_at timestamptz,
			reviewed_by  text NOT NULL,
			accepted_at  timestamptz,
			returns      int NOT NULL,
			version      bigint NOT NULL,
			updated_at   timestamptz NOT NULL
		);
		CREATE TABLE spot_checks (
			spot_check_id text PRIMARY KEY,
			department_id text NOT NULL,
			process       text NOT NULL,
			checked_on    timestamptz NOT NULL,
			findings      jsonb NOT NULL,
			nonconforming int NOT NULL,
			recorded_by   text NOT NULL,
			version       bigint NOT NULL,
			updated_at    timestamptz NOT NULL
		);`)
	return err
}

// Indexes implements Indexer: the open notices by deadline, and the
// evaluations by year.
func (Projection) Indexes(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE INDEX IF NOT EXISTS rectification_notices_open ON rectification_notices (deadline, notice_id) WHERE status <> 'VERIFIED';
		CREATE INDEX IF NOT EXISTS rectification_notices_department ON rectification_notices (department_id, deadline);
		CREATE INDEX IF NOT EXISTS process_evaluations_year ON process_evaluations (year, held_on);
		CREATE INDEX IF NOT EXISTS spot_checks_checked ON spot_checks (checked_on, spot_check_id);`)
	return err
}

var supervisionEvents = tables.NewEvents(eventstore.NewCodec(sv.Events()...), "",
	sv.SpotCheckRecorded{}, sv.NoticeIssued{}, sv.NoticeAcknowledged{}, sv.RectificationReported{}, sv.RectificationVerified{},
	sv.DeadlineExtended{}, sv.EvaluationRecorded{}, sv.ReportDrafted{}, sv.ReportRevised{},
	sv.ReportSubmitted{}, sv.ReportReviewed{})

// Apply implements Projection: it loads the rows the batch touches,
// folds the events into them in memory and writes them back.
func (Projection) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	noticeIDs := tables.StreamIDs(events, sv.NoticeStream(""))
	evalIDs := tables.StreamIDs(events, sv.EvaluationStream(""))
	quarters := tables.StreamIDs(events, sv.ReportStream(""))
	checkIDs := tables.StreamIDs(events, sv.SpotCheckStream(""))
	f := folder{}
	var err error
	if f.spotChecks, err = tables.LoadRows(ctx, tx, "spot_checks", "spot_check_id", checkIDs,
		func(v *queries.SpotCheckView) string { return v.SpotCheckID }); err != nil {
		return err
	}
	if f.notices, err = tables.LoadRows(ctx, tx, "rectification_notices", "notice_id", noticeIDs,
		func(v *queries.RectificationNoticeView) string { return v.NoticeID }); err != nil {
		return err
	}
	if f.evaluations, err = tables.LoadRows(ctx, tx, "process_evaluations", "evaluation_id", evalIDs,
		func(v *queries.ProcessEvaluationView) string { return v.EvaluationID }); err != nil {
		return err
	}
	if f.reports, err = tables.LoadRows(ctx, tx, "analysis_reports", "quarter", quarters,
		func(v *queries.AnalysisReportView) string { return v.Quarter }); err != nil {
		return err
	}
	evs, err := supervisionEvents.Decode(events)
	if err != nil {
		return err
	}
	for _, e := range evs {
		f.fold(e)
	}
	b := &pgx.Batch{}
	if err := tables.QueueUpsert(b, "rectification_notices", []string{"notice_id"}, tables.Touched(f.notices, noticeIDs), false); err != nil {
		return err
	}
	if err := tables.QueueUpsert(b, "process_evaluations", []string{"evaluation_id"}, tables.Touched(f.evaluations, evalIDs), false); err != nil {
		return err
	}
	if err := tables.QueueUpsert(b, "analysis_reports", []string{"quarter"}, tables.Touched(f.reports, quarters), false); err != nil {
		return err
	}
	if err := tables.QueueUpsert(b, "spot_checks", []string{"spot_check_id"}, tables.Touched(f.spotChecks, checkIDs), false); err != nil {
		return err
	}
	return tables.Write(ctx, tx, b)
}
