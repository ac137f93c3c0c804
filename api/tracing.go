package api

import (
	"context"
	"net/http"
)

// Tracing traces the server's requests (rule OPS-tracing). Like Metrics,
// the composition root provides it as plain net/http values and
// functions, so the api names no tracing library; the zero value traces
// nothing and costs nothing.
type Tracing struct {
	// Middleware starts each request's server span (W3C traceparent in
	// and out). It runs inside the request log, whose chi
	// WrapResponseWriter it may reuse, and outside the recoverer, so a
	// panic is seen as the 500 it is answered with.
	Middleware func(http.Handler) http.Handler
	// Actor records on the request's span whom it speaks for, once the
	// token is checked.
	Actor func(ctx context.Context, employeeID string)
	// TraceID is the trace id of ctx's span ("" for none): every log line
	// of a traced request carries it, to find the trace from a log line.
	TraceID func(ctx context.Context) string
}

func (t Tracing) middleware(next http.Handler) http.Handler {
	if t.Middleware == nil {
		return next
	}
	return t.Middleware(next)
}

func (t Tracing) actor(ctx context.Context, employeeID string) {
	if t.Actor != nil {
		t.Actor(ctx, employeeID)
	}
}

// noteTrace records the request's trace id in its note, for its log
// lines (requestContextHandler); it runs inside the tracing middleware,
// where the server span is in the context.
func (s *Server) noteTrace(next http.Handler) http.Handler {
	if s.Tracing.TraceID == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n := noteFrom(r.Context()); n != nil {
			n.traceID = s.Tracing.TraceID(r.Context())
		}
		next.ServeHTTP(w, r)
	})
}
