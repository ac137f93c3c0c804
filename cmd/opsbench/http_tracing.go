package main

import (
	"context"
	"fmt"
	"io"

	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/opsledger/opsledger/observability"
)

// benchTracing is the tracing of `opsbench http --tracing MODE`: "off"
// (nil, as a server with no OTEL_* variables runs), or "discard": every
// request sampled, its spans batched and encoded as the console exporter
// does and thrown away, so the figures carry the whole cost of tracing
// in this process without a collector to send to (OTLP's protobuf
// encoding is cheaper than this JSON).
func benchTracing(mode string) (*observability.Tracing, error) {
	switch mode {
	case "off":
		return nil, nil
	case "discard":
		exp, err := stdouttrace.New(stdouttrace.WithWriter(io.Discard))
		if err != nil {
			return nil, err
		}
		return observability.NewTracing(sdktrace.NewTracerProvider(
			sdktrace.WithSampler(sdktrace.AlwaysSample()), sdktrace.WithBatcher(exp))), nil
	}
	return nil, fmt.Errorf("--tracing must be off or discard, not %q", mode)
}

// flushBenchTracing stops t's exporter after the run.
func flushBenchTracing(ctx context.Context, t *observability.Tracing) {
	t.Shutdown(ctx) //nolint:errcheck // the figures are out already
}
