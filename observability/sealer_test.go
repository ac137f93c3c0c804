package observability_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/observability"
)

// Given a seal of three events recorded 0.2 s, 1.5 s and 3 s before its
// checkpoint was committed, when /metrics is scraped, then each event's
// wait is in the seal-lag histogram, the tree size and the seal time are
// shown, and an event stamped after the commit (another clock) counts as
// no wait, never a negative one.
func TestMetrics_SealLag(t *testing.T) {
	m := observability.NewMetrics(nil)
	committed := time.Unix(1_800_000_000, 0)
	recorded := func(ago time.Duration) eventstore.Recorded {
		return eventstore.Recorded{RecordedAt: committed.Add(-ago)}
	}
	m.ObserveSeal([]eventstore.Recorded{recorded(200 * time.Millisecond), recorded(1500 * time.Millisecond), recorded(3 * time.Second)}, 40, committed)
	m.ObserveSeal([]eventstore.Recorded{recorded(-time.Second)}, 41, committed)
	has(t, scrape(t, m),
		`opsledger_log_seal_lag_seconds_bucket{le="0.01"} 1`,
		`opsledger_log_seal_lag_seconds_bucket{le="0.32"} 2`,
		`opsledger_log_seal_lag_seconds_bucket{le="2.56"} 3`,
		`opsledger_log_seal_lag_seconds_count 4`,
		`opsledger_log_sealed_events_total 4`,
		`opsledger_log_tree_size 41`,
		`opsledger_log_last_seal_timestamp_seconds 1.8e+09`)
}
