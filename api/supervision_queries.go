package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/domain"
	sv "github.com/opsledger/opsledger/domain/supervision"
	"github.com/opsledger/opsledger/queries"
)

// maxSupervisionSpan bounds the years and quarters one read lists.
const maxSupervisionSpan = 40

func supervisionQueryRoutes(s *Server, rt *routes) {
	rt.get("/spot-checks", supervisionTag, "Spot checks with their findings, the latest first",
		queries.Page[queries.SpotCheckView]{}, handleQuery(s, []string{"supervision"}, s.listSpotChecks),
		text("department_id", "the department checked"), day("from", "checked on or after (default: 1 January of this year)"),
		day("to", "checked on or before (default: today); at most a year after from"), afterParam)
	rt.get("/rectification-notices", supervisionTag, "Open rectification notices by deadline, overdue as of a day (§5.26-overdue)",
		queries.Page[queries.RectificationNoticeView]{}, handleQuery(s, []string{"supervision"}, s.listRectificationNotices),
		day("day", "the day overdue is computed for (default today): overdue once the deadline day has passed"),
		text("department_id", "the department the notices were issued to"),
		boolean("overdue", "only the overdue notices"), boolean("include_closed", "also the verified notices"), afterParam)
	rt.get("/rectification-notices/{id}", supervisionTag, "One rectification notice, overdue as of a day", queries.RectificationNoticeView{},
		s.withAsOf(handleQuery(s, []string{"supervision"}, s.getRectificationNotice)),
		day("day", "the day overdue is computed for (default today; on an as-of read, the day of valid_at, else of as_of)"), asOfParams[0], asOfParams[1], afterParam)
	rt.get("/process-evaluations", supervisionTag, "Process evaluations per year, years without one marked missing (§5.26-evaluation)",
		queries.Page[queries.EvaluationYear]{}, handleQuery(s, []string{"supervision"}, s.listProcessEvaluations),
		integer("from_year", "first year (default: this year)"), integer("to_year", "last year (default: this year)"), afterParam)
	rt.get("/analysis-reports", supervisionTag, "Analysis reports per quarter, quarters without one marked missing (§5.27-quarterly)",
		queries.Page[queries.QuarterReport]{}, handleQuery(s, []string{"supervision"}, s.listAnalysisReports),
		text("from", "first quarter, e.g. 2027-Q1 (default: this year's first)"), text("to", "last quarter (default: this one)"), afterParam)
}

func (s *Server) listSpotChecks(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "spot checks", queries.SupervisionReaders...); err != nil {
		return nil, 0, err
	}
	now := s.Now()
	f := queries.SpotCheckFilter{DepartmentID: r.URL.Query().Get("department_id"),
		From: time.Date(now.Year(), 1, 1, 0, 0, 0, 0, time.UTC), To: now}
	for name, dst := range map[string]*time.Time{"from": &f.From, "to": &f.To} {
		d, err := dayParam(r, name)
		if err != nil {
			return nil, 0, err
		}
		if !d.IsZero() {
			*dst = d
		}
	}
	if f.To.Before(f.From) || f.To.After(f.From.AddDate(1, 0, 0)) {
		return nil, 0, domain.InvalidField("to", "must be from or later, at most a year after it")
	}
	vs, err := s.Queries.SpotChecks(ctx, f)
	return onePage(vs), 0, err
}

func (s *Server) listRectificationNotices(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "rectification notices", queries.SupervisionReaders...); err != nil {
		return nil, 0, err
	}
	d, err := s.dayOrToday(r)
	if err != nil {
		return nil, 0, err
	}
	q := r.URL.Query()
	f := queries.NoticeFilter{Day: d, DepartmentID: q.Get("department_id"),
		OverdueOnly: q.Get("overdue") == "true", IncludeClosed: q.Get("include_closed") == "true"}
	vs, err := s.Queries.RectificationNotices(ctx, f)
	return onePage(vs), 0, err
}

func (s *Server) getRectificationNotice(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "rectification notices", queries.SupervisionReaders...); err != nil {
		return nil, 0, err
	}
	d, err := s.dayOrToday(r)
	if err != nil {
		return nil, 0, err
	}
	v, err := s.noticeAt(ctx, chi.URLParam(r, "id"), d, r.URL.Query().Get("day") != "")
	return v, v.Version, err
}

func (s *Server) listProcessEvaluations(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "process evaluations", queries.SupervisionReaders...); err != nil {
		return nil, 0, err
	}
	this := s.Now().Year()
	from, err := yearParam(r, "from_year", this)
	if err != nil {
		return nil, 0, err
	}
	to, err := yearParam(r, "to_year", this)
	if err != nil {
		return nil, 0, err
	}
	if to < from || to-from >= maxSupervisionSpan {
		return nil, 0, domain.InvalidField("to_year", "must be from_year or later, at most 40 years on")
	}
	ys, err := s.Queries.EvaluationsByYear(ctx, from, to)
	return onePage(ys), 0, err
}

func (s *Server) listAnalysisReports(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "analysis reports", queries.SupervisionReaders...); err != nil {
		return nil, 0, err
	}
	now := sv.QuarterOf(s.Now())
	from, err := quarterParam(r, "from", sv.Quarter{Year: now.Year, Q: 1})
	if err != nil {
		return nil, 0, err
	}
	to, err := quarterParam(r, "to", now)
	if err != nil {
		return nil, 0, err
	}
	if to.Before(from) || (to.Year-from.Year)*4+to.Q-from.Q >= maxSupervisionSpan {
		return nil, 0, domain.InvalidField("to", "must be the from quarter or later, at most 40 quarters on")
	}
	qs, err := s.Queries.ReportsByQuarter(ctx, from, to)
	return onePage(qs), 0, err
}

// dayOrToday reads ?day=, today when absent.
func (s *Server) dayOrToday(r *http.Request) (time.Time, error) {
	d, err := dayParam(r, "day")
	if err != nil || !d.IsZero() {
		return d, err
	}
	return s.Now(), nil
}

// yearParam reads a year from the query string, def when absent.
func yearParam(r *http.Request, name string, def int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 2000 || y > 9999 {
		return 0, domain.InvalidField(name, "must be a year such as 2027")
	}
	return y, nil
}

// quarterParam reads a quarter ("2027-Q1") from the query string, def
// when absent.
func quarterParam(r *http.Request, name string, def sv.Quarter) (sv.Quarter, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	q, err := sv.ParseQuarter(v)
	if err != nil {
		return q, domain.InvalidField(name, "must be a quarter such as 2027-Q1")
	}
	return q, nil
}
