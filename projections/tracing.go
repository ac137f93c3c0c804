package projections

import (
	"context"
	"errors"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/opsledger/opsledger/eventstore"
)

// Attributes of a read model's apply span (rule OPS-tracing).
const (
	attrProjection = attribute.Key("opsledger.projection")
	attrEvents     = attribute.Key("opsledger.projection.events")
	attrFrom       = attribute.Key("opsledger.projection.from_position")
	attrTo         = attribute.Key("opsledger.projection.to_position")
	attrLive       = attribute.Key("opsledger.projection.live")
)

const tracerName = "github.com/opsledger/opsledger/projections"

// maxLinks bounds the links of one apply span: the SDK keeps 128 by
// default and drops the rest anyway.
const maxLinks = 128

// startApplySpan starts the span of one batch applied by the read model
// name. It is a root span (the batch is the runner's work, not any one
// request's) linked to the trace of every command whose events it
// applies, as their envelopes name them (Metadata.TraceParent). The
// tracer is the global provider's: the no-op one unless the composition
// root turned tracing on, in which case nothing here is computed.
func startApplySpan(ctx context.Context, name string, live bool, batch []eventstore.Recorded) (context.Context, trace.Span) {
	ctx, span := otel.GetTracerProvider().Tracer(tracerName).Start(ctx, "apply "+name, trace.WithNewRoot())
	if !span.IsRecording() {
		return ctx, span
	}
	span.SetAttributes(attrProjection.String(name), attrEvents.Int(len(batch)), attrLive.Bool(live),
		attrFrom.String(batch[0].Position.String()), attrTo.String(batch[len(batch)-1].Position.String()))
	for _, sc := range writerTraces(batch) {
		span.AddLink(trace.Link{SpanContext: sc})
	}
	return ctx, span
}

// writerTraces are the distinct span contexts the batch's envelopes name,
// at most maxLinks, in the order of the events.
func writerTraces(batch []eventstore.Recorded) []trace.SpanContext {
	var out []trace.SpanContext
	seen := map[string]bool{}
	for _, e := range batch {
		tp := e.Metadata.TraceParent
		if tp == "" || seen[tp] || len(out) == maxLinks {
			continue
		}
		seen[tp] = true
		ctx := propagation.TraceContext{}.Extract(context.Background(), propagation.MapCarrier{"traceparent": tp})
		if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
			out = append(out, sc)
		}
	}
	return out
}

// endApplySpan records a failed batch (retried, or parked) and ends the
// span. A batch refused because its generation was switched is no
// failure: the runner moves to the new generation.
func endApplySpan(span trace.Span, err error) {
	if err != nil && !errors.Is(err, errSwitched) && span.IsRecording() {
		span.RecordError(err)
		span.SetStatus(codes.Error, "apply failed")
	}
	span.End()
}
