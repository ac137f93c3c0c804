package main

import (
	"context"
	"fmt"
	"slices"
)

// coldRounds are the figures of the first commands after a restart,
// one entry per restart (a round). One restart's commands vary with
// whatever else the machine ran in those few milliseconds (a single
// round's median swung from 3.4 to 8.0 ms for the same code), so the
// goal's figure is the median of the rounds' medians and the spread of
// the rounds is reported beside it, as access_log_ratio takes the median
// of its rounds.
type coldRounds struct {
	long, short, first, readyS []float64
}

// measureColdRounds restarts the application --cold-rounds times; after
// each restart it times a first command (on a short stream: it pays for
// what the new process still does on first use), then the first command
// on coldSamples long streams and on as many short ones, each alone (a
// round's figure is their median). Each round takes the next streams of
// each set, wrapping around, so a stream is cold in as many rounds as the
// set allows. The alone baselines are timed after the last round, on its
// long streams.
func (c *comparison) measureColdRounds(ctx context.Context) (coldRounds, error) {
	var r coldRounds
	k := min(coldSamples, len(c.long), len(c.short)-1)
	var long []string
	for round := range c.o.compare.coldRounds {
		if err := c.restart(ctx); err != nil {
			return r, err
		}
		first, err := c.timeCommand(ctx, c.short[0])
		if err != nil {
			return r, err
		}
		long = cyclic(c.long, round*k, k)
		coldLong, err := c.medianCommand(ctx, long)
		if err != nil {
			return r, err
		}
		coldShort, err := c.medianCommand(ctx, cyclic(c.short[1:], round*k, k))
		if err != nil {
			return r, err
		}
		r.long, r.short = append(r.long, coldLong), append(r.short, coldShort)
		r.first, r.readyS = append(r.first, first), append(r.readyS, c.restartReadyS)
		fmt.Printf("cold round %d: first command on a 10,000-event stream %.2f ms (median of %d), 10-event %.2f, the restart's very first %.2f\n",
			round+1, coldLong, k, coldShort, first)
	}
	return r, c.measureAloneBaselines(ctx, long)
}

// cyclic returns n ids of ids from index from on, wrapping around.
func cyclic(ids []string, from, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = ids[(from+i)%len(ids)]
	}
	return out
}

// figures adds the rounds' figures to f: the goal's cold_command_ms_10k
// is the median of the rounds' medians, _min and _max their spread.
func (r coldRounds) figures(f map[string]float64) {
	f["cold_command_ms_10k"], f["cold_command_ms_10"] = median(r.long), median(r.short)
	if len(r.long) > 0 {
		f["cold_command_ms_10k_min"], f["cold_command_ms_10k_max"] = slices.Min(r.long), slices.Max(r.long)
	}
	f["restart_first_command_ms"], f["restart_ready_s"] = median(r.first), median(r.readyS)
	f["cold_rounds"] = float64(len(r.long))
}
