package observability_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/observability"
)

// envOf answers the variables in vars, and "" for every other.
func envOf(vars ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(vars); i += 2 {
		m[vars[i]] = vars[i+1]
	}
	return func(k string) string { return m[k] }
}

// collector is an OTLP/HTTP endpoint that counts the trace exports it
// receives.
type collector struct {
	srv     *httptest.Server
	exports atomic.Int64
	path    atomic.Value
}

func newCollector(t *testing.T) *collector {
	c := &collector{}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.path.Store(r.URL.Path + " " + r.Header.Get("Content-Type"))
		c.exports.Add(1)
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	t.Cleanup(c.srv.Close)
	return c
}

// probe starts and ends a span through the global provider, as the
// instrumented packages do.
func probe() {
	_, span := otel.Tracer("probe").Start(context.Background(), "probe")
	span.End()
}

// handlerStruct is a comparable handler, so a test can tell that a
// middleware returned it unwrapped.
type handlerStruct struct{}

func (*handlerStruct) ServeHTTP(http.ResponseWriter, *http.Request) {}

// Given no OTEL_* variable (or OTEL_TRACES_EXPORTER=none, or the SDK
// disabled), when tracing is started, then it is off: no provider is
// installed, nothing is exported although an OTLP endpoint is set, and the
// off Tracing wraps neither handlers nor stores.
func TestStartTracing_OffByDefault(t *testing.T) {
	c := newCollector(t)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", c.srv.URL)
	for name, getenv := range map[string]func(string) string{
		"no variables":  envOf(),
		"exporter none": envOf("OTEL_TRACES_EXPORTER", "none"),
		"sdk disabled":  envOf("OTEL_TRACES_EXPORTER", "otlp", "OTEL_SDK_DISABLED", "true"),
	} {
		t.Run(name, func(t *testing.T) {
			before := otel.GetTracerProvider()
			tr, err := observability.StartTracing(context.Background(), getenv)
			if err != nil || tr != nil {
				t.Fatalf("StartTracing = %v, %v; want nil, nil (off)", tr, err)
			}
			if otel.GetTracerProvider() != before {
				t.Fatal("tracing off installed a tracer provider")
			}
			probe()
			if err := tr.Shutdown(context.Background()); err != nil {
				t.Fatalf("off Shutdown: %v", err)
			}
			if tr.Enabled() {
				t.Error("off tracing says it is enabled")
			}
			next := &handlerStruct{}
			if h := tr.Middleware(next); h != http.Handler(next) {
				t.Error("off tracing wrapped the handler")
			}
			store := memory.New()
			if s := tr.TraceAppends(store); s != eventstore.Store(store) {
				t.Error("off tracing wrapped the store")
			}
		})
	}
	if n := c.exports.Load(); n != 0 {
		t.Fatalf("the OTLP endpoint received %d exports with tracing off, want 0", n)
	}
}

// Given OTEL_TRACES_EXPORTER=console, when a span ends and tracing shuts
// down, then the span is written out under service.name opsledger, or
// under OTEL_SERVICE_NAME when set.
func TestStartTracing_Console(t *testing.T) {
	for _, tt := range []struct{ serviceName, want string }{
		{"", `"Value":"opsledger"`},
		{"ledger-east", `"Value":"ledger-east"`},
	} {
		t.Run("service "+tt.want, func(t *testing.T) {
			t.Setenv("OTEL_SERVICE_NAME", tt.serviceName)
			var out bytes.Buffer
			tr, err := observability.StartTracingTo(context.Background(), envOf("OTEL_TRACES_EXPORTER", "console"), &out)
			if err != nil || tr == nil {
				t.Fatalf("StartTracing = %v, %v; want tracing on", tr, err)
			}
			probe()
			if err := tr.Shutdown(context.Background()); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), `"Name":"probe"`) || !strings.Contains(out.String(), tt.want) {
				t.Fatalf("console output lacks the span or %s:\n%s", tt.want, out.String())
			}
		})
	}
}

// Given OTEL_TRACES_EXPORTER=otlp and OTEL_EXPORTER_OTLP_ENDPOINT, when a
// span ends and tracing shuts down, then the span is exported there over
// OTLP/HTTP protobuf (the default protocol), flushed by Shutdown.
func TestStartTracing_OTLPHTTP(t *testing.T) {
	c := newCollector(t)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", c.srv.URL)
	tr, err := observability.StartTracing(context.Background(), envOf("OTEL_TRACES_EXPORTER", "otlp"))
	if err != nil || tr == nil {
		t.Fatalf("StartTracing = %v, %v; want tracing on", tr, err)
	}
	probe()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := tr.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if c.exports.Load() == 0 {
		t.Fatal("nothing exported to the OTLP endpoint")
	}
	if got := c.path.Load(); got != "/v1/traces application/x-protobuf" {
		t.Fatalf("export went to %q, want /v1/traces application/x-protobuf", got)
	}
}

// Given OTEL_EXPORTER_OTLP_PROTOCOL=grpc, tracing starts (the gRPC
// exporter connects lazily) and shuts down.
func TestStartTracing_OTLPGRPC(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1")
	tr, err := observability.StartTracing(context.Background(),
		envOf("OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"))
	if err != nil || tr == nil {
		t.Fatalf("StartTracing = %v, %v; want tracing on", tr, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := tr.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
}

// Given an exporter or protocol it does not support, tracing refuses to
// start and names the variable.
func TestStartTracing_RefusesUnsupported(t *testing.T) {
	for _, tt := range []struct {
		env  func(string) string
		want string
	}{
		{envOf("OTEL_TRACES_EXPORTER", "zipkin"), "OTEL_TRACES_EXPORTER"},
		{envOf("OTEL_TRACES_EXPORTER", "otlp,jaeger"), "OTEL_TRACES_EXPORTER"},
		{envOf("OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL", "http/json"), "OTEL_EXPORTER_OTLP_PROTOCOL"},
		{envOf("OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "udp"), "OTEL_EXPORTER_OTLP_PROTOCOL"},
	} {
		tr, err := observability.StartTracing(context.Background(), tt.env)
		if err == nil || tr != nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("StartTracing(%s) = %v, %v; want an error naming %s", tt.want, tr, err, tt.want)
		}
	}
}

// otelTracer is a tracer of the global provider, which recording installs.
func otelTracer() trace.Tracer { return otel.Tracer("test") }
