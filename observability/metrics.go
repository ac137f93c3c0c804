// Package observability is what opsledger tells Prometheus: HTTP request
// latency by route and numeric status code, commands by name and outcome,
// rate-limit rejections, event store appends, conflicts and latency,
// projection lag, the sealer's lag, the database connection pool and the build, in a
// registry of their own served at /metrics. The composition root wires
// them around the API and the store; neither knows Prometheus.
package observability

import (
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the Prometheus metrics the server exposes at /metrics.
type Metrics struct {
	registry    *prometheus.Registry
	requests    *prometheus.HistogramVec
	commands    *prometheus.CounterVec
	replays     prometheus.Counter
	rateLimited *prometheus.CounterVec
	store       storeMetrics
	seal        sealMetrics
}

// Options configure NewMetricsWith.
type Options struct {
	// Lags reports the projections' lag (nil: none reported).
	Lags LagReader
	// LagTTL is how long a reading of the lags serves scrapes; every
	// reading costs one status query per projection (default
	// DefaultLagTTL).
	LagTTL time.Duration
	// Now is the clock of the lag cache (default time.Now).
	Now func() time.Time
	// Pool reports the database connection pool (nil: none reported).
	Pool PoolReader
}

// DefaultLagTTL keeps a reading of the projections' lag for five seconds:
// scrapes more often than that (several Prometheus servers, a dashboard
// refreshing) cost no status query.
const DefaultLagTTL = 5 * time.Second

// NewMetrics registers the metrics with the lag of the projections lags
// reports (nil: none), read at most once per DefaultLagTTL.
func NewMetrics(lags LagReader) *Metrics { return NewMetricsWith(Options{Lags: lags}) }

// NewMetricsWith registers the HTTP, command, store, build, Go and process
// metrics, and the lag and pool collectors opts names.
func NewMetricsWith(opts Options) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "opsledger_http_request_duration_seconds", Help: "HTTP request latency by method, route and numeric status code.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
		}, []string{"method", "route", "code"}),
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "opsledger_commands_total", Help: "Commands answered, by command and outcome (ok, replayed, or the problem kind).",
		}, []string{"command", "outcome"}),
		replays: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "opsledger_idempotent_replays_total", Help: "Commands answered from an earlier command with the same idempotency key.",
		}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "opsledger_rate_limit_rejections_total", Help: "Requests refused with 429, by limit (client or address).",
		}, []string{"limit"}),
		store: newStoreMetrics(),
		seal:  newSealMetrics(),
	}
	m.registry.MustRegister(m.requests, m.commands, m.replays, m.rateLimited)
	m.store.register(m.registry)
	m.seal.register(m.registry)
	m.registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewBuildInfoCollector(), newBuildInfo())
	if opts.Lags != nil {
		m.registry.MustRegister(newLagCollector(cacheLags(opts.Lags, opts.LagTTL, opts.Now)))
	}
	if opts.Pool != nil {
		m.registry.MustRegister(newPoolCollector(opts.Pool))
	}
	return m
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// Middleware observes each request's latency under its method, chi route
// pattern and numeric status code (so code=~"5.." selects server errors).
// The route is read after the handler ran, when chi has matched it; a
// request no route matched counts as "unmatched".
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		// The api's request log has wrapped w already: reuse its wrapper
		// instead of allocating another per request.
		ww, ok := w.(middleware.WrapResponseWriter)
		if !ok {
			ww = middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		}
		next.ServeHTTP(ww, r)
		route := chi.RouteContext(r.Context()).RoutePattern()
		if route == "" {
			route = "unmatched"
		}
		m.requests.WithLabelValues(r.Method, route, codeLabel(ww.Status())).Observe(time.Since(start).Seconds())
	})
}

// CountCommand counts one answered command under its outcome: "ok",
// "replayed" (also counted as an idempotent replay) or the kind of the
// problem it was answered with.
func (m *Metrics) CountCommand(name, outcome string) {
	m.commands.WithLabelValues(name, outcome).Inc()
	if outcome == OutcomeReplayed {
		m.replays.Inc()
	}
}

// CountRateLimited counts one request refused by limit ("client" or
// "address").
func (m *Metrics) CountRateLimited(limit string) { m.rateLimited.WithLabelValues(limit).Inc() }

// OutcomeReplayed is the outcome of a command answered from an earlier one
// with the same idempotency key.
const OutcomeReplayed = "replayed"

// codeLabels are the status codes as label values, made once: the
// middleware allocates nothing per request for them.
var codeLabels = func() (out [600]string) {
	for c := range out {
		out[c] = strconv.Itoa(c)
	}
	return out
}()

// codeLabel is status as a label; a handler that wrote nothing answered
// 200, which the wrapper reports as 0.
func codeLabel(status int) string {
	if status == 0 {
		status = http.StatusOK
	}
	if status > 0 && status < len(codeLabels) {
		return codeLabels[status]
	}
	return strconv.Itoa(status)
}
