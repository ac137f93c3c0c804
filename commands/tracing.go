package commands

import (
	"context"
	"errors"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/opsledger/opsledger/domain"
)

// Attributes of a command's span (rule OPS-tracing).
const (
	attrCommand = attribute.Key("opsledger.command")
	attrStream  = attribute.Key("opsledger.stream")
	attrOutcome = attribute.Key("opsledger.command.outcome")
	attrRetries = attribute.Key("opsledger.command.conflict_retries")
)

// tracerName names the tracer of the command spans.
const tracerName = "github.com/opsledger/opsledger/commands"

// startCommandSpan starts the span of one command on stream, named by
// m.Command or, for a command that has no name (reactions, upgrades), by
// the aggregate it changes. The tracer is the global provider's (the
// composition root installs one when tracing is on; otherwise it is the
// no-op one), looked up per command so a provider installed later, or
// replaced in tests, is the one used.
func startCommandSpan(ctx context.Context, m Meta, subject, stream string) (context.Context, trace.Span) {
	name := m.Command
	if name == "" {
		name = subject
	}
	ctx, span := otel.GetTracerProvider().Tracer(tracerName).Start(ctx, "command "+name)
	if span.IsRecording() {
		span.SetAttributes(attrCommand.String(name), attrStream.String(stream), attrRetries.Int(0))
	}
	return ctx, span
}

// noteRetry records on the command's span (ctx's) that the command lost
// its retries-th race and decides again.
func noteRetry(ctx context.Context, retries int) {
	if span := trace.SpanFromContext(ctx); span.IsRecording() {
		span.SetAttributes(attrRetries.Int(retries))
	}
}

// endCommandSpan records the command's outcome and ends its span. Only a
// failure of the server (a store error) marks the span as an error: a
// refusal is an answer.
func endCommandSpan(span trace.Span, res Result, err error) {
	if span.IsRecording() {
		outcome := commandOutcome(res, err)
		span.SetAttributes(attrOutcome.String(outcome))
		if outcome == "error" {
			span.RecordError(err)
			span.SetStatus(codes.Error, "command failed")
		}
	}
	span.End()
}

// commandOutcome names what became of a command: "ok", "replayed",
// "unchanged" (nothing to record), the kind of its refusal, or "error".
func commandOutcome(res Result, err error) string {
	switch {
	case err == nil && res.Replayed:
		return "replayed"
	case err == nil && res.Events == 0:
		return "unchanged"
	case err == nil:
		return "ok"
	case errors.Is(err, ErrStaleVersion):
		return "stale-version"
	case errors.Is(err, domain.ErrConflict):
		return "conflict"
	case errors.Is(err, domain.ErrRejected):
		return "rejected"
	case errors.Is(err, domain.ErrInvalid):
		return "invalid"
	case errors.Is(err, domain.ErrForbidden):
		return "forbidden"
	case errors.Is(err, domain.ErrNotFound):
		return "not-found"
	}
	return "error"
}
