package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/queries"
)

func customerQueryRoutes(s *Server, rt *routes) {
	rt.get("/customers", customerTag, "Customer files; the primary contact and phone are empty on files whose personal data the caller may not see (C7)", queries.Page[queries.CustomerView]{},
		handleQuery(s, []string{"customers"}, s.listCustomers),
		listParams(oneOf("stage", queries.CustomerStages, "the file's pipeline stage"), text("owner_rep_id", "the owning rep"),
			text("org_unit_id", "the owning org unit"), text("region", "the customer's region"),
			boolean("stale", "only files neither reviewed nor updated this month (C4)"), sortBy(queries.CustomerSorts),
			asOfListParams[0], asOfListParams[1])...)
	rt.get("/customers/{id}", customerTag, "One customer file, with its C4 stale flag", queries.CustomerView{},
		s.withAsOf(handleQuery(s, []string{"customers"}, s.getCustomer)), asOfParams[0], asOfParams[1], afterParam)
	rt.get("/customers/{id}/key-contacts", customerTag, "Key persons (personal data only to the owner, DEPT_HEAD, CUSTOMER_SERVICE, GM)",
		queries.Page[queries.KeyContactView]{}, handleQuery(s, []string{"customers"}, s.customerKeyContacts), afterParam)
	rt.get("/customers/{id}/contact-log", customerTag, "The customer's contact log, newest first (a rep: their own customers only)",
		queries.Page[queries.ContactLogEntry]{}, handleQuery(s, []string{"customers"}, s.customerContactLog),
		listParams()...)
}

func (s *Server) listCustomers(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "customer files", queries.SalesCycleReaders...); err != nil {
		return nil, 0, err
	}
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	q := r.URL.Query()
	f := queries.CustomerFilter{Stage: customer.Stage(q.Get("stage")), OwnerRepID: q.Get("owner_rep_id"),
		OrgUnitID: q.Get("org_unit_id"), Region: q.Get("region"), Sort: q.Get("sort"), Now: s.Now()}
	if f.StaleOnly, err = salesCycleBool(r, "stale"); err != nil {
		return nil, 0, err
	}
	if f.At, err = s.listAt(r); err != nil {
		return nil, 0, err
	}
	res, err := s.Queries.Customers(ctx, f, page)
	queries.RedactCustomers(actor, res.Items)
	if err == nil {
		err = s.noteCustomerReads(ctx, actor, res.Items...)
	}
	return res, 0, err
}

func (s *Server) getCustomer(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "customer files", queries.SalesCycleReaders...); err != nil {
		return nil, 0, err
	}
	v, err := s.customerAt(ctx, chi.URLParam(r, "id"))
	if err != nil {
		return nil, 0, err
	}
	one := []queries.CustomerView{v}
	queries.RedactCustomers(actor, one)
	if err := s.noteCustomerReads(ctx, actor, one...); err != nil {
		return nil, 0, err
	}
	return one[0], v.Version, nil
}

func (s *Server) customerKeyContacts(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "customer files", queries.SalesCycleReaders...); err != nil {
		return nil, 0, err
	}
	c, err := s.Queries.Customer(ctx, chi.URLParam(r, "id"), s.Now())
	if err != nil {
		return nil, 0, err
	}
	contacts, err := s.Queries.CustomerContacts(ctx, c.CustomerID, queries.SeesPersonalData(actor, c))
	if err == nil {
		err = s.noteKeyContactReads(ctx, actor, c, contacts)
	}
	return onePage(contacts), c.Version, err
}

func (s *Server) customerContactLog(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "customer files", queries.SalesCycleReaders...); err != nil {
		return nil, 0, err
	}
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	c, err := s.Queries.Customer(ctx, chi.URLParam(r, "id"), s.Now())
	if err != nil {
		return nil, 0, err
	}
	if !queries.MayReadContactLog(actor, c) {
		return nil, 0, domain.Forbidden("a customer's contact log is visible to its owning rep, their managers, customer service and the GM")
	}
	res, err := s.Queries.ContactLog(ctx, c.CustomerID, page)
	return res, 0, err
}

// salesCycleBool reads true/false (absent: false) from the query string.
func salesCycleBool(r *http.Request, name string) (bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, domain.InvalidField(name, "must be true or false")
	}
	return b, nil
}
