package app_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/observability"
	"github.com/opsledger/opsledger/projections/projectiontest"
)

const (
	clientTrace       = "4bf92f3577b34da6a3ce929d0e0e4736"
	clientSpan        = "00f067aa0ba902b7"
	clientTraceParent = "00-" + clientTrace + "-" + clientSpan + "-01"
)

// qualify records HR's qualification check of candidate emp-9, a command
// on one stream.
func qualify(t *testing.T, env *apptest.Env, tok string, headers ...string) apptest.Response {
	t.Helper()
	r := env.Do(t, http.MethodPost, "/employees/emp-9/qualification-checks", tok,
		map[string]any{"candidate_name": "Wang Fang", "passed": true, "notes": "verified"}, headers...)
	if r.Status != http.StatusOK {
		t.Fatalf("qualification check: status %d, body %s", r.Status, r.Body)
	}
	return r
}

// lastEnvelope is the envelope of emp-9's last event.
func lastEnvelope(t *testing.T, env *apptest.Env) eventstore.Metadata {
	t.Helper()
	recs, err := env.App.Store.ReadStream(context.Background(), employee.Stream("emp-9"), eventstore.ReadStreamOptions{})
	if err != nil || len(recs) == 0 {
		t.Fatalf("read emp-9: %d events, %v", len(recs), err)
	}
	return recs[len(recs)-1].Metadata
}

// spanNamed is the one ended span named name whose trace is trace.
func spanNamed(t *testing.T, rec *tracetest.SpanRecorder, trace, name string) sdktrace.ReadOnlySpan {
	t.Helper()
	var found []sdktrace.ReadOnlySpan
	for _, s := range rec.Ended() {
		if s.Name() == name && s.SpanContext().TraceID().String() == trace {
			found = append(found, s)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d spans %q in trace %s, want 1", len(found), name, trace)
	}
	return found[0]
}

// Given tracing on, when a client sends a command with a W3C traceparent,
// then one trace holds the request's server span (the client's span its
// parent, the actor recorded), the command's span under it and the
// append's under that; the answer's traceparent names the server span;
// the event's envelope carries the command's trace context, and the read
// models' apply spans link to the command's span.
func TestTracing_CommandRequestIsOneTrace(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tracing := observability.NewTracing(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec)))
	t.Cleanup(func() { tracing.Shutdown(context.Background()) }) //nolint:errcheck // a recorder
	env := apptest.NewWith(t, func(c *app.Config) { c.Tracing = tracing })
	tok := env.Token(t, "hr-1", "ou-hr", domain.RoleHR)

	r := qualify(t, env, tok, "traceparent", clientTraceParent)

	server := spanNamed(t, rec, clientTrace, "POST /employees/{id}/qualification-checks")
	if server.Parent().SpanID().String() != clientSpan {
		t.Errorf("server span's parent %s, want the client's span %s", server.Parent().SpanID(), clientSpan)
	}
	if want := "00-" + clientTrace + "-" + server.SpanContext().SpanID().String() + "-01"; r.Header.Get("traceparent") != want {
		t.Errorf("answer's traceparent %q, want the server span's %q", r.Header.Get("traceparent"), want)
	}
	actor := ""
	for _, kv := range server.Attributes() {
		if kv.Key == "enduser.id" {
			actor = kv.Value.AsString()
		}
	}
	if actor != "hr-1" {
		t.Errorf("server span's actor %q, want hr-1", actor)
	}
	command := spanNamed(t, rec, clientTrace, "command recordQualificationCheck")
	if command.Parent().SpanID() != server.SpanContext().SpanID() {
		t.Errorf("command span's parent %s, want the server span %s", command.Parent().SpanID(), server.SpanContext().SpanID())
	}
	appended := spanNamed(t, rec, clientTrace, "eventstore.append")
	if appended.Parent().SpanID() != command.SpanContext().SpanID() {
		t.Errorf("append span's parent %s, want the command span %s", appended.Parent().SpanID(), command.SpanContext().SpanID())
	}
	commandParent := "00-" + clientTrace + "-" + command.SpanContext().SpanID().String() + "-01"
	if got := lastEnvelope(t, env).TraceParent; got != commandParent {
		t.Errorf("event envelope's traceparent %q, want the command's %q", got, commandParent)
	}

	projectiontest.Eventually(t, "an apply span linked to the command", func() bool {
		for _, s := range rec.Ended() {
			if !strings.HasPrefix(s.Name(), "apply ") {
				continue
			}
			for _, l := range s.Links() {
				if l.SpanContext.SpanID() == command.SpanContext().SpanID() && l.SpanContext.TraceID() == command.SpanContext().TraceID() {
					return true
				}
			}
		}
		return false
	})
}

// Given tracing off (no Tracing, as with no OTEL_* variables), a command
// is answered without a traceparent however the client sent one, and its
// envelope carries none.
func TestTracing_OffByDefault(t *testing.T) {
	env := apptest.New(t, nil)
	tok := env.Token(t, "hr-1", "ou-hr", domain.RoleHR)
	r := qualify(t, env, tok, "traceparent", clientTraceParent)
	if got := r.Header.Get("traceparent"); got != "" {
		t.Errorf("answer's traceparent %q with tracing off, want none", got)
	}
	if got := lastEnvelope(t, env).TraceParent; got != "" {
		t.Errorf("envelope's traceparent %q with tracing off, want none", got)
	}
}
