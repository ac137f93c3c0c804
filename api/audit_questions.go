package api

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// AuditQuestionQueries answers the compliance questions (SPEC §4.3).
type AuditQuestionQueries interface {
	Answer(ctx context.Context, id string, f queries.AuditQuestionFilter, page queries.PageRequest) (queries.AuditAnswer, error)
}

func auditQuestionRoutes(s *Server, rt *routes) {
	rt.get("/audit/questions", "Audit", "The compliance questions this server answers (A1…A17 whose facts the log records)",
		queries.Page[queries.AuditQuestion]{}, handleQuery(s, nil, s.auditQuestions))
	rt.get("/audit/questions/{id}", "Audit", "One compliance question's answer: rows with their facts, flags and the events that prove them",
		queries.AuditAnswer{}, handleQuery(s, []string{"audit"}, s.auditAnswer),
		listParams(text("subject", "only the rows about this record (its id)"),
			dateTime("from", "only rows with events recorded at or after"), dateTime("to", "only rows with events recorded before"))...)
}

func (s *Server) auditQuestions(_ context.Context, _ *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "the compliance questions", queries.AuditReaders...); err != nil {
		return nil, 0, err
	}
	return onePage(queries.AuditQuestions), 0, nil
}

func (s *Server) auditAnswer(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "the compliance questions", queries.AuditReaders...); err != nil {
		return nil, 0, err
	}
	id := chi.URLParam(r, "id")
	if _, ok := queries.FindAuditQuestion(id); !ok {
		return nil, 0, domain.NotFound("no compliance question " + id + "; GET /audit/questions lists them")
	}
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	f := queries.AuditQuestionFilter{Subject: r.URL.Query().Get("subject")}
	if f.From, err = timeParam(r, "from"); err != nil {
		return nil, 0, err
	}
	if f.To, err = timeParam(r, "to"); err != nil {
		return nil, 0, err
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return nil, 0, domain.InvalidField("to", "must be after from")
	}
	a, err := s.Queries.Answer(ctx, id, f, page)
	if err != nil {
		return nil, 0, err
	}
	if err := s.noteReads(ctx, actor, queries.ShowAuditAnswer(actor, &a)...); err != nil {
		return nil, 0, err
	}
	return a, 0, nil
}
