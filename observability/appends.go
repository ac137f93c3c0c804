package observability

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// storeMetrics observe the event store's appends.
type storeMetrics struct {
	latency   prometheus.Histogram
	appended  *prometheus.CounterVec
	conflicts *prometheus.CounterVec
}

func newStoreMetrics() storeMetrics {
	return storeMetrics{
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "opsledger_eventstore_append_duration_seconds", Help: "Event store append latency.",
			Buckets: prometheus.ExponentialBuckets(0.0002, 2, 16),
		}),
		appended: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "opsledger_events_appended_total", Help: "Events appended to the event store, by stream category (customer, order, ...).",
		}, []string{"category"}),
		conflicts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "opsledger_eventstore_append_conflicts_total", Help: "Appends that found their stream moved on (a lost race, retried by the command), by stream category.",
		}, []string{"category"}),
	}
}

func (s storeMetrics) register(r *prometheus.Registry) {
	r.MustRegister(s.latency, s.appended, s.conflicts)
}

// TimeAppends returns store with each Append observed: its latency in
// opsledger_eventstore_append_duration_seconds, the events it wrote in
// opsledger_events_appended_total and a lost race in
// opsledger_eventstore_append_conflicts_total.
//
// A store with an atomic multi-stream append keeps it, observed too:
// hiding it would turn the command side's joint appends into sequential
// ones.
func (m *Metrics) TimeAppends(store eventstore.Store) eventstore.Store {
	if multi, ok := eventstore.AtomicMultiStream(store); ok {
		return timedMultiStore{timedStore{store, m.store}, multi}
	}
	return timedStore{store, m.store}
}

// timedMultiStore is timedStore for a store with an atomic multi-stream
// append.
type timedMultiStore struct {
	timedStore
	multi eventstore.MultiStreamAppender
}

// AppendStreams observes a joint append as one append, its events and a
// lost race under the category of its first stream.
func (s timedMultiStore) AppendStreams(ctx context.Context, appends []eventstore.StreamAppend) ([]eventstore.AppendResult, error) {
	start := time.Now()
	res, err := s.multi.AppendStreams(ctx, appends)
	s.metrics.latency.Observe(time.Since(start).Seconds())
	switch {
	case err == nil:
		for _, a := range appends {
			s.metrics.appended.WithLabelValues(category(a.Stream)).Add(float64(len(a.Events)))
		}
	case errors.Is(err, domain.ErrConflict) && len(appends) > 0:
		s.metrics.conflicts.WithLabelValues(category(appends[0].Stream)).Inc()
	}
	return res, err
}

// timedStore observes appends for /metrics.
type timedStore struct {
	eventstore.Store
	metrics storeMetrics
}

func (s timedStore) Append(ctx context.Context, stream string, expected eventstore.ExpectedVersion, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	start := time.Now()
	res, err := s.Store.Append(ctx, stream, expected, events...)
	s.metrics.latency.Observe(time.Since(start).Seconds())
	switch {
	case err == nil:
		s.metrics.appended.WithLabelValues(category(stream)).Add(float64(len(events)))
	case errors.Is(err, domain.ErrConflict):
		s.metrics.conflicts.WithLabelValues(category(stream)).Inc()
	}
	return res, err
}

// category is the aggregate type a stream belongs to: its name up to the
// first "-" ("order-o-1" is "order"), a label of few values.
func category(stream string) string {
	c, _, _ := strings.Cut(stream, "-")
	return c
}
