package observability

import (
	"context"
	"errors"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// Attributes of the event store's spans.
const (
	attrStreams  = attribute.Key("opsledger.eventstore.streams")
	attrEvents   = attribute.Key("opsledger.eventstore.events")
	attrPosition = attribute.Key("opsledger.eventstore.position")
	attrVersion  = attribute.Key("opsledger.eventstore.version")
)

// TraceAppends returns store with each append in a span of its own
// (streams, events, the position and version it reached) under the
// caller's span, and each appended event's envelope carrying the caller's
// trace context (Metadata.TraceParent), which the read models' apply
// spans link to. Off (nil t) it returns store itself. A store with an
// atomic multi-stream append keeps it, traced too.
//
// The trace context is the caller's (the command's span), not the append
// span's: an append retried under the same context carries the same
// envelope, so the store still recognizes it as the same events.
func (t *Tracing) TraceAppends(store eventstore.Store) eventstore.Store {
	if t == nil {
		return store
	}
	if multi, ok := eventstore.AtomicMultiStream(store); ok {
		return tracedMultiStore{tracedStore{store, t}, multi}
	}
	return tracedStore{store, t}
}

type tracedStore struct {
	eventstore.Store
	t *Tracing
}

func (s tracedStore) Append(ctx context.Context, stream string, expected eventstore.ExpectedVersion, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	events = stampTraceParent(ctx, events)
	ctx, span := s.t.tracer.Start(ctx, "eventstore.append", trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attrStreams.StringSlice([]string{stream}), attrEvents.Int(len(events))))
	defer span.End()
	res, err := s.Store.Append(ctx, stream, expected, events...)
	endAppendSpan(span, err, res)
	return res, err
}

type tracedMultiStore struct {
	tracedStore
	multi eventstore.MultiStreamAppender
}

func (s tracedMultiStore) AppendStreams(ctx context.Context, appends []eventstore.StreamAppend) ([]eventstore.AppendResult, error) {
	streams := make([]string, len(appends))
	stamped := make([]eventstore.StreamAppend, len(appends))
	events := 0
	for i, a := range appends {
		streams[i], events = a.Stream, events+len(a.Events)
		a.Events = stampTraceParent(ctx, a.Events)
		stamped[i] = a
	}
	ctx, span := s.t.tracer.Start(ctx, "eventstore.append", trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attrStreams.StringSlice(streams), attrEvents.Int(events)))
	defer span.End()
	res, err := s.multi.AppendStreams(ctx, stamped)
	var last eventstore.AppendResult
	if len(res) > 0 {
		last = res[len(res)-1]
	}
	endAppendSpan(span, err, last)
	return res, err
}

// endAppendSpan records where the append landed, or its error; a lost
// race (a conflict) is an answer the command retries, not a failure of
// the store.
func endAppendSpan(span trace.Span, err error, res eventstore.AppendResult) {
	switch {
	case err == nil:
		span.SetAttributes(attrPosition.String(res.Position.String()), attrVersion.Int64(int64(res.Version)))
	case errors.Is(err, domain.ErrConflict):
		span.SetAttributes(attribute.Bool("opsledger.eventstore.conflict", true))
	default:
		span.RecordError(err)
		span.SetStatus(codes.Error, "append failed")
	}
}

// stampTraceParent returns events, copied, with the traceparent of ctx's
// sampled span in each envelope that has none yet. Unsampled or without
// a span, events are returned as they are: a link to a trace nobody
// recorded leads nowhere.
func stampTraceParent(ctx context.Context, events []eventstore.EventData) []eventstore.EventData {
	sc := trace.SpanContextFromContext(ctx)
	if !sc.IsValid() || !sc.IsSampled() {
		return events
	}
	carrier := propagation.MapCarrier{}
	propagation.TraceContext{}.Inject(ctx, carrier)
	parent := carrier.Get("traceparent")
	out := make([]eventstore.EventData, len(events))
	for i, e := range events {
		if e.Metadata.TraceParent == "" {
			e.Metadata.TraceParent = parent
		}
		out[i] = e
	}
	return out
}
