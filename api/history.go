package api

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/expense"
	"github.com/opsledger/opsledger/domain/meeting"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/pay"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/domain/regulation"
	"github.com/opsledger/opsledger/domain/research"
	"github.com/opsledger/opsledger/domain/salesplan"
	"github.com/opsledger/opsledger/domain/stock"
	sv "github.com/opsledger/opsledger/domain/supervision"
	"github.com/opsledger/opsledger/domain/training"
	"github.com/opsledger/opsledger/domain/workplan"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/queries"
)

// historyOf is one resource whose events GET {path}/history serves: its
// path (with its parameters), stream, subject, and the read rule of its
// current state, which a reader outside the auditing roles must pass.
type historyOf struct {
	path, tag, subject string
	stream             streamOf
	notFound           error
	mayRead            func(s *Server, ctx context.Context, r *http.Request, actor domain.Actor) error
}

// streamOf names the stream a request's path parameters point to; a
// parameter that cannot name one is bad input.
type streamOf func(r *http.Request) (string, error)

// byID is the stream of a resource whose path names it by {id}.
func byID(stream func(id string) string) streamOf {
	return func(r *http.Request) (string, error) { return stream(chi.URLParam(r, "id")), nil }
}

// readsCurrent is the read rule of a resource whose GET /{resource}/{id}
// handler applies it: the history is readable by whoever may read the
// current state.
func readsCurrent(get func(s *Server) queryFunc) func(*Server, context.Context, *http.Request, domain.Actor) error {
	return func(s *Server, ctx context.Context, r *http.Request, actor domain.Actor) error {
		_, _, err := get(s)(ctx, r, actor)
		return err
	}
}

// histories lists the resources with a history. An employee's history is
// the full record's (HR events, fines, salary), so it follows the record's
// rule, not the directory's.
var histories = []historyOf{
	{"/customers/{id}", customerTag, "customer file", byID(customer.Stream), queries.ErrCustomerNotFound, readsCurrent(func(s *Server) queryFunc { return s.getCustomer })},
	{"/quotations/{id}", quotationTag, "quotation", byID(quotation.Stream), queries.ErrQuotationNotFound, readsCurrent(func(s *Server) queryFunc { return s.getQuotation })},
	{"/contracts/{id}", contractTag, "contract", byID(contract.Stream), queries.ErrContractNotFound, readsCurrent(func(s *Server) queryFunc { return s.getContract })},
	{"/orders/{id}", orderTag, "order", byID(order.Stream), queries.ErrOrderNotFound, readsCurrent(func(s *Server) queryFunc { return s.getOrder })},
	{"/employees/{id}", employeeTag, "employee record", byID(employee.Stream), queries.ErrEmployeeNotFound, mayReadEmployeeHistory},
	{"/complaints/{id}", complaintTag, "complaint", byID(complaint.Stream), queries.ErrComplaintNotFound, readsCurrent(func(s *Server) queryFunc { return s.getComplaint })},
	{"/sales-plans/{id}", salesPlanTag, "sales plan", byID(salesplan.Stream), queries.ErrSalesPlanNotFound, readsCurrent(func(s *Server) queryFunc { return s.getSalesPlan })},
	{"/expense-claims/{id}", expenseTag, "expense claim", byID(expense.Stream), queries.ErrExpenseClaimNotFound, readsCurrent(func(s *Server) queryFunc { return s.getExpenseClaim })},
	{"/work-plans/{id}", workPlanTag, "work plan", byID(workplan.Stream), queries.ErrWorkPlanNotFound, readsCurrent(func(s *Server) queryFunc { return s.getWorkPlan })},
	{"/rectification-notices/{id}", supervisionTag, "rectification notice", byID(sv.NoticeStream), queries.ErrNoticeNotFound, readsCurrent(func(s *Server) queryFunc { return s.getRectificationNotice })},
	{"/meetings/{id}", meetingTag, "meeting", byID(meeting.Stream), queries.ErrMeetingNotFound, readsCurrent(func(s *Server) queryFunc { return s.getMeeting })},
	{"/research-projects/{id}", researchTag, "market-research project", byID(research.Stream), queries.ErrResearchProjectNotFound, readsCurrent(func(s *Server) queryFunc { return s.getResearchProject })},
	{"/spot-checks/{id}", supervisionTag, "spot check", byID(sv.SpotCheckStream), queries.ErrSpotCheckNotFound, readsCurrent(func(s *Server) queryFunc { return s.getSpotCheck })},
	{"/process-evaluations/{id}", supervisionTag, "process evaluation", byID(sv.EvaluationStream), queries.ErrEvaluationNotFound, readsCurrent(func(s *Server) queryFunc { return s.getProcessEvaluation })},
	{"/analysis-reports/{id}", supervisionTag, "analysis report", byID(sv.ReportStream), queries.ErrReportNotFound, readsCurrent(func(s *Server) queryFunc { return s.getAnalysisReport })},
	{"/stock-transfers/{id}", stockTag, "stock transfer", byID(stock.TransferStream), queries.ErrStockTransferNotFound, readsCurrent(func(s *Server) queryFunc { return s.getStockTransfer })},
	{"/replenishment-requests/{id}", stockTag, "replenishment request", byID(stock.ReplenishmentStream), queries.ErrReplenishmentNotFound, readsCurrent(func(s *Server) queryFunc { return s.getReplenishment })},
	{"/materials-requests/{id}", stockTag, "materials request", byID(stock.MaterialsStream), queries.ErrMaterialsRequestNotFound, readsCurrent(func(s *Server) queryFunc { return s.getMaterialsRequest })},
	{"/training-plans/{id}", trainingTag, "training plan", byID(training.PlanStream), queries.ErrTrainingPlanNotFound, readsCurrent(func(s *Server) queryFunc { return s.getTrainingPlan })},
	{"/training-sessions/{id}", trainingTag, "training session", byID(training.SessionStream), queries.ErrTrainingSessionNotFound, readsCurrent(func(s *Server) queryFunc { return s.getTrainingSession })},
	{"/employees/{id}/pay-statements/{month}", payTag, "pay statement", payStatementStream, queries.ErrPayStatementNotFound, readsCurrent(func(s *Server) queryFunc { return s.getPayStatement })},
	{"/regulations/{name}", regulationTag, "regulation", regulationStream, errNoVersionAdopted, mayReadRegulation},
}

// payStatementStream is the stream of the statement the path names.
func payStatementStream(r *http.Request) (string, error) {
	month, err := pay.ParseMonth(chi.URLParam(r, "month"))
	return pay.Stream(chi.URLParam(r, "id"), month), err
}

func regulationStream(r *http.Request) (string, error) {
	return regulation.Stream(chi.URLParam(r, "name")), nil
}

// errNoVersionAdopted answers the history of a regulation whose only
// version is its default: nothing was ever recorded for it.
var errNoVersionAdopted = domain.NotFound("no version of this regulation was adopted: it has only its default, which no event records")

// mayReadRegulation lets every employee read a regulation's history, as
// its versions (they work under them), of a regulation the catalogue has.
func mayReadRegulation(s *Server, _ context.Context, r *http.Request, _ domain.Actor) error {
	if _, ok := s.Commands.Regulations.Versions(chi.URLParam(r, "name")); !ok {
		return commands.ErrUnknownRegulation
	}
	return nil
}

func mayReadEmployeeHistory(s *Server, ctx context.Context, r *http.Request, actor domain.Actor) error {
	v, err := s.Queries.Employee(ctx, chi.URLParam(r, "id"))
	if err != nil {
		return err
	}
	if !queries.MayReadEmployeeRecord(actor, v) {
		return domain.Forbidden("an employee's history is visible to HR, the GM, their department head and themself")
	}
	return nil
}

var historyParams = listParams(oneOf("order", queries.HistoryOrders, "newest (default) or oldest first"))

func historyRoutes(s *Server, rt *routes) {
	for _, h := range histories {
		rt.get(h.path+"/history", h.tag, "The "+h.subject+"'s events with their envelope: actor, role, reason, recorded and effective time, regulation version, correlation and causation; the bodies to the auditing roles only",
			queries.Page[queries.HistoryEntry]{}, handleQuery(s, nil, s.history(h)), historyParams...)
	}
}

// history answers one resource's events, a page at a time. The auditing
// roles read every resource's history; anyone else reads the history of
// what they may read the current state of.
func (s *Server) history(h historyOf) queryFunc {
	return func(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
		_, auditor := actor.ActingAs(queries.AuditReaders...)
		if !auditor {
			if err := h.mayRead(s, ctx, r, actor); err != nil {
				return nil, 0, err
			}
		}
		page, err := pageRequest(r)
		if err != nil {
			return nil, 0, err
		}
		stream, err := h.stream(r)
		if err != nil {
			return nil, 0, err
		}
		newest := r.URL.Query().Get("order") != queries.HistoryOldestFirst
		recs, next, err := s.historyPage(ctx, stream, newest, page)
		if err != nil {
			return nil, 0, err
		}
		if len(recs) == 0 && page.Cursor == "" {
			return nil, 0, h.notFound
		}
		out := queries.Page[queries.HistoryEntry]{Items: make([]queries.HistoryEntry, len(recs)), NextCursor: next}
		for i, rec := range recs {
			out.Items[i] = historyEntry(rec, auditor)
		}
		if auditor { // the bodies an auditor reads may be personal: the access log records it (A6)
			if err := s.noteReads(ctx, actor, historyReads(recs)...); err != nil {
				return nil, 0, err
			}
		}
		return out, 0, nil
	}
}

// historyPage reads one page of stream: oldest first from the cursor's
// version on, or newest first from the cursor's version down (the
// stream's last event when there is no cursor).
func (s *Server) historyPage(ctx context.Context, stream string, newest bool, page queries.PageRequest) ([]eventstore.Recorded, string, error) {
	size := page.Size()
	from, err := historyCursor(page.Cursor)
	if err != nil {
		return nil, "", err
	}
	if !newest {
		recs, err := s.Commands.ReadHistory(ctx, stream, max(from, 1), 0, size+1)
		if err != nil || len(recs) <= size {
			return recs, "", err
		}
		return recs[:size], nextHistoryCursor(recs[size].StreamVersion), nil
	}
	upper := from
	if upper == 0 { // the first page: from the stream's last event
		all, err := s.Commands.ReadHistory(ctx, stream, 1, 0, 0)
		if err != nil || len(all) == 0 {
			return nil, "", err
		}
		upper = all[len(all)-1].StreamVersion
	}
	lower := uint64(1)
	if upper > uint64(size) {
		lower = upper - uint64(size) + 1
	}
	recs, err := s.Commands.ReadHistory(ctx, stream, lower, upper, 0)
	if err != nil {
		return nil, "", err
	}
	slices.Reverse(recs)
	if lower > 1 {
		return recs, nextHistoryCursor(lower - 1), nil
	}
	return recs, "", nil
}

// A history cursor is "v" and the stream version the next page starts at.
func nextHistoryCursor(version uint64) string { return "v" + strconv.FormatUint(version, 10) }

func historyCursor(c string) (uint64, error) {
	if c == "" {
		return 0, nil
	}
	n, err := strconv.ParseUint(strings.TrimPrefix(c, "v"), 10, 64)
	if !strings.HasPrefix(c, "v") || err != nil || n == 0 {
		return 0, queries.ErrBadCursor
	}
	return n, nil
}

// historyEntry shows one event; withBody adds its body.
func historyEntry(r eventstore.Recorded, withBody bool) queries.HistoryEntry {
	m := r.Metadata
	effective := commands.Effective(r)
	e := queries.HistoryEntry{Version: int64(r.StreamVersion), Position: r.Position.String(), EventID: r.ID,
		EventType: r.Type, SchemaVersion: r.SchemaVersion, RecordedAt: r.RecordedAt.UTC(), EffectiveAt: effective.UTC(),
		Retroactive: effective.Before(r.RecordedAt), ActorID: m.ActorID, ActorRole: string(m.ActorRole),
		ActorOrgUnitID: m.ActorOrgUnitID, OnBehalfOf: m.OnBehalfOf, Reason: m.Reason, SourceDocRef: m.SourceDocRef,
		RegulationVersion: m.RegulationVersion, CorrelationID: m.CorrelationID, CausationID: m.CausationID}
	if withBody {
		e.Data = queries.HistoryBody(r.Data)
	}
	return e
}

// historyReads lists the personal data the bodies of a page of history
// show, one read per subject and category, as a page of the audit trail
// does (queries.PersonalTrailReads).
func historyReads(recs []eventstore.Recorded) []queries.PersonalRead {
	rows := make([]queries.AuditEntry, len(recs))
	for i, r := range recs {
		kind, id, _ := strings.Cut(r.Stream, "-")
		rows[i] = queries.AuditEntry{EventType: r.Type, AggregateType: kind, AggregateID: id}
	}
	return queries.PersonalTrailReads(rows)
}
