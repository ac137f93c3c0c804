package observability

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/opsledger/opsledger/eventstore"
)

// TimeAppends returns store with the latency of each Append observed in
// opsledger_eventstore_append_duration_seconds. A store with an atomic
// multi-stream append keeps it (timed too): hiding it would turn the
// command side's joint appends into sequential ones.
func (m *Metrics) TimeAppends(store eventstore.Store) eventstore.Store {
	if multi, ok := store.(eventstore.MultiStreamAppender); ok {
		return timedMultiStore{timedStore{store, m.appends}, multi}
	}
	return timedStore{store, m.appends}
}

// timedMultiStore is timedStore for a store with MultiStreamAppender.
type timedMultiStore struct {
	timedStore
	multi eventstore.MultiStreamAppender
}

func (s timedMultiStore) AppendStreams(ctx context.Context, appends []eventstore.StreamAppend) ([]eventstore.AppendResult, error) {
	start := time.Now()
	res, err := s.multi.AppendStreams(ctx, appends)
	s.appends.Observe(time.Since(start).Seconds())
	return res, err
}

// timedStore observes append latency for /metrics.
type timedStore struct {
	eventstore.Store
	appends prometheus.Histogram
}

func (s timedStore) Append(ctx context.Context, stream string, expected eventstore.ExpectedVersion, events ...eventstore.EventData) (eventstore.AppendResult, error) {
	start := time.Now()
	res, err := s.Store.Append(ctx, stream, expected, events...)
	s.appends.Observe(time.Since(start).Seconds())
	return res, err
}
