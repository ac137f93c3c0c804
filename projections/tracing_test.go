package projections_test

import (
	"context"
	"strconv"
	"testing"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
)

// Given events written by two traced commands (two events by one) and one
// untraced, when a read model applies them, then each batch is a root
// span of its own, named by the read model, counting its events and
// linked once to each command's span whose events it holds; the untraced
// event adds no link.
func TestApplySpan_LinksTheWritersTraces(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	otel.SetTracerProvider(tp)
	t.Cleanup(func() { tp.Shutdown(context.Background()) }) //nolint:errcheck // a recorder

	pool, ns := testPool(t)
	store := memory.New()
	const (
		first  = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
		second = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	)
	for i, tp := range []string{first, first, second, ""} {
		e := eventstore.EventData{ID: "traced-" + strconv.Itoa(i), Type: "test.credited", Data: []byte(`{"i":1}`)}
		e.Metadata.TraceParent = tp
		if _, err := store.Append(context.Background(), "acct-"+strconv.Itoa(i), eventstore.Any, e); err != nil {
			t.Fatal(err)
		}
	}
	l := &ledger{}
	projectiontest.Run(t, projections.NewRunner(pool, store, ns, l, projectiontest.FastOptions()))
	projectiontest.Eventually(t, "4 entries", func() bool { return count(t, pool, ns) == 4 })

	applied, linked := 0, map[string]int{}
	projectiontest.Eventually(t, "apply spans of 4 events", func() bool {
		applied, linked = 0, map[string]int{}
		for _, s := range rec.Ended() {
			if s.Name() != "apply "+l.Name() {
				continue
			}
			if s.Parent().IsValid() {
				t.Fatalf("apply span has parent %v, want a root span", s.Parent())
			}
			for _, kv := range s.Attributes() {
				if kv.Key == "opsledger.projection.events" {
					applied += int(kv.Value.AsInt64())
				}
			}
			inSpan := map[string]bool{}
			for _, link := range s.Links() {
				key := link.SpanContext.TraceID().String() + "-" + link.SpanContext.SpanID().String()
				if inSpan[key] {
					t.Fatalf("apply span links %s twice", key)
				}
				inSpan[key] = true
				linked[key]++
			}
		}
		return applied == 4
	})
	// A batch links each writer once; the two events of the first command
	// may land in two batches, each linking it.
	if len(linked) != 2 || linked["0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331"] == 0 || linked["4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7"] == 0 {
		t.Fatalf("links %v, want links to both writing commands and nothing else", linked)
	}
}
