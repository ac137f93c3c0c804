package observability

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/opsledger/opsledger/eventstore"
)

// TimeAppends returns store with the latency of each Append observed in
// opsledger_eventstore_append_duration_seconds.
func (m *Metrics) TimeAppends(store eventstore.Store) eventstore.Store {
	return timedStore{store, m.appends}
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
