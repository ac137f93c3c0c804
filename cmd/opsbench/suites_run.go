package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// allOptions are the flags of `opsbench all`.
type allOptions struct {
	url, dir, out string
	long          bool
	only, skip    []string
	soak          time.Duration
}

func parseAllFlags(args []string) (allOptions, error) {
	var o allOptions
	var only, skip string
	fs := flag.NewFlagSet("all", flag.ContinueOnError)
	fs.StringVar(&o.url, "postgres", "postgres://postgres@127.0.0.1:5432/opsledger_bench?sslmode=disable", "a database dedicated to the benchmarks (every suite may wipe it; created if missing)")
	fs.StringVar(&o.dir, "dir", "bench-results", "directory for each suite's JSON, the soak's CSV and plot, and machine.json")
	fs.StringVar(&o.out, "out", "BENCHMARKS.md", "the report written at the end (see opsbench report)")
	fs.BoolVar(&o.long, "long", false, "run each suite at the lengths of the README's figures (about an hour with the 30-minute soak)")
	fs.StringVar(&only, "only", "", "comma-separated suites to run (default: all of them)")
	fs.StringVar(&skip, "skip", "", "comma-separated suites not to run")
	fs.DurationVar(&o.soak, "soak", 0, "the soak's duration (default: 2m, or 30m with --long)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	o.only, o.skip = splitList(only), splitList(skip)
	for _, name := range slices.Concat(o.only, o.skip) {
		if _, ok := suiteNamed(name); !ok {
			return o, fmt.Errorf("unknown suite %q (suites: %s)", name, strings.Join(suiteNames(), ", "))
		}
	}
	if o.soak < 0 {
		return o, errors.New("soak must not be negative")
	}
	return o, nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func suiteNames() []string {
	names := make([]string, len(benchSuites))
	for i, s := range benchSuites {
		names[i] = s.name
	}
	return names
}

// runAll runs every suite of benchSuites, each in its own opsbench
// process (so none inherits another's goroutines, caches or heap), on
// one dedicated database, then describes the machine and writes the
// report:
//
//	opsbench all --postgres URL [--dir bench-results] [--out BENCHMARKS.md] [--long] [--soak 30m]
//
// A suite that fails is reported and the others still run; the command
// fails at the end if any did.
func runAll(ctx context.Context, args []string) error {
	o, err := parseAllFlags(args)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	var failed []string
	ran := map[string]suiteRun{}
	for _, s := range benchSuites {
		if !o.selected(s.name) {
			continue
		}
		run, err := runSuite(ctx, self, s, o)
		ran[s.name] = run
		if err != nil {
			fmt.Fprintf(os.Stderr, "opsbench all: %s failed: %v\n", s.name, err)
			failed = append(failed, s.name)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	m, err := describeMachine(ctx, o.url)
	if err != nil {
		return err
	}
	m.Command = "opsbench all " + strings.Join(args, " ")
	m.Runs = ran
	if err := m.write(filepath.Join(o.dir, machineFile)); err != nil {
		return err
	}
	if err := writeReport(o.dir, o.out); err != nil {
		return err
	}
	fmt.Printf("wrote %s from %s\n", o.out, o.dir)
	if len(failed) > 0 {
		return fmt.Errorf("suites failed: %s", strings.Join(failed, ", "))
	}
	return nil
}

func (o allOptions) selected(name string) bool {
	return (len(o.only) == 0 || slices.Contains(o.only, name)) && !slices.Contains(o.skip, name)
}

// suiteRun is how one suite ran: its command line and how long it took.
type suiteRun struct {
	Args    []string `json:"args"`
	Seconds float64  `json:"seconds"`
	Error   string   `json:"error,omitempty"`
}

// suiteArgs are the arguments s runs with under o.
func suiteArgs(s benchSuite, o allOptions) []string {
	args := s.args
	if o.long && len(s.long) > 0 {
		args = s.long
	}
	args = slices.Clone(args)
	if s.name == "soak" && o.soak > 0 {
		args = setFlag(args, "--duration", o.soak.String())
	}
	return args
}

// setFlag sets flag to value in args, replacing a value already there.
func setFlag(args []string, flag, value string) []string {
	if i := slices.Index(args, flag); i >= 0 && i+1 < len(args) {
		args[i+1] = value
		return args
	}
	return append(args, flag, value)
}

// runSuite runs one suite as a child process, its output passed through,
// and writes its JSON to <dir>/<name>.json (a stale one is removed first,
// so a failed suite leaves none).
func runSuite(ctx context.Context, self string, s benchSuite, o allOptions) (suiteRun, error) {
	jsonPath := filepath.Join(o.dir, s.name+".json")
	if err := os.Remove(jsonPath); err != nil && !errors.Is(err, os.ErrNotExist) {
		return suiteRun{}, err
	}
	args := suiteArgs(s, o)
	full := append(slices.Clone(args), "--postgres", o.url, "--json", jsonPath)
	if s.name == "soak" {
		full = append(full, "--csv", filepath.Join(o.dir, "soak.csv"), "--png", filepath.Join(o.dir, "soak.png"))
	}
	fmt.Printf("\n== %s: opsbench %s\n", s.name, strings.Join(args, " "))
	start := time.Now()
	cmd := exec.CommandContext(ctx, self, full...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	err := cmd.Run()
	run := suiteRun{Args: args, Seconds: time.Since(start).Seconds()}
	if err != nil {
		run.Error = err.Error()
	}
	fmt.Printf("== %s took %s\n", s.name, time.Since(start).Round(time.Second))
	return run, err
}
