package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/queries"
)

func quotationQueryRoutes(s *Server, rt *routes) {
	rt.get("/quotations", quotationTag, "Quotations with margin, K7 tier and approver", queries.Page[queries.QuotationView]{},
		handleQuery(s, []string{"quotations"}, s.listQuotations),
		listParams(text("customer_id", "the quotation's customer"), oneOf("status", queries.QuotationStatuses, "the quotation's status"),
			oneOf("tier", queries.QuotationTiers, "the K7 approval tier"), oneOf("approver_role", queries.QuotationApproverRoles, "the role that must approve it"),
			text("drafted_by", "who drafted it"), boolean("retro_pending", "only quotations awaiting after-the-fact approval"),
			sortBy(queries.QuotationSorts))...)
	rt.get("/quotations/{id}", quotationTag, "One quotation with its approval steps in order", queries.QuotationView{},
		s.withAsOf(handleQuery(s, []string{"quotations"}, s.getQuotation)), asOfParams[0], asOfParams[1], afterParam)
}

func (s *Server) listQuotations(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "quotations", queries.SalesCycleReaders...); err != nil {
		return nil, 0, err
	}
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	q := r.URL.Query()
	f := queries.QuotationFilter{CustomerID: q.Get("customer_id"), Status: quotation.Status(q.Get("status")),
		Tier: quotation.Tier(q.Get("tier")), ApproverRole: domain.Role(q.Get("approver_role")), DraftedBy: q.Get("drafted_by"), Sort: q.Get("sort")}
	if f.RetroPendingOnly, err = salesCycleBool(r, "retro_pending"); err != nil {
		return nil, 0, err
	}
	if queries.OwnRecordsOnly(actor) {
		if f.DraftedBy != "" && f.DraftedBy != actor.EmployeeID {
			return nil, 0, domain.Forbidden("a sales rep or assistant lists only the quotations they drafted")
		}
		f.DraftedBy = actor.EmployeeID
	}
	res, err := s.Queries.Quotations(ctx, f, page)
	return res, 0, err
}

func (s *Server) getQuotation(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "quotations", queries.SalesCycleReaders...); err != nil {
		return nil, 0, err
	}
	v, err := s.quotationAt(ctx, chi.URLParam(r, "id"))
	if err != nil {
		return nil, 0, err
	}
	if queries.OwnRecordsOnly(actor) && v.DraftedBy != actor.EmployeeID {
		if err := s.requireCustomerOwner(ctx, actor, v.CustomerID, "this quotation"); err != nil {
			return nil, 0, err
		}
	}
	return v, v.Version, nil
}

// requireCustomerOwner refuses unless actor owns the customer's file.
func (s *Server) requireCustomerOwner(ctx context.Context, actor domain.Actor, customerID, what string) error {
	c, err := s.Queries.Customer(ctx, customerID, s.Now())
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return err
	}
	if err != nil || c.OwnerRepID != actor.EmployeeID {
		return domain.Forbidden(what + " belongs to another rep's customer")
	}
	return nil
}
