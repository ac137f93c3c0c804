package observability_test

import (
	"context"
	"errors"
	"testing"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
)

func storedTraceParents(t *testing.T, store eventstore.Store, stream string) []string {
	t.Helper()
	recs, err := store.ReadStream(context.Background(), stream, eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range recs {
		out = append(out, r.Metadata.TraceParent)
	}
	return out
}

func event(id string) eventstore.EventData {
	return eventstore.EventData{ID: id, Type: "order.placed", Data: []byte(`{}`)}
}

// Given a command's span, when its events are appended through the traced
// store, then the append is a child span of it with the stream, the
// events and where they landed, and each stored envelope carries the
// command's traceparent; the caller's events are left as they were.
func TestTraceAppends_SpanAndEnvelope(t *testing.T) {
	tr, rec := recording(t)
	inner := memory.New()
	store := tr.TraceAppends(inner)
	ctx, command := otelTracer().Start(context.Background(), "command")
	events := []eventstore.EventData{event("e-1"), event("e-2")}
	if _, err := store.Append(ctx, "order-o-1", eventstore.NoStream, events...); err != nil {
		t.Fatal(err)
	}
	command.End()
	want := "00-" + command.SpanContext().TraceID().String() + "-" + command.SpanContext().SpanID().String() + "-01"
	for i, got := range storedTraceParents(t, inner, "order-o-1") {
		if got != want {
			t.Errorf("event %d envelope traceparent %q, want the command's %q", i, got, want)
		}
	}
	if events[0].Metadata.TraceParent != "" {
		t.Error("the caller's events were changed")
	}
	appended := rec.Ended()[0]
	if appended.Name() != "eventstore.append" || appended.Parent().SpanID() != command.SpanContext().SpanID() {
		t.Fatalf("span %q with parent %v, want eventstore.append under the command", appended.Name(), appended.Parent().SpanID())
	}
	for key, want := range map[string]string{"opsledger.eventstore.streams": `["order-o-1"]`, "opsledger.eventstore.events": "2", "opsledger.eventstore.version": "2"} {
		if v, ok := attr(appended, key); !ok || v.Emit() != want {
			t.Errorf("attribute %s = %q, want %q", key, v.Emit(), want)
		}
	}
	if v, ok := attr(appended, "opsledger.eventstore.position"); !ok || v.Emit() == "" {
		t.Error("the append span lacks its position")
	}
}

// Given a lost race, the append span says conflict but is no error (the
// command retries); given an unsampled or absent caller span, envelopes
// carry no traceparent.
func TestTraceAppends_ConflictAndUnsampled(t *testing.T) {
	tr, rec := recording(t)
	inner := memory.New()
	store := tr.TraceAppends(inner)
	if _, err := store.Append(context.Background(), "order-o-1", eventstore.NoStream, event("e-1")); err != nil {
		t.Fatal(err)
	}
	_, err := store.Append(context.Background(), "order-o-1", eventstore.NoStream, event("e-2"))
	if !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("second append at NoStream: %v, want a conflict", err)
	}
	conflict := rec.Ended()[1]
	if v, _ := attr(conflict, "opsledger.eventstore.conflict"); !v.AsBool() || conflict.Status().Code == codes.Error {
		t.Errorf("conflict span: conflict=%v status %v, want conflict and no error", v.Emit(), conflict.Status())
	}
	unsampled := trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: [16]byte{1}, SpanID: [8]byte{1}}))
	if _, err := store.Append(unsampled, "order-o-2", eventstore.NoStream, event("e-3")); err != nil {
		t.Fatal(err)
	}
	for _, stream := range []string{"order-o-1", "order-o-2"} {
		for _, got := range storedTraceParents(t, inner, stream) {
			if got != "" {
				t.Errorf("%s: envelope traceparent %q without a sampled caller, want none", stream, got)
			}
		}
	}
}

// Given a store with an atomic multi-stream append, the traced store
// keeps it: one span for the joint append, naming every stream, and every
// part's envelopes carry the caller's traceparent.
func TestTraceAppends_MultiStream(t *testing.T) {
	tr, rec := recording(t)
	inner := memory.New()
	store := tr.TraceAppends(inner)
	if _, ok := eventstore.AtomicMultiStream(store); !ok {
		t.Fatal("the traced store hides the atomic multi-stream append")
	}
	ctx, command := otelTracer().Start(context.Background(), "command")
	_, err := eventstore.AppendStreams(ctx, store, []eventstore.StreamAppend{
		{Stream: "customer-c-1", Expected: eventstore.NoStream, Events: []eventstore.EventData{event("e-1")}},
		{Stream: "claim-n-1", Expected: eventstore.NoStream, Events: []eventstore.EventData{event("e-2"), event("e-3")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	command.End()
	spans := rec.Ended()
	if len(spans) != 2 {
		t.Fatalf("%d spans, want the joint append's and the command's", len(spans))
	}
	for key, want := range map[string]string{"opsledger.eventstore.streams": `["customer-c-1","claim-n-1"]`, "opsledger.eventstore.events": "3"} {
		if v, _ := attr(spans[0], key); v.Emit() != want {
			t.Errorf("attribute %s = %q, want %q", key, v.Emit(), want)
		}
	}
	for _, stream := range []string{"customer-c-1", "claim-n-1"} {
		for _, got := range storedTraceParents(t, inner, stream) {
			if got == "" || got[3:35] != command.SpanContext().TraceID().String() {
				t.Errorf("%s: envelope traceparent %q, want the command's trace", stream, got)
			}
		}
	}
}
