package observability

import (
	"github.com/prometheus/client_golang/prometheus"
)

// PoolStats is what the database connection pool reports.
type PoolStats struct {
	Acquired, Idle, Total, Max, Constructing int32
	// AcquireCount, EmptyAcquireCount and CanceledAcquireCount count
	// since the pool opened; AcquireSeconds is their total wait.
	AcquireCount, EmptyAcquireCount, CanceledAcquireCount int64
	AcquireSeconds                                        float64
}

// PoolReader reads the pool's statistics; it must be cheap (no query).
type PoolReader func() PoolStats

// poolCollector reports the pool when Prometheus scrapes.
type poolCollector struct {
	read PoolReader
	poolDescs
}

type poolDescs struct {
	acquired, idle, total, max, constructing  *prometheus.Desc
	acquires, emptyAcquires, canceled, waited *prometheus.Desc
}

func newPoolCollector(read PoolReader) *poolCollector {
	d := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc("opsledger_db_pool_"+name, help, nil, nil)
	}
	return &poolCollector{read: read, poolDescs: poolDescs{
		acquired:      d("acquired_connections", "Connections in use."),
		idle:          d("idle_connections", "Idle connections."),
		total:         d("total_connections", "Open connections."),
		max:           d("max_connections", "The pool's maximum size."),
		constructing:  d("constructing_connections", "Connections being opened."),
		acquires:      d("acquires_total", "Connections acquired."),
		emptyAcquires: d("empty_acquires_total", "Acquisitions that had to wait for a connection (none was idle)."),
		canceled:      d("canceled_acquires_total", "Acquisitions canceled by their context."),
		waited:        d("acquire_seconds_total", "Time spent acquiring connections."),
	}}
}

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.acquired, c.idle, c.total, c.max, c.constructing, c.acquires, c.emptyAcquires, c.canceled, c.waited} {
		ch <- d
	}
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.read()
	gauge := func(d *prometheus.Desc, v float64) { ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v) }
	counter := func(d *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v)
	}
	gauge(c.acquired, float64(s.Acquired))
	gauge(c.idle, float64(s.Idle))
	gauge(c.total, float64(s.Total))
	gauge(c.max, float64(s.Max))
	gauge(c.constructing, float64(s.Constructing))
	counter(c.acquires, float64(s.AcquireCount))
	counter(c.emptyAcquires, float64(s.EmptyAcquireCount))
	counter(c.canceled, float64(s.CanceledAcquireCount))
	counter(c.waited, s.AcquireSeconds)
}
