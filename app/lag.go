package app

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/opsledger/opsledger/projections"
)

// lagCollector reports each projection's lag when Prometheus scrapes.
type lagCollector struct {
	a                       *App
	events, seconds, parked *prometheus.Desc
}

func newLagCollector(a *App) *lagCollector {
	return &lagCollector{
		a:       a,
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

func (c *lagCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, p := range c.a.Projections {
		st, err := projections.ReadStatus(ctx, c.a.Pool, c.a.Store, c.a.Config.ReadNamespace, p, c.a.Config.Now())
		if err != nil {
			continue
		}
		ch <- prometheus.MustNewConstMetric(c.events, prometheus.GaugeValue, float64(st.LagEvents), p.Name())
		ch <- prometheus.MustNewConstMetric(c.seconds, prometheus.GaugeValue, st.LagSeconds, p.Name())
		ch <- prometheus.MustNewConstMetric(c.parked, prometheus.GaugeValue, float64(st.Parked), p.Name())
	}
}
