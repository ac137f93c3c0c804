// Command opsledger runs the opsledger operations ledger: the HTTP API and
// projections (serve), schema migrations (migrate), read-model rebuilds
// (rebuild), demo data (seed), development tokens (token), log keys
// (log-key) and the check of the verifiable log (verify). It is the
// only place configuration is read: OPS_* environment variables.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes: 1 for a command that failed, 2 for a command line the CLI
// does not understand (as the shells and the flag package use it).
const (
	exitFailed = 1
	exitUsage  = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// cli runs the command line args and returns the process's exit code,
// having said on stderr what went wrong.
func cli(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	err := run(ctx, args, getenv, stdout, stderr)
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "opsledger:", err)
	var usage usageError
	if errors.As(err, &usage) {
		fmt.Fprint(stderr, "\n", usage.usage)
		return exitUsage
	}
	return exitFailed
}

// run runs the command line args: help and version print and return;
// every other command checks the configuration first.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	root := newRoot(getenv)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return nil
	}
	var failed commandError
	if errors.As(err, &failed) {
		return failed.err
	}
	// Anything else comes from reading the command line: an unknown
	// command or flag, a missing or extra argument.
	return usageError{err: err, usage: cmd.UsageString()}
}

// commandError is an error a command returned while running, as opposed
// to one about its command line.
type commandError struct{ err error }

func (e commandError) Error() string { return e.err.Error() }
func (e commandError) Unwrap() error { return e.err }

// usageError is a command line the CLI does not understand; usage is the
// usage of the command it was meant for.
type usageError struct {
	err   error
	usage string
}

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }
