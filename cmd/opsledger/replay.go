package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/spf13/cobra"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/internal/progress"
	"github.com/opsledger/opsledger/replay"
)

// replayFlags are what `opsledger replay` is asked for, before checking.
type replayFlags struct {
	asOf, validAt, schema string
	models, regulations   []string
	drop                  bool
}

func replayCmd(configured configuredRun) *cobra.Command {
	var f replayFlags
	cmd := &cobra.Command{
		Use:                   "replay --as-of T --schema NAME [--valid-at T] [--models a,b] [--regulation NAME@VERSION ...] | --drop --schema NAME",
		DisableFlagsInUseLine: true,
		Short:                 "build the read models as they stood at a past time into a schema of their own",
		Long: "replay builds the read models as they stood at --as-of (the events recorded at or before it; with\n" +
			"--valid-at, of those only the ones effective by then) into the new schema --schema, for any SQL\n" +
			"tool: every table of each read model, with its indexes, and replay_info saying what it holds.\n" +
			"--models builds only those read models. --regulation NAME@VERSION (repeatable; VERSION an adopted\n" +
			"version or default, as `regulation list --name NAME` lists them) recomputes the read models whose\n" +
			"figures depend on that regulation under that version (a what-if); without --models only those.\n" +
			"The schema appears only once complete: a failed or interrupted replay leaves nothing. --drop\n" +
			"removes a replay schema. Progress goes to stderr: a bar on a terminal, a line every few seconds\n" +
			"elsewhere. Times are RFC 3339 or a date (YYYY-MM-DD, UTC midnight). docs/REPLAY.md explains more.\n\n" +
			"Read models: " + strings.Join(readModelNames(), ", "),
		Args: cobra.NoArgs,
		PreRunE: func(*cobra.Command, []string) error {
			_, err := f.request()
			return err
		},
		RunE: configured(func(cmd *cobra.Command, cfg config, _ []string) error {
			if f.drop {
				return dropReplay(cmd.Context(), cfg, f.schema, cmd.OutOrStdout())
			}
			req, err := f.request()
			if err != nil {
				return err
			}
			return runReplay(cmd.Context(), cfg, req, cmd.OutOrStdout(), cmd.ErrOrStderr())
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&f.asOf, "as-of", "", "replay the events recorded at or before this time")
	fl.StringVar(&f.validAt, "valid-at", "", "keep only the events effective at or before this time")
	fl.StringVar(&f.schema, "schema", "", "the schema to create (a lowercase identifier), or to drop with --drop")
	fl.StringSliceVar(&f.models, "models", nil, "read models to build, comma-separated (default all)")
	fl.StringArrayVar(&f.regulations, "regulation", nil, "NAME@VERSION to recompute under (what-if); repeatable")
	fl.BoolVar(&f.drop, "drop", false, "drop the replay schema --schema")
	return cmd
}

// request reads and checks the flags; none needs the database. The
// checks that do (a schema that exists, a version) come later.
func (f replayFlags) request() (replay.Request, error) {
	if err := replay.CheckSchemaName(f.schema); err != nil {
		return replay.Request{}, err
	}
	if f.drop {
		if f.asOf != "" || f.validAt != "" || len(f.models) > 0 || len(f.regulations) > 0 {
			return replay.Request{}, errors.New("--drop takes only --schema")
		}
		return replay.Request{Schema: f.schema}, nil
	}
	req := replay.Request{Schema: f.schema, Models: f.models}
	var err error
	if req.AsOf, err = replayTime("--as-of", f.asOf); err != nil {
		return req, err
	}
	if req.AsOf.IsZero() {
		return req, &replay.InputError{Field: "--as-of", Reason: "is required: the recorded time to replay the log up to"}
	}
	if req.AsOf.After(time.Now()) {
		return req, &replay.InputError{Field: "--as-of", Reason: req.AsOf.Format(time.RFC3339) + " is in the future: the log cannot say yet what it will know then"}
	}
	if req.ValidAt, err = replayTime("--valid-at", f.validAt); err != nil {
		return req, err
	}
	for _, s := range f.regulations {
		o, err := replay.ParseOverride(s)
		if err != nil {
			return req, err
		}
		req.Regulations = append(req.Regulations, o)
	}
	return req, nil
}

// replayTime reads a time as export does, with replay's error.
func replayTime(flag, s string) (time.Time, error) {
	t, err := exportTime(flag, s)
	if err != nil {
		return t, &replay.InputError{Field: flag, Reason: fmt.Sprintf(
			"%q is neither an RFC 3339 time (2026-09-30T23:59:59+08:00) nor a date (2026-09-30)", s)}
	}
	return t, nil
}

// runReplay builds the replay req asks for, with its progress on stderr.
func runReplay(ctx context.Context, cfg config, req replay.Request, stdout, stderr io.Writer) error {
	a, err := openApp(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	d := replay.Deps{Pool: a.Pool, Store: a.Store, Projections: a.Projections}
	if len(req.Regulations) > 0 {
		if d.Catalogue, err = replay.LoadCatalogue(ctx, a.Store, a.Codec); err != nil {
			return err
		}
	}
	total, err := countEventsUntil(ctx, a, req.AsOf)
	if err != nil {
		return err
	}
	bar := progress.New(stderr, "replay", "events", total)
	d.Progress = func(n int64, _ eventstore.Position) { bar.Set(n) }
	res, err := replay.Build(ctx, d, req)
	bar.Finish()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "replayed %d events into schema %s (%s) in %s\n", res.Events, res.Schema,
		strings.Join(res.Models, ", "), res.Took.Round(time.Millisecond))
	return nil
}

func dropReplay(ctx context.Context, cfg config, schema string, stdout io.Writer) error {
	a, err := openApp(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := replay.Drop(ctx, a.Pool, schema); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "dropped replay schema %s\n", schema)
	return nil
}

// countEventsUntil is how many events were recorded at or before asOf,
// for the progress display, or progress.Unknown where the store cannot
// tell cheaply (EventStoreDB).
func countEventsUntil(ctx context.Context, a *app.App, asOf time.Time) (int64, error) {
	if a.Config.ESDBURL != "" {
		return progress.Unknown, nil
	}
	var n int64
	table := pgx.Identifier{a.Config.EventSchema, "events"}.Sanitize()
	if err := a.Pool.QueryRow(ctx, "SELECT count(*) FROM "+table+" WHERE recorded_at <= $1", asOf).Scan(&n); err != nil {
		return 0, fmt.Errorf("count the events to replay: %w", err)
	}
	return n, nil
}
