package api

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
)

// As-of reads: GET /{resource}/{id}?as_of=T&valid_at=V answers the
// resource as it stood then, in the same JSON as its current state. The
// events are read through the command side's store (commands.ReadAsOf)
// and folded by the resource's read model's own fold (StateFolds), so
// the answer has the live view's fields and meaning; version is the
// stream version folded (also the ETag) and the header
// X-Opsledger-Position the $all position of its last event.

// asOfParams are the parameters of an as-of read, on every resource's
// GET /{resource}/{id}.
var asOfParams = []QueryParam{
	dateTime("as_of", "recorded time: the resource as the log knew it then (events recorded at or before it); not in the future"),
	dateTime("valid_at", "effective time: the resource as in force then (events effective at or before it, retroactive filings included); with as_of, as known then"),
}

// asOfKey keys the as-of bound of a request in its context.
type asOfKey struct{}

// asOfRead is the bound of one as-of read and where it reports the
// position it reflects.
type asOfRead struct {
	bound  commands.Bitemporal
	header http.Header
}

// clock is the instant an as-of view computes its time-dependent fields
// (stale, late) against: the valid time asked for, else the recorded one.
func (a *asOfRead) clock() time.Time {
	if !a.bound.ValidAt.IsZero() {
		return a.bound.ValidAt
	}
	return a.bound.AsOf
}

// describe names the bound in a problem's detail.
func (a *asOfRead) describe() string {
	switch {
	case a.bound.AsOf.IsZero():
		return "in force at " + a.bound.ValidAt.Format(time.RFC3339)
	case a.bound.ValidAt.IsZero():
		return "as recorded at " + a.bound.AsOf.Format(time.RFC3339)
	}
	return fmt.Sprintf("in force at %s as recorded at %s", a.bound.ValidAt.Format(time.RFC3339), a.bound.AsOf.Format(time.RFC3339))
}

// withAsOf reads ?as_of= and ?valid_at= (their format already checked by
// the route) into the request's context for the resource's loader; a
// request with neither is served as before. An as_of in the future is
// refused (400): the log cannot know what it has not recorded yet, and
// answering with today's state would present a guess as a record. A
// valid_at in the future is allowed: events may take effect later than
// they are recorded.
func (s *Server) withAsOf(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery == "" {
			h(w, r)
			return
		}
		q := r.URL.Query()
		asOf, validAt := q.Get("as_of"), q.Get("valid_at")
		if asOf == "" && validAt == "" {
			h(w, r)
			return
		}
		a := &asOfRead{header: w.Header()}
		var err error
		if a.bound.AsOf, err = optionalTime(asOf); err != nil {
			writeProblem(w, r, badParam("as_of", "must be an RFC 3339 time such as 2026-01-31T00:00:00Z"))
			return
		}
		if a.bound.ValidAt, err = optionalTime(validAt); err != nil {
			writeProblem(w, r, badParam("valid_at", "must be an RFC 3339 time such as 2026-01-31T00:00:00Z"))
			return
		}
		if a.bound.AsOf.After(s.Now()) {
			writeProblem(w, r, badParam("as_of", "is in the future: the log cannot know what it has not recorded yet"))
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), asOfKey{}, a)))
	}
}

func optionalTime(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339, v)
}

// asOfFrom returns the as-of bound of the request, nil for a read of the
// current state.
func asOfFrom(ctx context.Context) *asOfRead {
	a, _ := ctx.Value(asOfKey{}).(*asOfRead)
	return a
}

// Fold is how a read model shows one aggregate as of a time.
type Fold[V any] struct {
	// Snapshot, when set, finds the newest stored version of the
	// aggregate that folds only events within the bound (ok false: none),
	// and the stream version it reflects: the as-of read folds only the
	// events after it.
	Snapshot func(ctx context.Context, id string, b queries.Bitemporal) (from V, version uint64, ok bool, err error)
	// From folds events, after from when it is given, into the view;
	// now is the instant its time-dependent fields are computed against.
	// ok is false when they do not open the aggregate.
	From func(from *V, events []eventstore.Recorded, now time.Time) (v V, ok bool, err error)
}

// foldAsOf answers one aggregate as of a's bound: notFound (404) when its
// stream has no event at all, a 404 naming the time when it did not exist
// yet then, else the fold of its events within the bound.
func foldAsOf[V any](ctx context.Context, s *Server, a *asOfRead, id string, stream func(string) string, subject string, notFound error, fold Fold[V]) (V, error) {
	var v V
	if fold.From == nil {
		return v, fmt.Errorf("as-of reads of %s: %w", subject, domain.ErrUnavailable)
	}
	bound := queries.Bitemporal{AsOf: a.bound.AsOf, ValidAt: a.bound.ValidAt}
	var from *V
	var after uint64
	if fold.Snapshot != nil {
		snap, version, ok, err := fold.Snapshot(ctx, id, bound)
		if err != nil {
			return v, err
		}
		if ok {
			from, after = &snap, version
		}
	}
	// from the snapshot's own event on: it proves the stream continues
	// the snapshot's history and carries its position; the fold skips it
	past, err := s.Commands.ReadAsOf(ctx, stream(id), a.bound, after)
	if err != nil {
		return v, err
	}
	if !past.Exists {
		return v, notFound
	}
	if from != nil && (len(past.Events) == 0 || past.Events[0].StreamVersion != after) {
		from = nil // a snapshot of another history: fold the stream whole
		if past, err = s.Commands.ReadAsOf(ctx, stream(id), a.bound, 0); err != nil {
			return v, err
		}
	}
	v, ok, err := fold.From(from, past.Events, a.clock())
	if err != nil {
		return v, err
	}
	if !ok || len(past.Events) == 0 {
		return v, domain.NotFound(fmt.Sprintf("the %s did not exist yet %s", subject, a.describe()))
	}
	a.header.Set(PositionHeader, past.Events[len(past.Events)-1].Position.String())
	return v, nil
}

// StateFolds are the read models' folds of one aggregate's events into
// the view its current state is served as (now: the instant the view's
// time-dependent fields are computed against). The composition root
// fills them from the read models.
type StateFolds struct {
	Customer  Fold[queries.CustomerView]
	Quotation Fold[queries.QuotationView]
	Contract  Fold[queries.ContractView]
	Order     Fold[queries.OrderView]
	Employee  Fold[queries.EmployeeView]
	Complaint Fold[queries.ComplaintView]
	SalesPlan Fold[queries.SalesPlanView]

	ExpenseClaim        Fold[queries.ExpenseClaimView]
	WorkPlan            Fold[queries.WorkPlanView]
	RectificationNotice Fold[queries.RectificationNoticeView]
	Meeting             Fold[queries.MeetingView]
	ResearchProject     Fold[queries.ResearchProjectView]

	SpotCheck         Fold[queries.SpotCheckView]
	ProcessEvaluation Fold[queries.ProcessEvaluationView]
	AnalysisReport    Fold[queries.AnalysisReportView]
	StockTransfer     Fold[queries.StockTransferView]
	Replenishment     Fold[queries.ReplenishmentView]
}

// listAt reads the as-of bound of a list (?as_of=, ?valid_at=): the rows
// as they stood then, read from the read model's row versions. An as_of
// in the future is refused, as on one resource.
func (s *Server) listAt(r *http.Request) (queries.Bitemporal, error) {
	var b queries.Bitemporal
	var err error
	if b.AsOf, err = timeParam(r, "as_of"); err != nil {
		return b, err
	}
	if b.AsOf.After(s.Now()) {
		return b, domain.InvalidField("as_of", "is in the future: the log cannot know what it has not recorded yet")
	}
	b.ValidAt, err = timeParam(r, "valid_at")
	return b, err
}

// asOfListParams are the parameters of a list kept in row versions.
var asOfListParams = []QueryParam{
	dateTime("as_of", "recorded time: the rows as the log knew them then; not in the future"),
	dateTime("valid_at", "effective time: the rows as in force then (a row version is in force once every event it folds is); with as_of, as known then"),
}
