// Package research is the market-research read model (§3.6): one row per
// project with how far it got, listed by state.
package research

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/domain/research"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Projection is the research projects read model.
type Projection struct{}

// New returns the research projection.
func New() Projection { return Projection{} }

// Name implements Projection.
func (Projection) Name() string { return "research" }

// Tables implements Projection.
func (Projection) Tables() []string { return []string{"research_projects"} }

// Filter implements Projection: every event of every project stream.
func (Projection) Filter() eventstore.Filter {
	return eventstore.Filter{StreamPrefixes: []string{research.Stream("")}}
}

// Setup implements Projection.
func (Projection) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE TABLE research_projects (
			project_id  text PRIMARY KEY,
			title       text NOT NULL,
			org_unit_id text NOT NULL,
			purpose     text NOT NULL,
			scope       text NOT NULL,
			methods     jsonb,
			starts_on   timestamptz NOT NULL,
			due_on      timestamptz NOT NULL,
			status      text NOT NULL,
			proposed_by text NOT NULL,
			proposed_at timestamptz NOT NULL,
			reviewed_by text NOT NULL DEFAULT '',
			reviewed_at timestamptz,
			approved_by text NOT NULL DEFAULT '',
			approved_at timestamptz,
			started_at  timestamptz,
			reported_at timestamptz,
			report      jsonb,
			version     bigint NOT NULL,
			updated_at  timestamptz NOT NULL
		) WITH (fillfactor = 80);`)
	return err
}

// Indexes implements Indexer: the list's default order and its filters.
func (Projection) Indexes(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		CREATE INDEX IF NOT EXISTS research_projects_proposed ON research_projects (proposed_at, project_id);
		CREATE INDEX IF NOT EXISTS research_projects_status ON research_projects (status, proposed_at, project_id);`)
	return err
}

var projectEvents = tables.NewEvents(eventstore.NewCodec(research.Events()...), research.Stream(""), research.Events()...)

// Apply implements Projection: the projects of the batch are loaded in
// one query, folded in memory and written back in one statement.
func (Projection) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	prefix := research.Stream("")
	ids := tables.StreamIDs(events, prefix)
	rows, err := tables.LoadRows(ctx, tx, "research_projects", "project_id", ids, func(v *queries.ResearchProjectView) string { return v.ProjectID })
	if err != nil {
		return err
	}
	evs, err := projectEvents.Decode(events)
	if err != nil {
		return err
	}
	for _, e := range evs {
		id := e.Stream[len(prefix):]
		foldProject(rows, id, e)
		if row := rows[id]; row != nil {
			row.Version, row.UpdatedAt = int64(e.StreamVersion), e.RecordedAt
		}
	}
	b := &pgx.Batch{}
	if err := tables.QueueUpsert(b, "research_projects", []string{"project_id"}, tables.Touched(rows, ids), false); err != nil {
		return err
	}
	return tables.Write(ctx, tx, b)
}

// foldProject applies one event to its project; the statuses follow
// research.Project.Evolve. A reworked proposal replaces the plan and
// clears the review that returned it.
func foldProject(rows map[string]*queries.ResearchProjectView, id string, e tables.Decoded) {
	if ev, ok := e.Event.(research.Proposed); ok {
		methods := make([]string, len(ev.Methods))
		for i, m := range ev.Methods {
			methods[i] = string(m)
		}
		rows[id] = &queries.ResearchProjectView{ProjectID: id, Title: ev.Title, OrgUnitID: ev.OrgUnitID, Purpose: ev.Purpose,
			Scope: ev.Scope, Methods: methods, StartsOn: ev.StartsOn, DueOn: ev.DueOn, Status: string(research.StatusProposed),
			ProposedBy: ev.ProposedBy, ProposedAt: ev.ProposedAt}
		return
	}
	row := rows[id]
	if row == nil {
		return
	}
	switch ev := e.Event.(type) {
	case research.Reviewed:
		at := ev.ReviewedAt
		row.ReviewedBy, row.ReviewedAt, row.Status = ev.ReviewerID, &at, string(research.StatusReturned)
		if ev.Passed {
			row.Status = string(research.StatusReviewed)
		}
	case research.Approved:
		at := ev.ApprovedAt
		row.ApprovedBy, row.ApprovedAt, row.Status = ev.ApproverID, &at, string(research.StatusApproved)
	case research.Started:
		at := ev.StartedAt
		row.StartedAt, row.Status = &at, string(research.StatusInProgress)
	case research.Reported:
		at, report := ev.ReportedAt, ev.Report
		row.ReportedAt, row.Report, row.Status = &at, &report, string(research.StatusReported)
	}
}
