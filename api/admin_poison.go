package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/queries"
)

// PoisonQueue is where the messages a reaction failed on wait for an
// operator, in every instance's view (OPS-poison).
type PoisonQueue interface {
	Parked(ctx context.Context, open bool) ([]PoisonedMessage, error)
	RetryParked(ctx context.Context, id int64, by, reason string) error
	SkipParked(ctx context.Context, id int64, by, reason string) error
}

// PoisonedMessage is a message a reaction failed on after its retries, or
// could not read at all, parked with why.
type PoisonedMessage struct {
	ID int64 `json:"id"`
	// MessageID is the stored event's id (the message's).
	MessageID string `json:"message_id"`
	Topic     string `json:"topic"`
	// Reaction is the reaction that failed on it.
	Reaction  string    `json:"reaction"`
	Reason    string    `json:"reason"`
	EventType string    `json:"event_type,omitempty"`
	Stream    string    `json:"stream,omitempty"`
	Position  string    `json:"position,omitempty"`
	ParkedAt  time.Time `json:"parked_at"`
	// Attempts is how often it was parked (once, plus each failed retry).
	Attempts int `json:"attempts"`
	// Status is PARKED, RETRIED or SKIPPED.
	Status     string `json:"status"`
	ResolvedBy string `json:"resolved_by,omitempty"`
	Note       string `json:"note,omitempty"`
}

// errNoPoisonQueue answers a retry or skip on a server without reactions.
var errNoPoisonQueue = domain.NotFound("no parked message with this id waits for an operator")

func adminPoisonRoutes(s *Server, rt *routes) {
	rt.get("/admin/poison", "Operations", "Messages the reactions failed on, parked", queries.Page[PoisonedMessage]{},
		handleQuery(s, nil, s.poisoned), QueryParam{Name: "open", Format: FormatBoolean,
			Description: "parked messages (default true) or retried and skipped ones (false)"})
	command(rt, "/admin/poison/{id}/retry", "Operations", "Deliver a parked message to its reactions again", s.retryPoisoned)
	command(rt, "/admin/poison/{id}/skip", "Operations", "Give up a parked message (recorded)", s.skipPoisoned)
}

func (s *Server) poisoned(ctx context.Context, r *http.Request, actor domain.Actor) (any, int64, error) {
	if err := requireRole(actor, "parked messages", queries.AuditReaders...); err != nil {
		return nil, 0, err
	}
	if s.Poison == nil {
		return onePage[PoisonedMessage](nil), 0, nil
	}
	parked, err := s.Poison.Parked(ctx, r.URL.Query().Get("open") != "false")
	return onePage(parked), 0, err
}

// PoisonRequest says why an operator retries or skips a parked message.
type PoisonRequest struct {
	Envelope
}

func (s *Server) retryPoisoned(ctx context.Context, m commands.Meta, id string, req PoisonRequest) (commands.Result, error) {
	return s.resolvePoisoned(ctx, m, id, req, func(p PoisonQueue) func(context.Context, int64, string, string) error { return p.RetryParked })
}

func (s *Server) skipPoisoned(ctx context.Context, m commands.Meta, id string, req PoisonRequest) (commands.Result, error) {
	return s.resolvePoisoned(ctx, m, id, req, func(p PoisonQueue) func(context.Context, int64, string, string) error { return p.SkipParked })
}

// resolvePoisoned is a retry or skip, by the operators of dead letters.
func (s *Server) resolvePoisoned(ctx context.Context, m commands.Meta, id string, req PoisonRequest,
	resolve func(PoisonQueue) func(context.Context, int64, string, string) error) (commands.Result, error) {
	if _, ok := m.Actor.ActingAs(queries.DeadLetterOperators...); !ok {
		return commands.Result{}, domain.Forbidden("only the GM retries or skips a parked message; the oversight roles read them")
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return commands.Result{}, domain.InvalidField("id", "must be a parked message id")
	}
	if req.Reason == "" {
		return commands.Result{}, domain.InvalidField("reason", "say why the message is retried or skipped")
	}
	if s.Poison == nil {
		return commands.Result{}, errNoPoisonQueue
	}
	return commands.Result{Stream: "poison-" + id}, resolve(s.Poison)(ctx, n, m.Actor.EmployeeID, req.Reason)
}
