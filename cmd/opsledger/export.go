package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/export"
	"github.com/opsledger/opsledger/internal/progress"
)

// exportFlags are what `opsledger export` is asked for, before checking.
type exportFlags struct {
	from, to, format, out string
	types, streams        []string
}

func exportCmd(configured configuredRun) *cobra.Command {
	var (
		f      exportFlags
		q      export.Query
		format export.Format
	)
	cmd := &cobra.Command{
		Use:   "export",
		Short: "write the event log as NDJSON, CSV or Parquet for analysis",
		Long: "export writes every event recorded in [--from, --to) (all without them), optionally only some\n" +
			"types or streams, one row per event in the log's order: the envelope in typed columns, the body as\n" +
			"JSON (docs/EXPORT.md lists the columns). --out writes a file, replaced only when the export is\n" +
			"complete; without it, or with -, the export goes to stdout. Progress goes to stderr: a bar on a\n" +
			"terminal, a line every few seconds elsewhere. Times are RFC 3339 or a date (YYYY-MM-DD, UTC midnight).\n\n" +
			"Event types: " + strings.Join(eventTypes(), ", "),
		Args: cobra.NoArgs,
		// A query that makes no sense is a command-line mistake: refused
		// with the usage before anything is read or written.
		PreRunE: func(*cobra.Command, []string) (err error) {
			q, format, err = f.query()
			return err
		},
		RunE: configured(func(cmd *cobra.Command, cfg config, _ []string) error {
			return runExport(cmd.Context(), cfg, q, format, f.out, cmd.OutOrStdout(), cmd.ErrOrStderr())
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&f.from, "from", "", "first recorded time to export (inclusive)")
	fl.StringVar(&f.to, "to", "", "recorded time to stop before (exclusive)")
	fl.StringSliceVar(&f.types, "types", nil, "event types to export, comma-separated (default all)")
	fl.StringSliceVar(&f.streams, "streams", nil, "stream prefixes to export, comma-separated, e.g. customer- (default all)")
	fl.StringVar(&f.format, "format", string(export.NDJSON), "ndjson, csv or parquet")
	fl.StringVarP(&f.out, "out", "o", "-", "file to write, or - for stdout")
	return cmd
}

// query reads and checks the flags; none needs the database.
func (f exportFlags) query() (export.Query, export.Format, error) {
	format, err := export.ParseFormat(f.format)
	if err != nil {
		return export.Query{}, "", err
	}
	q := export.Query{Types: f.types, StreamPrefixes: f.streams}
	if q.From, err = exportTime("--from", f.from); err != nil {
		return export.Query{}, "", err
	}
	if q.To, err = exportTime("--to", f.to); err != nil {
		return export.Query{}, "", err
	}
	return q, format, q.Check(commands.Codec().Types())
}

// exportTime reads an RFC 3339 time or a date (UTC midnight); empty is no
// bound.
func exportTime(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, &export.QueryError{Field: flag, Reason: fmt.Sprintf(
		"%q is neither an RFC 3339 time (2026-03-31T23:59:59+08:00) nor a date (2026-03-31)", s)}
}

// runExport writes the export q selects in format to out (a file, or "-"
// for stdout), with its progress on stderr.
func runExport(ctx context.Context, cfg config, q export.Query, format export.Format, out string, stdout, stderr io.Writer) error {
	a, err := openApp(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	total, err := countEvents(ctx, a)
	if err != nil {
		return err
	}
	return writeExport(out, stdout, func(w io.Writer) error {
		bar := progress.New(stderr, "export", "events", total)
		n, err := export.Write(ctx, a.Store, q, format, w, export.Options{Progress: bar.Set})
		bar.Finish()
		if err == nil {
			fmt.Fprintf(stderr, "exported %d events as %s\n", n, format)
		}
		return err
	})
}

// writeExport runs write into the file out names, or stdout for "-". A
// file appears under its name only when the export is complete: it is
// written beside it and renamed, so a failed or interrupted export never
// leaves a file that looks whole.
func writeExport(out string, stdout io.Writer, write func(io.Writer) error) error {
	if out == "-" || out == "" {
		return write(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.partial")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name()) //nolint:errcheck // gone after the rename; removed on failure
	if err := write(tmp); err != nil {
		tmp.Close() //nolint:errcheck // the error that matters is write's
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return os.Rename(tmp.Name(), out)
}

// eventTypes are the event types the system records, sorted, for the help
// an unknown type points to.
func eventTypes() []string {
	types := slices.Clone(commands.Codec().Types())
	slices.Sort(types)
	return types
}
