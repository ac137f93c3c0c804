package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/opsledger/opsledger/integrity/verify"
	"github.com/opsledger/opsledger/internal/progress"
	"github.com/opsledger/opsledger/privacy"
)

// verifyOptions are verify's flags.
type verifyOptions struct {
	publicKey   string
	bundle      string
	writeBundle string
}

// errNotVerified is how verify fails when it found the log changed.
var errNotVerified = errors.New("the log failed verification")

func verifyCmd(configured configuredRun) *cobra.Command {
	var opts verifyOptions
	cmd := &cobra.Command{
		Use:                   "verify [--public-key KEY] [--write-bundle DIR | --bundle DIR]",
		DisableFlagsInUseLine: true,
		Short:                 "check that the log is as sealed: every event, the tree and every signed checkpoint",
		Long: "verify recomputes the log's tree from every event of the store ($all), compares it with the stored\n" +
			"tree leaf by leaf and node by node, and checks every stored checkpoint's signature and root. It names\n" +
			"the first event that is not as sealed (stream, version, position) and what is wrong, and exits 1.\n" +
			"Checkpoints are checked with --public-key, or else the public key of OPS_LOG_KEY (or of the\n" +
			"development key stored in the database, which proves nothing beyond it).\n\n" +
			"--write-bundle DIR verifies, then exports the newest checkpoint's tree (events, leaves, checkpoints)\n" +
			"to DIR; --bundle DIR verifies such a bundle offline, reading no configuration and no database.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.bundle != "" {
				if err := verifyBundle(cmd.Context(), opts, cmd.OutOrStdout(), cmd.ErrOrStderr()); err != nil {
					return commandError{err}
				}
				return nil
			}
			return configured(func(cmd *cobra.Command, cfg config, _ []string) error {
				return verifyStore(cmd.Context(), cfg, opts, cmd.OutOrStdout(), cmd.ErrOrStderr())
			})(cmd, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.publicKey, "public-key", "", "the log's public key (name+hash+key, as `opsledger log-key` prints)")
	f.StringVar(&opts.bundle, "bundle", "", "verify the bundle in this directory, offline")
	f.StringVar(&opts.writeBundle, "write-bundle", "", "after verifying, export the sealed log to this directory")
	cmd.MarkFlagsMutuallyExclusive("bundle", "write-bundle")
	return cmd
}

// verifyStore verifies the configured store against its sealed tree.
func verifyStore(ctx context.Context, cfg config, opts verifyOptions, out, progressOut io.Writer) error {
	a, err := openApp(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	key := opts.publicKey
	if key == "" {
		key = a.IntegrityLog.VerifierKey()
		if a.IntegrityLog.Generated() {
			fmt.Fprintln(progressOut, "warning: checking with the development key stored in the database: whoever can change "+
				"the database can sign with it; pass --public-key, or set OPS_LOG_KEY")
		}
	}
	total, err := countEvents(ctx, a)
	if err != nil {
		return err
	}
	r, err := runVerify(ctx, verify.StoreEvents(privacy.Stored(a.Store), 0), a.IntegrityLog, key, total, out, progressOut)
	if err != nil || opts.writeBundle == "" {
		return err
	}
	m, err := verify.WriteBundle(ctx, opts.writeBundle, verify.StoreEvents(privacy.Stored(a.Store), 0), a.IntegrityLog, key, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote bundle %s: %d events, %d checkpoints (the log had %d events when verified)\n",
		opts.writeBundle, m.Size, m.Checkpoints, r.Events)
	return nil
}

// verifyBundle verifies an exported bundle, offline.
func verifyBundle(ctx context.Context, opts verifyOptions, out, progressOut io.Writer) error {
	b, err := verify.OpenBundle(opts.bundle)
	if err != nil {
		return err
	}
	defer b.Close()
	key := opts.publicKey
	if key == "" {
		key = b.Manifest.VerifierKey
		fmt.Fprintln(progressOut, "warning: checking with the public key the bundle names ("+key+"); "+
			"pass the log's key, obtained apart from the bundle, with --public-key")
	}
	_, err = runVerify(ctx, b, b, key, int64(b.Manifest.Size), out, progressOut)
	return err
}

// runVerify verifies, showing progress, and sums the outcome up.
func runVerify(ctx context.Context, events verify.Events, sealed verify.Sealed, key string, total int64, out, progressOut io.Writer) (verify.Report, error) {
	start := time.Now()
	bar := progress.New(progressOut, "verify", "events", total)
	r, err := verify.Verify(ctx, events, sealed, verify.Options{PublicKey: key, Progress: func(n uint64) { bar.Set(int64(n)) }})
	bar.Finish()
	if err != nil {
		return r, err
	}
	if !r.OK() {
		return r, fmt.Errorf("%w: %s", errNotVerified, r.Problem)
	}
	fmt.Fprintln(out, verifiedLine(r, key, time.Since(start)))
	return r, nil
}

// verifiedLine sums up a verification that found nothing wrong.
func verifiedLine(r verify.Report, key string, took time.Duration) string {
	line := fmt.Sprintf("verified %d events in %s", r.Events, took.Round(time.Millisecond))
	if took >= progress.MinRateWindow {
		line += " (" + progress.FormatRate(float64(r.Events)/took.Seconds(), "events") + ")"
	}
	line += fmt.Sprintf(": %d sealed under %d checkpoints signed by %s", r.Sealed, r.Checkpoints, key)
	if r.Sealed > 0 {
		line += fmt.Sprintf(", root %x", r.Root)
	}
	if r.Unsealed > 0 {
		line += fmt.Sprintf("; %d newer events are not sealed yet", r.Unsealed)
	}
	return line
}
