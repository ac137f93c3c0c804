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
	cold, err := c.measureColdRounds(ctx)
	if err != nil {
		return err
	}
	f := map[string]float64{"first_command_ms_10k_no_snapshot": noSnapshot, "warm_command_ms_10k": c.warmLongMS,
		"crud_alone_ms": c.plainAloneMS, "snapshot_every": float64(c.o.compare.snapshotEvery),
		"long_events": float64(c.o.compare.longEvents)}
	cold.figures(f)
	printCold(f)
	fmt.Printf("  warm command on the same long streams %.2f ms, plain service alone %.2f ms; restart ready after %.1f s (median)\n",
		c.warmLongMS, c.plainAloneMS, f["restart_ready_s"])
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
