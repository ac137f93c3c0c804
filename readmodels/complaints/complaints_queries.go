package complaints

import (
	"context"

	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

// complaintList is the complaints list: by receipt (newest first unless
// asked) or last update, either way.
var complaintList = tables.ListSpec[queries.ComplaintView]{View: "complaints",
	ID: tables.ID("complaint_id", func(v queries.ComplaintView) string { return v.ComplaintID }),
	Sorts: map[string]tables.SortKey[queries.ComplaintView]{
		"received_at": {Col: "received_at", Cast: "timestamptz", Val: func(v queries.ComplaintView) string { return tables.TimeKey(v.ReceivedAt) }},
		"updated_at":  {Col: "updated_at", Cast: "timestamptz", Val: func(v queries.ComplaintView) string { return tables.TimeKey(v.UpdatedAt) }},
	},
	Default: "-received_at", BothWays: true}

// Complaint returns one complaint or ErrComplaintNotFound.
func (q *Queries) Complaint(ctx context.Context, id string) (queries.ComplaintView, error) {
	v, err := tables.One[queries.ComplaintView](ctx, q.DB, queries.ErrComplaintNotFound, "SELECT * FROM "+q.Table("complaints")+" WHERE complaint_id = $1", id)
	if err != nil {
		return v, err
	}
	v.Derive()
	return v, nil
}

// Complaints lists complaints matching f, a page at a time.
func (q *Queries) Complaints(ctx context.Context, f queries.ComplaintFilter, page queries.PageRequest) (queries.Page[queries.ComplaintView], error) {
	var w tables.Where
	tables.AddIf(&w, "status = ?", f.Status)
	tables.AddIf(&w, "department_id = ?", f.DepartmentID)
	tables.AddIf(&w, "customer_id = ?", f.CustomerID)
	tables.AddIf(&w, "received_at >= ?", f.ReceivedFrom)
	tables.AddIf(&w, "received_at < ?", f.ReceivedTo)
	if f.Late {
		p := complaint.DefaultRegulation()
		w.Add(`(routed_at - received_at > ? OR first_update_at - received_at > ? OR closed_at - received_at > ?)`,
			p.RouteWithin, p.FirstUpdateWithin, p.CloseWithin)
	}
	p, err := tables.List(ctx, q.DB, complaintList, f.Sort, &w, page)
	for i := range p.Items {
		p.Items[i].Derive()
	}
	return p, err
}
