package main

import (
	"context"
	"fmt"
	"io"

	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/opsledger/opsledger/observability"
)

// benchTracing is the tracing of `opsbench http --tracing MODE`, every
// mode but off sampling every request and batching its spans as a server
// with OTEL_TRACES_EXPORTER set does, with no collector to send to:
//
//   - off: no tracing, as a server with no OTEL_* variables runs;
//   - sampled: the spans are made and batched, then dropped unencoded
//     (the cost of tracing in the server itself);
//   - console: the spans are also encoded as JSON, as the console exporter
//     writes them, and thrown away (OTLP's protobuf encoding costs less).
func benchTracing(mode string) (*observability.Tracing, error) {
	var exp sdktrace.SpanExporter
	switch mode {
	case "off":
		return nil, nil
	case "sampled":
		exp = dropSpans{}
	case "console":
		var err error
		if exp, err = stdouttrace.New(stdouttrace.WithWriter(io.Discard)); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("--tracing must be off, sampled or console, not %q", mode)
	}
	return observability.NewTracing(sdktrace.NewTracerProvider(
		sdktrace.WithSampler(sdktrace.AlwaysSample()), sdktrace.WithBatcher(exp))), nil
}

// dropSpans is an exporter that exports nothing.
type dropSpans struct{}

func (dropSpans) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (dropSpans) Shutdown(context.Context) error                             { return nil }

// flushBenchTracing stops t's exporter after the run.
func flushBenchTracing(ctx context.Context, t *observability.Tracing) {
	t.Shutdown(ctx) //nolint:errcheck // the figures are out already
}
