package main

import (
	"context"
	"fmt"
	"sort"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/projections"
)

// timedProjection measures the wall time a projection spends in Apply
// (its statements' round trips and server time, not the engine's
// checkpoint and commit), to tell which read model holds a batch up.
type timedProjection struct {
	projections.Projection
	nanos, events, batches *atomic.Int64
}

func (t timedProjection) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	start := time.Now()
	err := t.Projection.Apply(ctx, tx, events)
	t.nanos.Add(int64(time.Since(start)))
	t.events.Add(int64(len(events)))
	t.batches.Add(1)
	return err
}

// timeProjections wraps every projection of a; report prints and records
// each one's Apply time.
func timeProjections(a *app.App) (report func(results map[string]float64)) {
	var ts []timedProjection
	for i, p := range a.Projections {
		t := timedProjection{p, new(atomic.Int64), new(atomic.Int64), new(atomic.Int64)}
		ts = append(ts, t)
		a.Projections[i] = t
	}
	return func(results map[string]float64) {
		sort.Slice(ts, func(i, j int) bool { return ts[i].nanos.Load() > ts[j].nanos.Load() })
		fmt.Printf("%-22s %10s %10s %8s %12s\n", "read model", "apply s", "events", "batches", "events/s")
		for _, t := range ts {
			secs := time.Duration(t.nanos.Load()).Seconds()
			fmt.Printf("%-22s %10.2f %10d %8d %12.0f\n", t.Name(), secs, t.events.Load(), t.batches.Load(), float64(t.events.Load())/secs)
			results["apply_seconds_"+t.Name()] = secs
		}
	}
}
