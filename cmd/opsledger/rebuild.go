package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/projections"
)

// rebuild rebuilds the named read models (all without names) beside the
// live ones. On a terminal it shows a progress bar, elsewhere log lines.
func rebuild(ctx context.Context, cfg config, args []string, out io.Writer) error {
	a, err := app.Open(ctx, cfg.app)
	if err != nil {
		return err
	}
	defer a.Close()
	for _, name := range args {
		if !knownProjection(a, name) {
			return fmt.Errorf("rebuild: no read model %q", name)
		}
	}
	start := time.Now()
	err = a.Rebuild(ctx, rebuildProgress(cfg), args...)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "rebuilt in %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}

func knownProjection(a *app.App, name string) bool {
	for _, p := range a.Projections {
		if p.Name() == name {
			return true
		}
	}
	return false
}

// rebuildProgress shows a progress bar on a terminal and log lines
// elsewhere.
func rebuildProgress(cfg config) projections.Progress {
	if term.IsTerminal(int(os.Stderr.Fd())) {
		bar := progressbar.NewOptions64(-1, progressbar.OptionSetDescription("rebuild"),
			progressbar.OptionSetWriter(os.Stderr), progressbar.OptionShowCount(), progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("events"), progressbar.OptionClearOnFinish())
		return func(applied int64, _ eventstore.Position) { bar.Set64(applied) } //nolint:errcheck // display only
	}
	last := time.Now()
	return func(applied int64, at eventstore.Position) {
		if time.Since(last) >= 2*time.Second {
			last = time.Now()
			cfg.log.Info("rebuilding", "events", applied, "position", at.String())
		}
	}
}
