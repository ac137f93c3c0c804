package observability

import (
	"context"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// ProjectionLag is how far one projection is behind the event log.
type ProjectionLag struct {
	Projection string
	// Events counts events the projection has yet to apply (capped at
	// 10,000); Seconds is the age of the oldest of them.
	Events  int
	Seconds float64
	// Parked counts events parked as poison, blocking the projection.
	Parked int
}

// LagReader reports the lag of every projection whose status it could
// read: a projection it could not is left out of that scrape, not
// reported as zero.
type LagReader func(ctx context.Context) []ProjectionLag

// cacheLags returns read behind a cache: a reading serves every call for
// ttl (DefaultLagTTL when not positive), and concurrent calls while it is
// stale wait for one reading instead of each querying.
func cacheLags(read LagReader, ttl time.Duration, now func() time.Time) LagReader {
	if ttl <= 0 {
		ttl = DefaultLagTTL
	}
	if now == nil {
		now = time.Now
	}
	var (
		mu     sync.Mutex
		at     time.Time
		cached []ProjectionLag
	)
	return func(ctx context.Context) []ProjectionLag {
		mu.Lock()
		defer mu.Unlock()
		if at.IsZero() || now().Sub(at) >= ttl {
			cached, at = read(ctx), now()
		}
		return cached
	}
}

// lagCollector reports each projection's lag when Prometheus scrapes.
type lagCollector struct {
	read                    LagReader
	events, seconds, parked *prometheus.Desc
}

func newLagCollector(read LagReader) *lagCollector {
	return &lagCollector{
		read:    read,
		events:  prometheus.NewDesc("opsledger_projection_lag_events", "Events a projection has yet to apply (capped at 10000).", []string{"projection"}, nil),
		seconds: prometheus.NewDesc("opsledger_projection_lag_seconds", "Age of the oldest event a projection has yet to apply.", []string{"projection"}, nil),
		parked:  prometheus.NewDesc("opsledger_projection_parked_events", "Events parked as poison, blocking a projection.", []string{"projection"}, nil),
	}
}

func (c *lagCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.events
	ch <- c.seconds
	ch <- c.parked
}

// Collect reads the lags (through the cache NewMetricsWith puts in
// front), bounded so a slow database cannot hold the scrape forever.
func (c *lagCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, l := range c.read(ctx) {
		ch <- prometheus.MustNewConstMetric(c.events, prometheus.GaugeValue, float64(l.Events), l.Projection)
		ch <- prometheus.MustNewConstMetric(c.seconds, prometheus.GaugeValue, l.Seconds, l.Projection)
		ch <- prometheus.MustNewConstMetric(c.parked, prometheus.GaugeValue, float64(l.Parked), l.Projection)
	}
}
