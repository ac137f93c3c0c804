package api

import (
	"context"
	"log/slog"
	"strings"
)

// requestNote is what the log lines of one request say about it: its
// ids from the start, who made it once authenticated, and why it was
// refused once a problem was answered. The request's context carries it,
// so every line logged with that context names the request
// (requestContextHandler), and the request line says why a 4xx was sent
// and to whom.
type requestNote struct {
	requestID     string
	correlationID string
	actor         string // the token's employee, once authenticated
	traceID       string // the request's trace, when it is traced
	problem       string // the problem kind answered, if any
	detail        string // its detail
}

type requestNoteKey struct{}

func noteFrom(ctx context.Context) *requestNote {
	n, _ := ctx.Value(requestNoteKey{}).(*requestNote)
	return n
}

// noteProblem records the problem answered to the request of ctx.
func noteProblem(ctx context.Context, p *Problem) {
	if n := noteFrom(ctx); n != nil {
		n.problem, n.detail = strings.TrimPrefix(p.Type, problemBase), p.Detail
	}
}

// noteActor records whom the request of ctx speaks for.
func noteActor(ctx context.Context, employeeID string) {
	if n := noteFrom(ctx); n != nil {
		n.actor = employeeID
	}
}

// requestContextHandler adds the request's ids, and its actor once known,
// to every record logged with the request's context: an error logged deep
// in a handler can be found beside its request line.
type requestContextHandler struct{ slog.Handler }

func (h requestContextHandler) Handle(ctx context.Context, r slog.Record) error {
	if n := noteFrom(ctx); n != nil {
		r.AddAttrs(slog.String("request_id", n.requestID), slog.String("correlation_id", n.correlationID))
		if n.actor != "" {
			r.AddAttrs(slog.String("actor", n.actor))
		}
		if n.traceID != "" {
			r.AddAttrs(slog.String("trace_id", n.traceID))
		}
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestContextHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return requestContextHandler{h.Handler.WithAttrs(attrs)}
}

func (h requestContextHandler) WithGroup(name string) slog.Handler {
	return requestContextHandler{h.Handler.WithGroup(name)}
}
