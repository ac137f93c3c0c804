package observability_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-chi/chi/v5"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/opsledger/opsledger/observability"
)

// recording is tracing into an in-memory recorder.
func recording(t *testing.T) (*observability.Tracing, *tracetest.SpanRecorder) {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tr := observability.NewTracing(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec)))
	t.Cleanup(func() { tr.Shutdown(t.Context()) }) //nolint:errcheck // a recorder
	return tr, rec
}

// tracedRouter is a chi router behind the tracing middleware, as the api
// mounts it, whose handlers name their actor.
func tracedRouter(tr *observability.Tracing) http.Handler {
	r := chi.NewRouter()
	r.Use(tr.Middleware)
	r.Get("/orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		tr.Actor(r.Context(), "emp-7")
		w.WriteHeader(http.StatusAccepted)
	})
	r.Get("/broken", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) })
	return r
}

func attr(span sdktrace.ReadOnlySpan, key string) (attribute.Value, bool) {
	for _, kv := range span.Attributes() {
		if string(kv.Key) == key {
			return kv.Value, true
		}
	}
	return attribute.Value{}, false
}

// onlySpan is the one span the recorder ended.
func onlySpan(t *testing.T, rec *tracetest.SpanRecorder) sdktrace.ReadOnlySpan {
	t.Helper()
	spans := rec.Ended()
	if len(spans) != 1 {
		t.Fatalf("%d spans ended, want 1", len(spans))
	}
	return spans[0]
}

const clientTraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

// Given a request carrying a W3C traceparent, when it is served, then its
// server span is a child of the client's span in the client's trace,
// named by method and route, with the status code and the actor, and the
// answer's traceparent names the server span.
func TestMiddleware_ContinuesTheClientsTrace(t *testing.T) {
	tr, rec := recording(t)
	req := httptest.NewRequest(http.MethodGet, "/orders/o-1", nil)
	req.Header.Set("traceparent", clientTraceParent)
	w := httptest.NewRecorder()
	tracedRouter(tr).ServeHTTP(w, req)

	span := onlySpan(t, rec)
	sc := span.SpanContext()
	if got := sc.TraceID().String(); got != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Errorf("trace %s, want the client's 4bf92f3577b34da6a3ce929d0e0e4736", got)
	}
	if got := span.Parent().SpanID().String(); got != "00f067aa0ba902b7" || !span.Parent().IsRemote() {
		t.Errorf("parent %s (remote %v), want the client's span 00f067aa0ba902b7", got, span.Parent().IsRemote())
	}
	if want := "00-" + sc.TraceID().String() + "-" + sc.SpanID().String() + "-01"; w.Header().Get("traceparent") != want {
		t.Errorf("answer's traceparent %q, want the server span's %q", w.Header().Get("traceparent"), want)
	}
	if span.Name() != "GET /orders/{id}" || span.SpanKind() != trace.SpanKindServer {
		t.Errorf("span %q of kind %v, want server span GET /orders/{id}", span.Name(), span.SpanKind())
	}
	for key, want := range map[string]string{"http.route": "/orders/{id}", "http.request.method": "GET", "http.response.status_code": "202", "enduser.id": "emp-7"} {
		if v, ok := attr(span, key); !ok || v.Emit() != want {
			t.Errorf("attribute %s = %q (set %v), want %q", key, v.Emit(), ok, want)
		}
	}
	if _, ok := attr(span, "url.path"); ok {
		t.Error("the span records the path, whose ids the route already stands for")
	}
	if span.Status().Code == codes.Error {
		t.Error("a 202 marked as an error")
	}
}

// Given a request without traceparent, its server span starts a trace,
// which the answer names; a 5xx marks the span as an error, a request no
// route matched is named by its method alone.
func TestMiddleware_StartsATrace(t *testing.T) {
	tr, rec := recording(t)
	w := httptest.NewRecorder()
	tracedRouter(tr).ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/broken", nil))
	span := onlySpan(t, rec)
	if span.Parent().IsValid() {
		t.Errorf("a request without traceparent has parent %v", span.Parent())
	}
	sc := span.SpanContext()
	if want := "00-" + sc.TraceID().String() + "-" + sc.SpanID().String() + "-01"; w.Header().Get("traceparent") != want {
		t.Errorf("answer's traceparent %q, want %q", w.Header().Get("traceparent"), want)
	}
	if span.Status().Code != codes.Error {
		t.Errorf("a 500's span has status %v, want Error", span.Status())
	}

	tr2, rec2 := recording(t)
	tracedRouter(tr2).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/nowhere", nil))
	unmatched := onlySpan(t, rec2)
	if unmatched.Name() != "POST" || unmatched.Status().Code == codes.Error {
		t.Errorf("unmatched request's span %q status %v, want POST, no error", unmatched.Name(), unmatched.Status())
	}
	if v, _ := attr(unmatched, "http.response.status_code"); v.AsInt64() != http.StatusMethodNotAllowed && v.AsInt64() != http.StatusNotFound {
		t.Errorf("unmatched request's status %v, want 404 or 405", v.Emit())
	}
}
