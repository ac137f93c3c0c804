package observability

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.40.0"
	"go.opentelemetry.io/otel/trace"
)

// Middleware starts each request's server span. A W3C traceparent (and
// baggage) the client sent makes it the span's parent; the answer carries
// the server span's own traceparent, so the client can find its trace.
// The span is named by the request's method and chi route pattern
// ("POST /orders/{id}/payments"), read after the handler ran, and records
// the status code and, once authenticated, the actor (see Actor). It
// records nothing that identifies a person beyond the employee id: no
// address, no user agent, no path with its ids.
func (t *Tracing) Middleware(next http.Handler) http.Handler {
	if t == nil {
		return next
	}
	traceContext := propagation.TraceContext{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := t.propagator.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
		ctx, span := t.tracer.Start(ctx, r.Method, trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(semconv.HTTPRequestMethodKey.String(r.Method)))
		defer span.End()
		traceContext.Inject(ctx, propagation.HeaderCarrier(w.Header()))
		// The api's request log has wrapped w already: reuse its wrapper.
		ww, ok := w.(middleware.WrapResponseWriter)
		if !ok {
			ww = middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		}
		next.ServeHTTP(ww, r.WithContext(ctx))
		endServerSpan(span, r, ww.Status())
	})
}

// endServerSpan names the span by its route and records the status: a
// 5xx is the server's error, a 4xx the client's (not an error of the
// server span).
func endServerSpan(span trace.Span, r *http.Request, status int) {
	if status == 0 {
		status = http.StatusOK // nothing written: net/http answers 200
	}
	if rc := chi.RouteContext(r.Context()); rc != nil {
		if route := rc.RoutePattern(); route != "" {
			span.SetName(r.Method + " " + route)
			span.SetAttributes(semconv.HTTPRouteKey.String(route))
		}
	}
	span.SetAttributes(semconv.HTTPResponseStatusCodeKey.Int(status))
	if status >= http.StatusInternalServerError {
		span.SetStatus(codes.Error, http.StatusText(status))
	}
}

// Actor records on the request's server span whom it speaks for: the
// employee id of its token.
// TraceID is the trace id of ctx's span, for log lines ("" when it has
// none or is not sampled).
func (t *Tracing) TraceID(ctx context.Context) string {
	if t == nil {
		return ""
	}
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() && sc.IsSampled() {
		return sc.TraceID().String()
	}
	return ""
}

func (t *Tracing) Actor(ctx context.Context, employeeID string) {
	if t == nil {
		return
	}
	trace.SpanFromContext(ctx).SetAttributes(semconv.EnduserIDKey.String(employeeID))
}
