package main

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// measureColdOnly is --compare-cold-only: the streams touched (each long
// one gets its snapshot), the application restarted, and the first
// commands timed as measureStreams times them, without the load runs
// around them. A diagnostic for the cold command alone: its figures are
// cold_command_ms_10k and its baselines, nothing else.
func (c *comparison) measureColdOnly(ctx context.Context) error {
	noSnapshot, err := c.touchStreams(ctx)
	if err != nil {
		return err
	}
	if err := c.restart(ctx); err != nil {
		return err
	}
	if c.restartFirstMS, err = c.timeCommand(ctx, c.short[0]); err != nil {
		return err
	}
	k := min(coldSamples, len(c.long), len(c.short)-1)
	coldLong, err := c.medianCommand(ctx, c.long[:k])
	if err != nil {
		return err
	}
	coldShort, err := c.medianCommand(ctx, c.short[1:k+1])
	if err != nil {
		return err
	}
	if err := c.measureAloneBaselines(ctx, c.long[:k]); err != nil {
		return err
	}
	f := map[string]float64{"cold_command_ms_10k": coldLong, "cold_command_ms_10": coldShort,
		"first_command_ms_10k_no_snapshot": noSnapshot, "restart_first_command_ms": c.restartFirstMS,
		"warm_command_ms_10k": c.warmLongMS, "crud_alone_ms": c.plainAloneMS, "restart_ready_s": c.restartReadyS,
		"snapshot_every": float64(c.o.compare.snapshotEvery), "long_events": float64(c.o.compare.longEvents)}
	fmt.Printf("cold_command_ms_10k %.2f (10-event stream %.2f; first after restart %.2f; 10,000 events without a snapshot %.2f)\n"+
		"  warm command on the same long streams %.2f ms, plain service alone %.2f ms; restart ready after %.1f s\n",
		coldLong, coldShort, c.restartFirstMS, noSnapshot, c.warmLongMS, c.plainAloneMS, c.restartReadyS)
	return writeJSON(c.o.jsonOut, f)
}

// readyTimeout bounds the wait for a restarted instance's /readyz.
const readyTimeout = 10 * time.Minute

// awaitReady polls the instance's /readyz until it answers 200.
func awaitReady(ctx context.Context, env *httpEnv) error {
	deadline := time.Now().Add(readyTimeout)
	for {
		status, out, err := env.client.send(ctx, http.MethodGet, "/readyz", "", "", nil)
		if err == nil && status == http.StatusOK {
			return nil
		}
		if ctx.Err() != nil || time.Now().After(deadline) {
			return fmt.Errorf("not ready after %s: status %d %v %.300s", readyTimeout, status, err, out)
		}
		httpSleep(ctx, 50*time.Millisecond)
	}
}
