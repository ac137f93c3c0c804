// Package observability is what opsledger tells Prometheus: HTTP request
// latency by route, event store append latency and projection lag, in a
// registry of their own served at /metrics. The composition root wires
// them around the API and the store; neither knows Prometheus.
package observability

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the Prometheus metrics the server exposes at /metrics.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.HistogramVec
	appends  prometheus.Histogram
}

// NewMetrics registers the HTTP and append metrics, the Go and process
// collectors, and the lag of the projections lags reports (nil: none).
func NewMetrics(lags LagReader) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "opsledger_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
		}, []string{"method", "route", "status"}),
		appends: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "opsledger_eventstore_append_duration_seconds", Help: "Event store append latency.",
			Buckets: prometheus.ExponentialBuckets(0.0002, 2, 16),
		}),
	}
	m.registry.MustRegister(m.requests, m.appends, prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	if lags != nil {
		m.registry.MustRegister(newLagCollector(lags))
	}
	return m
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// Middleware observes each request's latency under its method, chi route
// pattern and status. The route is read after the handler ran, when chi
// has matched it; a request no route matched counts as "unmatched".
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
		m.requests.WithLabelValues(r.Method, route, http.StatusText(ww.Status())).Observe(time.Since(start).Seconds())
	})
}
