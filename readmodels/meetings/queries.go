package meetings

import (
	"context"

	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// Queries reads the meetings read model through its views.
type Queries struct{ tables.DB }

// NewQueries returns the queries of the meetings read model over db.
func NewQueries(db tables.DB) *Queries { return &Queries{db} }

// meetingList is the meetings list: by start (latest first unless asked)
// or by last update.
var meetingList = tables.ListSpec[queries.MeetingView]{View: "meetings",
	ID: tables.ID("meeting_id", func(v queries.MeetingView) string { return v.MeetingID }),
	Sorts: map[string]tables.SortKey[queries.MeetingView]{
		"starts_at":  {Col: "starts_at", Cast: "timestamptz", Val: func(v queries.MeetingView) string { return tables.TimeKey(v.StartsAt) }},
		"-starts_at": {Col: "starts_at", Cast: "timestamptz", Desc: true, Val: func(v queries.MeetingView) string { return tables.TimeKey(v.StartsAt) }},
		"-updated_at": {Col: "updated_at", Cast: "timestamptz", Desc: true, Val: func(v queries.MeetingView) string {
			return tables.TimeKey(v.UpdatedAt)
		}},
	},
	Default: "-starts_at"}

// Meeting returns one meeting or ErrMeetingNotFound.
func (q *Queries) Meeting(ctx context.Context, id string) (queries.MeetingView, error) {
	return tables.One[queries.MeetingView](ctx, q.DB, queries.ErrMeetingNotFound, "SELECT * FROM "+q.Table("meetings")+" WHERE meeting_id = $1", id)
}

// Meetings lists meetings matching f, a page at a time.
func (q *Queries) Meetings(ctx context.Context, f queries.MeetingFilter, page queries.PageRequest) (queries.Page[queries.MeetingView], error) {
	var w tables.Where
	tables.AddIf(&w, "status = ?", f.Status)
	tables.AddIf(&w, "kind = ?", f.Kind)
	tables.AddIf(&w, "org_unit_id = ?", f.OrgUnitID)
	tables.AddIf(&w, "starts_at >= ?", f.StartsFrom)
	tables.AddIf(&w, "starts_at < ?", f.StartsTo)
	if f.OpenMinutes {
		w.Add("open_minutes")
	}
	if f.Uncountersigned {
		w.Add("uncountersigned")
	}
	return tables.List(ctx, q.DB, meetingList, f.Sort, &w, page)
}
