package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/replay"
)

// timeReplay rebuilds every read model from the whole log, then replays
// them as of the recorded time of the event at share of the log into a
// schema of their own, and compares the rates (events applied per
// second). The replay reads past its date up to replay.RecordSkew, as
// every replay does, so that reading counts against it.
func timeReplay(ctx context.Context, a *app.App, share float64, results map[string]float64) error {
	var count int64
	if err := a.Pool.QueryRow(ctx, "SELECT count(*) FROM "+xbEvents+".events").Scan(&count); err != nil {
		return err
	}
	var asOf time.Time
	offset := min(max(int64(float64(count)*share)-1, 0), count-1)
	err := a.Pool.QueryRow(ctx, "SELECT recorded_at FROM "+xbEvents+".events ORDER BY xid, seq OFFSET $1 LIMIT 1", offset).Scan(&asOf)
	if err != nil {
		return fmt.Errorf("replay date: %w", err)
	}
	_, _ = a.Pool.Exec(ctx, "CHECKPOINT")
	fmt.Fprintln(os.Stderr, "export: full rebuild")
	start := time.Now()
	if err := a.Rebuild(ctx, nil); err != nil {
		return fmt.Errorf("rebuild: %w", err)
	}
	results["rebuild_eps"] = float64(count) / time.Since(start).Seconds()
	_, _ = a.Pool.Exec(ctx, "CHECKPOINT")
	fmt.Fprintf(os.Stderr, "export: replay as of %s\n", asOf.Format(time.RFC3339Nano))
	res, err := replay.Build(ctx, replay.Deps{Pool: a.Pool, Store: a.Store, Projections: a.Projections},
		replay.Request{AsOf: asOf, Schema: xbReplay})
	if err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	results["replay_events"] = float64(res.Events)
	results["replay_eps"] = float64(res.Events) / res.Took.Seconds()
	results["replay_ratio"] = results["replay_eps"] / results["rebuild_eps"]
	return replay.Drop(ctx, a.Pool, xbReplay)
}
