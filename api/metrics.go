package api

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
	// Append observes event store append latency; cmd wires it around
	// the store.
	Append prometheus.Histogram
}

// NewMetrics registers the HTTP and append metrics, and lag, a collector
// for projection lag that cmd provides (nil: none).
func NewMetrics(lag prometheus.Collector) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "opsledger_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
		}, []string{"method", "route", "status"}),
		Append: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "opsledger_eventstore_append_duration_seconds", Help: "Event store append latency.",
			Buckets: prometheus.ExponentialBuckets(0.0002, 2, 16),
		}),
	}
	m.registry.MustRegister(m.requests, m.Append, prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	if lag != nil {
		m.registry.MustRegister(lag)
	}
	return m
}

func (m *Metrics) handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

func (m *Metrics) middleware(next http.Handler) http.Handler {
	if m == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		// requestLog has wrapped w already: reuse its wrapper.
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
