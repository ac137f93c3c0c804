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
	"github.com/opsledger/opsledger/internal/cputime"
	"github.com/opsledger/opsledger/projections"
)

// timedProjection measures the wall time a projection spends in Apply
// (its statements' round trips and server time, not the engine's
// checkpoint and commit), to tell which read model holds a batch up.
// Writes a live runner defers to the commit (tables.Write, a small audit
// batch) are not in it; a rebuild's large batches are.
type timedProjection struct {
	projections.Projection
	nanos, events, batches *atomic.Int64
	// pid is the server process applying the projection's batches: the
	// engine writes each projection through one connection of its own.
	pid *atomic.Int64
	// cpu0 is that process's CPU time when first seen: a pool
	// connection may have served other work before.
	cpu0 *atomic.Int64
}

// Version and Indexes pass on what the wrapped projection declares: the
// engine finds them by type assertion, and a wrapper that hid them would
// build version-1 tables without query indexes, or stand by beside a
// generation the real projection built.
func (t timedProjection) Version() int { return projections.VersionOf(t.Projection) }

func (t timedProjection) Indexes(ctx context.Context, tx pgx.Tx) error {
	if ix, ok := t.Projection.(projections.Indexer); ok {
		return ix.Indexes(ctx, tx)
	}
	return nil
}

// IndexBuilds passes on the wrapped projection's statements, so the
// rebuild builds them apart as it does unwrapped (none: built by Indexes).
func (t timedProjection) IndexBuilds() []string {
	if ib, ok := t.Projection.(projections.IndexBuilds); ok {
		return ib.IndexBuilds()
	}
	return nil
}

func (t timedProjection) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	if t.pid.Load() == 0 {
		var pid int64
		if err := tx.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid); err == nil {
			cpu0, _ := cputime.Of(int(pid))
			t.cpu0.Store(int64(cpu0))
			t.pid.Store(pid)
		}
	}
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
		t := timedProjection{p, new(atomic.Int64), new(atomic.Int64), new(atomic.Int64), new(atomic.Int64), new(atomic.Int64)}
		ts = append(ts, t)
		a.Projections[i] = t
	}
	return func(results map[string]float64) {
		sort.Slice(ts, func(i, j int) bool { return ts[i].nanos.Load() > ts[j].nanos.Load() })
		fmt.Printf("%-22s %10s %12s %10s %8s %12s\n", "read model", "apply s", "server cpu s", "events", "batches", "events/s")
		for _, t := range ts {
			secs := time.Duration(t.nanos.Load()).Seconds()
			now, _ := cputime.Of(int(t.pid.Load()))
			cpu := (now - time.Duration(t.cpu0.Load())).Seconds()
			fmt.Printf("%-22s %10.2f %12.2f %10d %8d %12.0f\n", t.Name(), secs, cpu, t.events.Load(), t.batches.Load(), float64(t.events.Load())/secs)
			results["apply_seconds_"+t.Name()], results["server_cpu_seconds_"+t.Name()] = secs, cpu
		}
	}
}

// databaseCPU sums the CPU seconds of every server process of the
// benchmark's database.
func databaseCPU(ctx context.Context, a *app.App) float64 {
	rows, err := a.Pool.Query(ctx, "SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
	if err != nil {
		return 0
	}
	pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		return 0
	}
	return cputime.Sum(pids).Seconds()
}
