package api

import (
	"context"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

func receivableQueryRoutes(s *Server, rt *routes) {
	rt.get("/receivables", receivableTag, "Instalments with what is paid, outstanding and overdue as of a day",
		queries.Page[queries.ReceivableView]{}, handleQuery(s, []string{"receivables"}, s.listReceivables),
		listParams(append(receivableFilters(), boolean("outstanding", "only instalments not fully paid"),
			boolean("overdue", "only instalments past their due date and not fully paid"),
			oneOf("bucket", queries.AgingBuckets, "the aging bucket"), sortBy(queries.ReceivableSorts), receivableValidAtParam)...)...)
	rt.get("/receivables/aging", receivableTag, "Outstanding amounts by aging bucket per customer or owner rep",
		queries.Page[queries.AgingTotals]{}, handleQuery(s, []string{"receivables"}, s.receivablesAging),
		append(receivableFilters(), oneOf("group_by", queries.AgingGroupings, "total per customer (default) or per owner rep"),
			receivableValidAtParam, afterParam)...)
	rt.get("/contracts/{id}/instalments/{instalment_id}", receivableTag, "One instalment of a contract as of a day",
		queries.ReceivableView{}, handleQuery(s, []string{"receivables"}, s.getReceivable), receivableListAsOf, receivableValidAtParam, afterParam)
}

// receivableListAsOf is the as-of day of the receivables lists: the
// day overdue days count to and, when it is past, the state the
// instalments are read in.
var receivableListAsOf = day("as_of", "the day overdue days count to (default today); when it is past, the instalments as the log knew "+
	"them then (paid amounts, plan and dunning of then, from the row versions; a date: by the end of that day, UTC). "+
	"A day to come counts today's figures to it (a forecast)")

// receivableValidAtParam is the effective-time bound of the receivables
// lists.
var receivableValidAtParam = dateTime("valid_at", "effective time: the instalments as in force then, retroactive filings included "+
	"(a row version is in force once every event it folds is); overdue days count to its day unless as_of names one; with as_of, as known then")

// receivableFilters are the filters of both receivables lists.
func receivableFilters() []QueryParam {
	return []QueryParam{text("customer_id", "the customer"), text("owner_id", "the owning rep (who drafted the contract)"),
		text("contract_id", "the contract"), receivableListAsOf}
}

// receivableFilter reads the filter; for a rep who reads only their own
// receivables it is narrowed to them (or refused when it names another's).
func (s *Server) receivableFilter(ctx context.Context, r *http.Request, actor domain.Actor) (queries.ReceivableFilter, error) {
	q := r.URL.Query()
	f := queries.ReceivableFilter{CustomerID: q.Get("customer_id"), OwnerID: q.Get("owner_id"), ContractID: q.Get("contract_id"),
		Bucket: q.Get("bucket"), Sort: q.Get("sort")}
	var err error
	if f.Now, f.At, err = s.receivableListAt(r); err != nil {
		return f, err
	}
	if f.OutstandingOnly, err = salesCycleBool(r, "outstanding"); err != nil {
		return f, err
	}
	if f.OverdueOnly, err = salesCycleBool(r, "overdue"); err != nil {
		return f, err
	}
	if _, all := actor.ActingAs(queries.ReceivableReaders...); all {
		return f, nil
	}
	if !actor.Has(domain.RoleSalesRep) {
		return f, requireRole(actor, "receivables", queries.ReceivableReaders...)
	}
	switch {
	case f.CustomerID != "":
		// the customer's file says whose it is, whoever drafted its contracts
		return f, s.requireCustomerOwner(ctx, actor, f.CustomerID, "these receivables")
	case f.OwnerID != "" && f.OwnerID != actor.EmployeeID:
		return f, domain.Forbidden("a sales rep sees only the receivables of their own customers")
	}
	f.OwnerID = actor.EmployeeID
	return f, nil
}

// receivableAt is one instalment with its days overdue counted to day,
// as it stood at at: read from the contract's row versions of then when
// at is past, else from the current rows.
func (s *Server) receivableAt(ctx context.Context, contractID, instalmentID string, day time.Time, at queries.Bitemporal) (queries.ReceivableView, error) {
	if !at.Past() {
		return s.Queries.Receivable(ctx, contractID, instalmentID, day)
	}
	// a contract has a handful of instalments: its list of then holds them
	p, err := s.Queries.Receivables(ctx, queries.ReceivableFilter{Now: day, ContractID: contractID, At: at}, queries.PageRequest{Limit: 1000})
	if err != nil {
		return queries.ReceivableView{}, err
	}
	for _, v := range p.Items {
		if v.InstalmentID == instalmentID {
			return v, nil
		}
	}
	return queries.ReceivableView{}, queries.ErrReceivableNotFound
}

// receivableListAt reads the as-of bounds of the receivables lists: the
// day overdue days count to (?as_of=, else the day of ?valid_at=, else
// today) and the row versions to read. A past as_of reads the instalments
// as the log knew them then (a date: by the end of that day), so an aging
// as of a quarter end gives what was outstanding then; a day to come
// counts today's figures to it, as before row versions existed.
func (s *Server) receivableListAt(r *http.Request) (day time.Time, at queries.Bitemporal, err error) {
	asOf, err := dayParam(r, "as_of")
	if err != nil {
		return day, at, err
	}
	if at.ValidAt, err = timeParam(r, "valid_at"); err != nil {
		return day, at, err
	}
	now := s.Now()
	switch {
	case !asOf.IsZero():
		day = asOf
	case !at.ValidAt.IsZero():
		day = at.ValidAt
	default:
		day = now
	}
	known := asOf
	if len(r.URL.Query().Get("as_of")) == len(time.DateOnly) {
		known = asOf.AddDate(0, 0, 1).Add(-time.Microsecond) // by the end of that day
	}
	if !asOf.IsZero() && known.Before(now) {
		at.AsOf = known
	}
	return day, at, nil
}

func (s *Server) listReceivables(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	f, err := s.receivableFilter(ctx, r, actor)
	if err != nil {
		return nil, 0, err
	}
	res, err := s.Queries.Receivables(ctx, f, page)
	return res, 0, err
}

func (s *Server) receivablesAging(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	f, err := s.receivableFilter(ctx, r, actor)
	if err != nil {
		return nil, 0, err
	}
	by := r.URL.Query().Get("group_by")
	if by == "" {
		by = queries.AgingByCustomer
	}
	res, err := s.Queries.ReceivablesAging(ctx, f, by)
	return onePage(res), 0, err
}

func (s *Server) getReceivable(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	_, all := actor.ActingAs(queries.ReceivableReaders...)
	if !all && !actor.Has(domain.RoleSalesRep) {
		return nil, 0, requireRole(actor, "receivables", queries.ReceivableReaders...)
	}
	day, at, err := s.receivableListAt(r)
	if err != nil {
		return nil, 0, err
	}
	v, err := s.receivableAt(ctx, chi.URLParam(r, "id"), chi.URLParam(r, "instalment_id"), day, at)
	if err != nil {
		return nil, 0, err
	}
	if !all && v.OwnerID != actor.EmployeeID {
		if err := s.requireCustomerOwner(ctx, actor, v.CustomerID, "this receivable"); err != nil {
			return nil, 0, err
		}
	}
	return v, v.Version, nil
}
