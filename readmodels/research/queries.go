package research

import (
	"context"

	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Queries reads the research read model through its views.
type Queries struct{ tables.DB }

// NewQueries returns the queries of the research read model over db.
func NewQueries(db tables.DB) *Queries { return &Queries{db} }

// projectList is the projects list: by proposal (latest first unless
// asked) or by last update.
var projectList = tables.ListSpec[queries.ResearchProjectView]{View: "research_projects",
	ID: tables.ID("project_id", func(v queries.ResearchProjectView) string { return v.ProjectID }),
	Sorts: map[string]tables.SortKey[queries.ResearchProjectView]{
		"proposed_at": {Col: "proposed_at", Cast: "timestamptz", Val: func(v queries.ResearchProjectView) string {
			return tables.TimeKey(v.ProposedAt)
		}},
		"-proposed_at": {Col: "proposed_at", Cast: "timestamptz", Desc: true, Val: func(v queries.ResearchProjectView) string {
			return tables.TimeKey(v.ProposedAt)
		}},
		"-updated_at": {Col: "updated_at", Cast: "timestamptz", Desc: true, Val: func(v queries.ResearchProjectView) string {
			return tables.TimeKey(v.UpdatedAt)
		}},
	},
	Default: "-proposed_at"}

// ResearchProject returns one project or ErrResearchProjectNotFound.
func (q *Queries) ResearchProject(ctx context.Context, id string) (queries.ResearchProjectView, error) {
	return tables.One[queries.ResearchProjectView](ctx, q.DB, queries.ErrResearchProjectNotFound,
		"SELECT * FROM "+q.Table("research_projects")+" WHERE project_id = $1", id)
}

// ResearchProjects lists projects matching f, a page at a time.
func (q *Queries) ResearchProjects(ctx context.Context, f queries.ResearchProjectFilter, page queries.PageRequest) (queries.Page[queries.ResearchProjectView], error) {
	var w tables.Where
	tables.AddIf(&w, "status = ?", f.Status)
	tables.AddIf(&w, "org_unit_id = ?", f.OrgUnitID)
	return tables.List(ctx, q.DB, projectList, f.Sort, &w, page)
}

// ResearchProjectsByState counts the projects in each state, in the
// order of the flow; a state no project stands in counts zero.
func (q *Queries) ResearchProjectsByState(ctx context.Context) ([]queries.ResearchProjectCount, error) {
	got, err := tables.All[queries.ResearchProjectCount](ctx, q.DB, "research projects by state",
		"SELECT status, count(*) AS count FROM "+q.Table("research_projects")+" GROUP BY status")
	if err != nil {
		return nil, err
	}
	counts := map[string]int64{}
	for _, c := range got {
		counts[c.Status] = c.Count
	}
	out := make([]queries.ResearchProjectCount, len(queries.ResearchProjectStatuses))
	for i, s := range queries.ResearchProjectStatuses {
		out[i] = queries.ResearchProjectCount{Status: s, Count: counts[s]}
	}
	return out, nil
}
