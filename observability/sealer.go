package observability

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/opsledger/opsledger/eventstore"
)

// sealMetrics observe the sealer of the verifiable log: how long events
// wait to be sealed, how large the sealed tree is, and when it was last
// sealed (a sealer that stopped shows as time() minus that growing while
// events are appended).
type sealMetrics struct {
	lag      prometheus.Histogram
	sealed   prometheus.Counter
	size     prometheus.Gauge
	sealedAt prometheus.Gauge
}

func newSealMetrics() sealMetrics {
	return sealMetrics{
		lag: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "opsledger_log_seal_lag_seconds", Help: "Time from an event's recording to the commit of the checkpoint that seals it.",
			Buckets: prometheus.ExponentialBuckets(0.01, 2, 12),
		}),
		sealed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "opsledger_log_sealed_events_total", Help: "Events sealed into the verifiable log by this process.",
		}),
		size: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "opsledger_log_tree_size", Help: "Leaves of the newest checkpoint this process signed.",
		}),
		sealedAt: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "opsledger_log_last_seal_timestamp_seconds", Help: "Unix time of the newest checkpoint this process signed.",
		}),
	}
}

func (s sealMetrics) register(r *prometheus.Registry) {
	r.MustRegister(s.lag, s.sealed, s.size, s.sealedAt)
}

// ObserveSeal records one committed seal of events into a tree of size
// leaves at committed: each event's wait since it was recorded, in
// opsledger_log_seal_lag_seconds.
func (m *Metrics) ObserveSeal(events []eventstore.Recorded, size uint64, committed time.Time) {
	for _, e := range events {
		m.seal.lag.Observe(max(0, committed.Sub(e.RecordedAt).Seconds()))
	}
	m.seal.sealed.Add(float64(len(events)))
	m.seal.size.Set(float64(size))
	m.seal.sealedAt.Set(float64(committed.UnixNano()) / 1e9)
}
