package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"
)

// httpPrefix names the scratch schemas the HTTP benchmark wipes.
const httpPrefix = "bench_http"

// httpSecret signs the benchmark's tokens.
const httpSecret = "opsbench-http-secret-0123456789abcdef0123"

// httpOptions are the flags of `opsbench http`.
type httpOptions struct {
	url                   string
	duration, warmup      time.Duration
	connections           int
	customers, orders     int
	complaints, employees int
	appendEvents          int
	appendRounds          int
	queryShare            int
	idempotencyKeys       bool
	projections           bool
	jsonOut, cpuProfile   string
	tracing               string
	compare               compareOptions
}

func parseHTTPFlags(args []string) (httpOptions, error) {
	var o httpOptions
	fs := flag.NewFlagSet("http", flag.ContinueOnError)
	fs.StringVar(&o.url, "postgres", "postgres://postgres@127.0.0.1:5432/opsledger_bench_http?sslmode=disable", "database it may wipe (created if missing; schemas bench_http_*, bench_raw, bench_es)")
	fs.DurationVar(&o.duration, "duration", 60*time.Second, "how long the measured load runs")
	fs.DurationVar(&o.warmup, "warmup", 3*time.Second, "load run before measuring (not counted)")
	fs.IntVar(&o.connections, "connections", 32, "concurrent keep-alive connections (one client goroutine each)")
	fs.IntVar(&o.customers, "customers", 500, "customers (with a key contact) set up before the load")
	fs.IntVar(&o.orders, "orders", 300, "confirmed orders set up under one signed contract")
	fs.IntVar(&o.complaints, "complaints", 300, "complaints set up, routed to quality")
	fs.IntVar(&o.employees, "employees", 32, "employees hired and at work, who check in")
	fs.IntVar(&o.appendEvents, "append-events", 5000, "events of the single-append measurement")
	fs.IntVar(&o.appendRounds, "append-rounds", 2, "rounds of the single-append measurement (best counts)")
	fs.IntVar(&o.queryShare, "query-share", 50, "percent of requests that are queries (diagnostic; the figures are for 50)")
	fs.BoolVar(&o.projections, "projections", true, "keep the projection runners going during the load (false: diagnostic, queries read stale data)")
	fs.BoolVar(&o.idempotencyKeys, "idempotency-keys", true, "send a fresh Idempotency-Key with every command")
	fs.StringVar(&o.jsonOut, "json", "", "write the figures as one JSON object to this file")
	fs.StringVar(&o.tracing, "tracing", "off", "trace the server: off (as with no OTEL_* variables), sampled (every request sampled, spans batched and dropped) or console (also encoded as JSON, then dropped)")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the measured load (server and client) to this file")
	compareFlags(fs, &o.compare)
	err := fs.Parse(args)
	if err == nil {
		err = o.compare.check()
	}
	if err == nil && (o.connections < 1 || o.duration <= 0 || o.customers < 1 || o.orders < 1 || o.complaints < 1 || o.employees < 1) {
		err = errors.New("connections, duration, customers, orders, complaints and employees must be positive")
	}
	if err == nil && (o.queryShare < 0 || o.queryShare > 100) {
		err = errors.New("query-share must be a percentage")
	}
	return o, err
}

// runHTTP drives a mixed load of commands and queries through the real
// HTTP stack over loopback and compares the command rate with the event
// store's single-append rate measured in the same run:
//
//	opsbench http --postgres URL --duration 60s --connections 32 --json FILE
//
// It first measures append_1_eps as `opsbench eventstore` does, then
// starts the application in-process (app.Open, RunProjections, rate limit
// off) behind an http.Server on 127.0.0.1:0, sets up aggregates through the
// API, and has one client goroutine per keep-alive connection send
// requests back to back (a lean HTTP/1.1 client, see rawConn, so the load
// generator takes as little of the shared cores as wrk would): half
// commands, half queries (see httpMix), each
// with a JWT, each command with a fresh Idempotency-Key as a retrying
// client would send. Commands spread over hundreds of aggregates, so no
// stream grows past a few hundred events in a minute. A non-2xx answer is
// an error.
func runHTTP(ctx context.Context, args []string) error {
	o, err := parseHTTPFlags(args)
	if err != nil {
		return err
	}
	if o.compare.enabled {
		return runCompareCRUD(ctx, o)
	}
	appendEPS, err := singleAppendRate(ctx, o)
	if err != nil {
		return fmt.Errorf("single-append rate: %w", err)
	}
	fmt.Printf("event store single append (1 writer): %.0f events/s\n", appendEPS)
	tracing, err := benchTracing(o.tracing)
	if err != nil {
		return err
	}
	defer flushBenchTracing(ctx, tracing)
	env, err := startHTTPEnv(ctx, o.url, tracing)
	if err != nil {
		return err
	}
	defer env.close()
	fx, err := setUpHTTP(ctx, env.client, o)
	if err != nil {
		return fmt.Errorf("set up: %w", err)
	}
	if !o.projections {
		env.stopProjections()
	}
	rep, err := driveLoad(ctx, env, fx, o)
	if err != nil {
		return err
	}
	results := rep.figures(o)
	results["append_1_eps"] = appendEPS
	results["http_ratio_to_append"] = results["http_cmd_rps"] / appendEPS
	rep.print(results)
	return writeJSON(o.jsonOut, results)
}

// singleAppendRate is the eventstore benchmark's append_1_eps: one
// writer appending one event per new stream, best of rounds.
func singleAppendRate(ctx context.Context, o httpOptions) (float64, error) {
	pool, err := openBenchPool(ctx, o.url)
	if err != nil {
		return 0, err
	}
	defer pool.Close()
	b, err := newESBench(ctx, pool, o.appendEvents)
	if err != nil {
		return 0, err
	}
	defer b.release()
	var best float64
	for range max(o.appendRounds, 1) {
		eps, err := measure(ctx, pool, func(ctx context.Context) (int, error) { return b.storeAppend(ctx, 1, 1) })
		if err != nil {
			return 0, err
		}
		best = max(best, eps)
	}
	return best, nil
}

func writeJSON(path string, results map[string]float64) error {
	if path == "" {
		return nil
	}
	out, err := json.MarshalIndent(results, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(out, '\n'), 0o644)
}
