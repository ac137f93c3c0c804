package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/internal/progress"
)

// rebuild rebuilds the named read models (all without names) beside the
// live ones, showing its progress on progressOut. The names were checked
// on the command line.
func rebuild(ctx context.Context, cfg config, names []string, out, progressOut io.Writer) error {
	a, err := openApp(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	total, err := countEvents(ctx, a)
	if err != nil {
		return err
	}
	start := time.Now()
	bar := progress.New(progressOut, "rebuild", "events", total)
	var applied int64
	err = a.Rebuild(ctx, func(n int64, _ eventstore.Position) {
		applied = n
		bar.Set(n)
	}, names...)
	bar.Finish()
	if err != nil {
		return err
	}
	fmt.Fprintln(out, rebuiltLine(applied, time.Since(start)))
	return nil
}

// rebuiltLine sums a rebuild up, with its rate only when it ran long
// enough for one to mean something.
func rebuiltLine(events int64, took time.Duration) string {
	line := fmt.Sprintf("rebuilt %d events in %s", events, took.Round(time.Millisecond))
	if took >= progress.MinRateWindow {
		line += " (" + progress.FormatRate(float64(events)/took.Seconds(), "events") + ")"
	}
	return line
}

// countEvents is the size of the log a rebuild reads, or progress.Unknown
// where the store cannot tell cheaply (EventStoreDB). In PostgreSQL it is
// one count of the events table, a small part of reading them all.
func countEvents(ctx context.Context, a *app.App) (int64, error) {
	if a.Config.ESDBURL != "" {
		return progress.Unknown, nil
	}
	var n int64
	table := pgx.Identifier{a.Config.EventSchema, "events"}.Sanitize()
	if err := a.Pool.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		return 0, fmt.Errorf("count the events to rebuild from: %w", err)
	}
	return n, nil
}
