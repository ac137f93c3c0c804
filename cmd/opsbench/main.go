// Command opsbench measures opsledger under load. Each benchmark is a
// subcommand in its own file, registered in the table below:
//
//	opsbench eventstore --postgres URL [--events N] [--json FILE]
//	opsbench all --postgres URL (every suite, then BENCHMARKS.md; see suites.go)
//	opsbench integrity --postgres URL [--events N] [--json FILE]
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// command is one benchmark: run parses its own flags from args.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string) error
}

// subcommands lists the benchmarks; add a benchmark by adding a file with
// its run function and a row here.
var subcommands = []command{
	{"eventstore", "PostgreSQL event store against raw pgx baselines", runEventstore},
	{"rebuild", "rebuild every read model from a generated history, against COPY", runRebuild},
	{"lag", "command-to-read-model lag under a sustained command rate", runLag},
	{"http", "mixed commands and queries over loopback HTTP", runHTTP},
	{"soak", "the mix at a fixed rate for a long time: memory, goroutines, connections and p99 over time", runSoak},
	{"all", "run every suite on one database and write BENCHMARKS.md (make bench)", runAll},
	{"report", "render BENCHMARKS.md from the suites' JSON files", runReport},
	{"kpi", "every KPI query (R1–R12) on a generated history: p99 latency", runKPI},
	{"access", "personal-data reads with the read-access log on against off", runAccess},
	{"integrity", "seal, verify and seal lag of the verifiable log; appends with the sealer against without", runIntegrity},
	{"history", "as-of state of a long stream and as-of lists over contract row versions", runHistoryBench},
	{"sse", "command commit to SSE client under a sustained command rate, 200 streams", runSSE},
	{"reactions", "forwarder throughput on GoChannel and JetStream, reaction latency at a fixed rate on JetStream, takeover after SIGKILL", runReactions},
	{"export", "export of $all as NDJSON and Parquet against reading it back; replay as of a date against a full rebuild", runExportBench},
}

func main() {
	// As opsledger serve does (see tradeMemoryForGC there): the benchmarks
	// run the server in this process, so they collect garbage as it does.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "opsbench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage()
		return nil
	}
	for _, c := range subcommands {
		if c.name == args[0] {
			return c.run(ctx, args[1:])
		}
	}
	usage()
	return fmt.Errorf("unknown subcommand %q", args[0])
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: opsbench <subcommand> [flags]\n\nsubcommands:")
	for _, c := range subcommands {
		fmt.Fprintf(os.Stderr, "  %-12s %s\n", c.name, c.summary)
	}
}
