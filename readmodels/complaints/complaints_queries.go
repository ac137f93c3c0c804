package complaints

import (
	"context"
	"fmt"

	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/queries"
	"github.com/opsledger/opsledger/readmodels/tables"
)

var complaintSorts = map[string]string{"received_at": "timestamptz", "updated_at": "timestamptz"}

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
	sort, err := tables.ParseSort(f.Sort, "-received_at", complaintSorts)
	if err != nil {
		return queries.Page[queries.ComplaintView]{}, err
	}
	c, err := tables.DecodeCursor(page.Cursor, 2)
	if err != nil {
		return queries.Page[queries.ComplaintView]{}, err
	}
	var w tables.Where
	tables.AddIf(&w, "status = ?", f.Status)
	tables.AddIf(&w, "department_id = ?", f.DepartmentID)
	tables.AddIf(&w, "customer_id = ?", f.CustomerID)
	tables.AddIf(&w, "received_at >= ?", f.ReceivedFrom)
	tables.AddIf(&w, "received_at < ?", f.ReceivedTo)
	if f.Late {
		p := complaint.DefaultPolicy()
		w.Add(`(routed_at - received_at > ? OR first_update_at - received_at > ? OR closed_at - received_at > ?)`,
			p.RouteWithin, p.FirstUpdateWithin, p.CloseWithin)
	}
	sort.After(&w, "complaint_id", c)
	limit := page.Size()
	sql := "SELECT * FROM " + q.Table("complaints") + w.SQL() + sort.OrderBy("complaint_id") + fmt.Sprintf(" LIMIT %d", limit+1)
	rows, err := q.Query(ctx, sql, w.Args...)
	if err != nil {
		return queries.Page[queries.ComplaintView]{}, fmt.Errorf("complaints: %w", err)
	}
	p, err := tables.ListPage(rows, limit, func(v queries.ComplaintView) tables.Cursor {
		at := v.ReceivedAt
		if sort.Column == "updated_at" {
			at = v.UpdatedAt
		}
		return tables.Cursor{tables.TimeKey(at), v.ComplaintID}
	})
	for i := range p.Items {
		p.Items[i].Derive()
	}
	return p, err
}
