package observability

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// Tracing is the process's OpenTelemetry tracing (rule OPS-tracing): an
// HTTP server span per request, and, through the global tracer provider
// it installs, the command, append and read-model spans of the packages
// that instrument themselves. A nil *Tracing is tracing off: its methods
// change nothing, so the composition root wires it unconditionally.
type Tracing struct {
	tracer     trace.Tracer // of the spans this package starts
	propagator propagation.TextMapPropagator
	shutdown   func(context.Context) error
}

// DefaultServiceName names the service in its spans' resource unless
// OTEL_SERVICE_NAME (or service.name in OTEL_RESOURCE_ATTRIBUTES) says
// otherwise.
const DefaultServiceName = "opsledger"

// StartTracing starts tracing as the standard OTEL_* variables say, or
// returns nil (off) when they do not ask for it. Unlike the
// specification, whose default exporter is otlp, an unset
// OTEL_TRACES_EXPORTER is off here: a server nobody configured for
// tracing pays nothing for it and sends nothing anywhere.
//
//   - OTEL_SDK_DISABLED=true, OTEL_TRACES_EXPORTER unset or "none": off.
//   - OTEL_TRACES_EXPORTER=otlp: OTLP to OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT
//     over OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL, "http/protobuf" (the
//     default) or "grpc"; the exporter reads its other OTEL_EXPORTER_OTLP_*
//     variables (headers, timeout, certificates) itself.
//   - OTEL_TRACES_EXPORTER=console: spans as JSON on standard output, for
//     debugging. Several exporters may be listed, comma-separated.
//   - OTEL_TRACES_SAMPLER(_ARG) are read by the SDK (default: parentbased_always_on).
//   - OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES name the service
//     (default service.name: opsledger).
//
// getenv answers the variables that turn tracing on and choose the
// exporters (OTEL_SDK_DISABLED, OTEL_TRACES_EXPORTER,
// OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL); the SDK and the OTLP exporter
// read the others from the process environment themselves. Shutdown
// flushes the spans still queued.
func StartTracing(ctx context.Context, getenv func(string) string) (*Tracing, error) {
	return startTracing(ctx, getenv, os.Stdout)
}

func startTracing(ctx context.Context, getenv func(string) string, console io.Writer) (*Tracing, error) {
	names := exporterNames(getenv)
	if len(names) == 0 || strings.EqualFold(strings.TrimSpace(getenv("OTEL_SDK_DISABLED")), "true") {
		return nil, nil
	}
	var exporters []sdktrace.SpanExporter
	for _, name := range names {
		exp, err := newExporter(ctx, name, getenv, console)
		if err != nil {
			shutdownAll(ctx, exporters)
			return nil, err
		}
		exporters = append(exporters, exp)
	}
	res, err := resource.New(ctx,
		resource.WithAttributes(attribute.String("service.name", DefaultServiceName)),
		resource.WithFromEnv(), resource.WithTelemetrySDK())
	if err != nil {
		shutdownAll(ctx, exporters)
		return nil, fmt.Errorf("OTEL_RESOURCE_ATTRIBUTES: %w", err)
	}
	opts := []sdktrace.TracerProviderOption{sdktrace.WithResource(res)}
	for _, exp := range exporters {
		opts = append(opts, sdktrace.WithBatcher(exp))
	}
	return NewTracing(sdktrace.NewTracerProvider(opts...)), nil
}

// exporterNames lists OTEL_TRACES_EXPORTER's exporters; none when it is
// unset or "none".
func exporterNames(getenv func(string) string) []string {
	var names []string
	for _, n := range strings.Split(getenv("OTEL_TRACES_EXPORTER"), ",") {
		n = strings.ToLower(strings.TrimSpace(n))
		if n == "none" {
			return nil
		}
		if n != "" {
			names = append(names, n)
		}
	}
	return names
}

func newExporter(ctx context.Context, name string, getenv func(string) string, console io.Writer) (sdktrace.SpanExporter, error) {
	switch name {
	case "otlp":
		return newOTLPExporter(ctx, getenv)
	case "console":
		return stdouttrace.New(stdouttrace.WithWriter(console))
	}
	return nil, fmt.Errorf("OTEL_TRACES_EXPORTER: unsupported exporter %q (otlp, console or none)", name)
}

func newOTLPExporter(ctx context.Context, getenv func(string) string) (sdktrace.SpanExporter, error) {
	protocol := strings.TrimSpace(getenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"))
	if protocol == "" {
		protocol = strings.TrimSpace(getenv("OTEL_EXPORTER_OTLP_PROTOCOL"))
	}
	switch protocol {
	case "", "http/protobuf":
		return otlptracehttp.New(ctx)
	case "grpc":
		return otlptracegrpc.New(ctx)
	}
	return nil, fmt.Errorf("OTEL_EXPORTER_OTLP_PROTOCOL: unsupported protocol %q (http/protobuf or grpc)", protocol)
}

func shutdownAll(ctx context.Context, exporters []sdktrace.SpanExporter) {
	for _, exp := range exporters {
		exp.Shutdown(ctx) //nolint:errcheck // giving up anyway
	}
}

// NewTracing traces with provider (an SDK provider, or a recorder's in
// tests): it becomes the global tracer provider, and W3C trace context
// and baggage the global propagator, so the packages that trace through
// the otel API (commands, projections) report to it. A provider with a
// Shutdown method is shut down by Tracing.Shutdown.
func NewTracing(provider trace.TracerProvider) *Tracing {
	t := &Tracing{
		tracer:     provider.Tracer("github.com/opsledger/opsledger/observability"),
		propagator: propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}),
		shutdown:   func(context.Context) error { return nil },
	}
	if s, ok := provider.(interface{ Shutdown(context.Context) error }); ok {
		t.shutdown = s.Shutdown
	}
	otel.SetTracerProvider(provider)
	otel.SetTextMapPropagator(t.propagator)
	return t
}

// Enabled reports whether t traces (false for nil: tracing off).
func (t *Tracing) Enabled() bool { return t != nil }

// Shutdown flushes the queued spans and stops the exporters; ctx bounds
// the wait.
func (t *Tracing) Shutdown(ctx context.Context) error {
	if t == nil {
		return nil
	}
	if err := t.shutdown(ctx); err != nil {
		return fmt.Errorf("flush traces: %w", err)
	}
	return nil
}
