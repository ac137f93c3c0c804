package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// AccessLog records every answer that shows someone's personal data and
// answers who read what (A6). Record may return before the entries are
// on disk, never without them being kept or the error that refuses the
// read (domain.ErrUnavailable: 503).
type AccessLog interface {
	Record(ctx context.Context, entries ...queries.AccessRecord) error
	Accesses(ctx context.Context, f queries.AccessFilter, page queries.PageRequest) (queries.Page[queries.AccessRecord], error)
}

func auditAccessRoutes(s *Server, rt *routes) {
	rt.get("/audit/access", "Audit", "Read-access log (A6): who read whose personal data, which fields, when, through which endpoint and request; auditing roles only",
		queries.Page[queries.AccessRecord]{}, handleQuery(s, nil, s.accessLog),
		listParams(text("subject", "whose data: a customer or employee id"), text("reader", "who read it: an employee id"),
			dateTime("from", "read at or after"), dateTime("to", "read before"),
			boolean("not_owner", "only reads of customer files by someone other than their owning rep"))...)
}

func (s *Server) accessLog(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "the read-access log", queries.AccessReaders...); err != nil {
		return nil, 0, err
	}
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	q := r.URL.Query()
	f := queries.AccessFilter{SubjectID: q.Get("subject"), ReaderID: q.Get("reader")}
	if f.From, err = timeParam(r, "from"); err != nil {
		return nil, 0, err
	}
	if f.To, err = timeParam(r, "to"); err != nil {
		return nil, 0, err
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return nil, 0, domain.InvalidField("to", "must be after from")
	}
	if f.NotOwner, err = salesCycleBool(r, "not_owner"); err != nil {
		return nil, 0, err
	}
	if s.AccessLog == nil { // a server built without one (tests): never an empty answer, which would say nobody read anything
		return nil, 0, fmt.Errorf("%w: this server keeps no read-access log", domain.ErrUnavailable)
	}
	res, err := s.AccessLog.Accesses(ctx, f, page)
	return res, 0, err
}

// noteReads records the personal data an answer is about to show. A
// person reading their own data is not logged: the log is about whose
// data others read. An error refuses the read.
func (s *Server) noteReads(ctx context.Context, actor domain.Actor, reads ...queries.PersonalRead) error {
	if s.AccessLog == nil || len(reads) == 0 {
		return nil
	}
	endpoint, request := endpointOf(ctx), middleware.GetReqID(ctx)
	roles := make([]string, len(actor.Roles))
	for i, r := range actor.Roles {
		roles[i] = string(r)
	}
	at := s.Now().UTC()
	entries := make([]queries.AccessRecord, 0, len(reads))
	for _, rd := range reads {
		if rd.SubjectKind == queries.SubjectEmployee && rd.SubjectID == actor.EmployeeID {
			continue
		}
		entries = append(entries, queries.AccessRecord{At: at, ReaderID: actor.EmployeeID, ReaderRoles: roles,
			SubjectKind: rd.SubjectKind, SubjectID: rd.SubjectID, Category: rd.Category, Fields: rd.Fields,
			Endpoint: endpoint, RequestID: request, SubjectOwnerID: rd.OwnerID})
	}
	if len(entries) == 0 {
		return nil
	}
	return s.AccessLog.Record(ctx, entries...)
}

// endpointOf is the request's method and route pattern.
func endpointOf(ctx context.Context) string {
	rc := chi.RouteContext(ctx)
	if rc == nil {
		return ""
	}
	return rc.RouteMethod + " " + strings.TrimSuffix(rc.RoutePattern(), "/")
}

// noteCustomerReads logs the files of cs whose personal data is shown
// (RedactCustomers has blanked the others).
func (s *Server) noteCustomerReads(ctx context.Context, actor domain.Actor, cs ...queries.CustomerView) error {
	if s.AccessLog == nil {
		return nil
	}
	reads := make([]queries.PersonalRead, 0, len(cs))
	for _, c := range cs {
		if c.PrimaryContact == "" && c.Phone == "" {
			continue
		}
		reads = append(reads, queries.PersonalRead{SubjectKind: queries.SubjectCustomer, SubjectID: c.CustomerID,
			Category: queries.CategoryCustomerContact, Fields: queries.CustomerContactFields, OwnerID: c.OwnerRepID})
	}
	return s.noteReads(ctx, actor, reads...)
}

// noteKeyContactReads logs the key persons' personal data of file c.
func (s *Server) noteKeyContactReads(ctx context.Context, actor domain.Actor, c queries.CustomerView, contacts []queries.KeyContactView) error {
	for _, k := range contacts {
		if k.Personal != nil {
			return s.noteReads(ctx, actor, queries.PersonalRead{SubjectKind: queries.SubjectCustomer, SubjectID: c.CustomerID,
				Category: queries.CategoryKeyContacts, Fields: queries.KeyContactFields, OwnerID: c.OwnerRepID})
		}
	}
	return nil
}

// noteEmployeeReads logs the employees of vs whose full record actor sees.
func (s *Server) noteEmployeeReads(ctx context.Context, actor domain.Actor, category string, vs ...queries.EmployeeView) error {
	if s.AccessLog == nil {
		return nil
	}
	reads := make([]queries.PersonalRead, 0, len(vs))
	for _, v := range vs {
		if queries.MayReadEmployeeRecord(actor, v) {
			fields := queries.EmployeeRecordFields
			if category != queries.CategoryEmployeeRecord {
				fields = []string{category}
			}
			reads = append(reads, queries.PersonalRead{SubjectKind: queries.SubjectEmployee, SubjectID: v.EmployeeID,
				Category: category, Fields: fields})
		}
	}
	return s.noteReads(ctx, actor, reads...)
}
