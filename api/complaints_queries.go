package api

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

func complaintQueryRoutes(s *Server, rt *routes) {
	rt.get("/complaints/{id}", complaintTag, "One complaint with its times to route, first update and close", queries.ComplaintView{},
		s.withAsOf(handleQuery(s, []string{"complaints"}, s.getComplaint)), asOfParams[0], asOfParams[1], afterParam)
	rt.get("/complaints", complaintTag, "Complaints, newest first", queries.Page[queries.ComplaintView]{},
		handleQuery(s, []string{"complaints"}, s.listComplaints),
		listParams(oneOf("status", queries.ComplaintStatuses, "the complaint's status"),
			text("department_id", "the department it is routed to"), text("customer_id", "the customer who complained"),
			dateTime("received_from", "received at or after"), dateTime("received_to", "received before"),
			sortBy(queries.ComplaintSorts))...)
}

func (s *Server) getComplaint(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "complaints", queries.ComplaintReaders...); err != nil {
		return nil, 0, err
	}
	v, err := s.complaintAt(ctx, chi.URLParam(r, "id"))
	if err != nil {
		return nil, 0, err
	}
	return v, v.Version, nil
}

func (s *Server) listComplaints(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "complaints", queries.ComplaintReaders...); err != nil {
		return nil, 0, err
	}
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	q := r.URL.Query()
	f := queries.ComplaintFilter{Status: q.Get("status"), DepartmentID: q.Get("department_id"),
		CustomerID: q.Get("customer_id"), Sort: q.Get("sort")}
	if f.ReceivedFrom, err = timeParam(r, "received_from"); err != nil {
		return nil, 0, err
	}
	if f.ReceivedTo, err = timeParam(r, "received_to"); err != nil {
		return nil, 0, err
	}
	res, err := s.Queries.Complaints(ctx, f, page)
	return res, 0, err
}
