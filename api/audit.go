package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

func auditRoutes(s *Server, rt *routes) {
	rt.get("/audit", "Audit", "Audit trail: who did what, when, under which role and rule", queries.Page[queries.AuditEntry]{},
		handleQuery(s, []string{"audit"}, s.audit), listParams(text("actor_id", "who acted"),
			oneOf("aggregate_type", queries.AggregateTypes, "the kind of record the event belongs to"),
			text("aggregate_id", "the record's id"), text("event_type", "the event's type"),
			text("correlation_id", "events of one request"), dateTime("recorded_from", "recorded at or after"),
			dateTime("recorded_to", "recorded before"), dateTime("effective_from", "taking effect at or after"),
			dateTime("effective_to", "taking effect before"))...)
	rt.get("/admin/projections", "Operations", "Read model progress and lag", queries.Page[queries.Status]{},
		handleQuery(s, nil, s.projectionStatus))
	rt.get("/admin/dead-letters", "Operations", "Events parked by a projection", queries.Page[queries.DeadLetter]{},
		handleQuery(s, nil, s.deadLetters), QueryParam{Name: "open", Format: FormatBoolean,
			Description: "open dead letters (default true) or resolved and skipped ones (false)"})
	command(rt, "/admin/dead-letters/{id}/retry", "Operations", "Retry a parked event", s.retryDeadLetter)
	command(rt, "/admin/dead-letters/{id}/skip", "Operations", "Skip a parked event (recorded)", s.skipDeadLetter)
	auditQuestionRoutes(s, rt)
	auditAccessRoutes(s, rt)
}

func (s *Server) audit(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "the audit trail", queries.AuditReaders...); err != nil {
		return nil, 0, err
	}
	page, err := pageRequest(r)
	if err != nil {
		return nil, 0, err
	}
	q := r.URL.Query()
	f := queries.AuditFilter{ActorID: q.Get("actor_id"), AggregateType: q.Get("aggregate_type"),
		AggregateID: q.Get("aggregate_id"), EventType: q.Get("event_type"), CorrelationID: q.Get("correlation_id")}
	if f.RecordedFrom, err = timeParam(r, "recorded_from"); err != nil {
		return nil, 0, err
	}
	if f.RecordedTo, err = timeParam(r, "recorded_to"); err != nil {
		return nil, 0, err
	}
	if f.EffectiveFrom, err = timeParam(r, "effective_from"); err != nil {
		return nil, 0, err
	}
	if f.EffectiveTo, err = timeParam(r, "effective_to"); err != nil {
		return nil, 0, err
	}
	res, err := s.Queries.Audit(ctx, f, page)
	if err == nil {
		err = s.noteReads(ctx, actor, queries.PersonalTrailReads(res.Items)...)
	}
	return res, 0, err
}

func (s *Server) projectionStatus(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "projection status", queries.AuditReaders...); err != nil {
		return nil, 0, err
	}
	if s.ProjectionStatus == nil {
		return onePage[queries.Status](nil), 0, nil
	}
	st, err := s.ProjectionStatus(ctx)
	return onePage(st), 0, err
}

func (s *Server) deadLetters(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "dead letters", queries.AuditReaders...); err != nil {
		return nil, 0, err
	}
	open := r.URL.Query().Get("open") != "false"
	dl, err := s.Queries.DeadLetters(ctx, open)
	return onePage(dl), 0, err
}

// DeadLetterRequest says why an operator retries or skips a parked event.
type DeadLetterRequest struct {
	Envelope
}

func (s *Server) retryDeadLetter(ctx context.Context, m commands.Meta, id string, req DeadLetterRequest) (commands.Result, error) {
	return s.resolveDeadLetter(ctx, m, id, req, s.Queries.RetryDeadLetter)
}

func (s *Server) skipDeadLetter(ctx context.Context, m commands.Meta, id string, req DeadLetterRequest) (commands.Result, error) {
	return s.resolveDeadLetter(ctx, m, id, req, s.Queries.SkipDeadLetter)
}

func (s *Server) resolveDeadLetter(ctx context.Context, m commands.Meta, id string, req DeadLetterRequest,
	resolve func(context.Context, int64, string, string) error) (commands.Result, error) {
	if _, ok := m.Actor.ActingAs(queries.DeadLetterOperators...); !ok {
		return commands.Result{}, domain.Forbidden("only the GM retries or skips a dead letter; the oversight roles read them")
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return commands.Result{}, domain.InvalidField("id", "must be a dead letter id")
	}
	if req.Reason == "" {
		return commands.Result{}, domain.InvalidField("reason", "say why the event is retried or skipped")
	}
	return commands.Result{Stream: "dead-letter-" + id}, resolve(ctx, n, m.Actor.EmployeeID, req.Reason)
}
