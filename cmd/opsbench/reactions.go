package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"
)

// Schemas of the reactions benchmark start with reactionsPrefix; they are
// dropped on each run.
const reactionsPrefix = "reactbench_"

// runReactions measures the bus: the forwarder's throughput on GoChannel
// and on NATS JetStream (the same generated log, in one run), the
// latency from a contract.signed committed to the customer-cooperating
// reaction's event committed at a fixed rate on JetStream, and the
// takeover of the forwarder's lease after its holder, another process,
// is killed with SIGKILL.
func runReactions(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("reactions", flag.ContinueOnError)
	url := fs.String("postgres", "postgres://postgres@127.0.0.1:5432/opsledger_bench?sslmode=disable", "database it may wipe (created if missing)")
	natsURL := fs.String("nats", "nats://127.0.0.1:4222", "NATS server with JetStream")
	events := fs.Int("events", 20000, "events in the log the forwarder publishes")
	rate := fs.Int("rate", 500, "contract signings per second for the reaction latency")
	duration := fs.Duration("duration", 10*time.Second, "how long the signings run")
	jsonOut := fs.String("json", "", "write the figures as one JSON object to this file")
	instance := fs.String("instance", "", "internal: run as the takeover's first instance, under this application name")
	root := fs.String("root", "", "internal: the takeover's NATS subject root")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *instance != "" {
		return runTakeoverInstance(ctx, *url, *natsURL, *root, *instance)
	}
	res := map[string]float64{}
	for _, kind := range []string{"gochannel", "nats"} {
		fmt.Fprintf(os.Stderr, "reactions: forwarding %d events on %s\n", *events, kind)
		eps, err := measureForward(ctx, *url, *natsURL, kind, *events)
		if err != nil {
			return err
		}
		res[map[string]string{"gochannel": "forward_eps_gochannel", "nats": "forward_eps_jetstream"}[kind]] = eps
	}
	res["forward_ratio_jetstream"] = res["forward_eps_jetstream"] / res["forward_eps_gochannel"]
	fmt.Fprintf(os.Stderr, "reactions: %d signings/s for %s on JetStream\n", *rate, *duration)
	if err := measureReactionLatency(ctx, *url, *natsURL, *rate, *duration, res); err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, "reactions: takeover after SIGKILL")
	took, err := measureTakeover(ctx, *url, *natsURL)
	if err != nil {
		return err
	}
	res["takeover_s"] = took.Seconds()
	printReactions(res, *rate, *duration)
	return writeRebuildJSON(*jsonOut, res)
}

func printReactions(r map[string]float64, rate int, d time.Duration) {
	rows := []struct{ label, key, f string }{
		{"forwarder, GoChannel (events/s)", "forward_eps_gochannel", "%12.0f"},
		{"forwarder, JetStream (events/s)", "forward_eps_jetstream", "%12.0f"},
		{"JetStream / GoChannel", "forward_ratio_jetstream", "%12.2f"},
		{fmt.Sprintf("signings at %d/s for %s", rate, d), "reaction_signings", "%12.0f"},
		{"reactions committed", "reaction_count", "%12.0f"},
		{"reaction latency p50 (ms)", "reaction_p50_ms", "%12.2f"},
		{"reaction latency p99 (ms)", "reaction_p99_ms", "%12.2f"},
		{"reaction latency max (ms)", "reaction_max_ms", "%12.2f"},
		{"forwarder behind the log at the end (ms)", "reaction_forward_drain_ms", "%12.2f"},
		{"takeover after SIGKILL (s)", "takeover_s", "%12.2f"},
	}
	for _, row := range rows {
		fmt.Printf("%-40s "+row.f+"\n", row.label, r[row.key])
	}
}
