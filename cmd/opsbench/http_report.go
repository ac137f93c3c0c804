package main

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// loadReport merges what the workers measured.
type loadReport struct {
	elapsed  time.Duration
	perOp    [][]time.Duration // sorted, per op of httpMix
	errors   []int
	events   int
	samples  []string
	cmd, qry []time.Duration // sorted
	all      []time.Duration // sorted
	// selfCPU is this process's CPU time (server and client), pgCPU the
	// database backends', over the measured load.
	selfCPU, pgCPU time.Duration
	xacts          int64 // transactions the database committed meanwhile
	// appendMeanMS is the mean event store append inside the commands.
	appendMeanMS float64
	// acquireMeanMS is the mean wait for a pool connection, and
	// acquireEmptyShare the share of acquisitions that found none idle.
	acquireMeanMS, acquireEmptyShare float64
	// lookupMeanMS and saveMeanMS are the idempotency store's round trips.
	lookupMeanMS, saveMeanMS float64
}

func newLoadReport(workers []*loadWorker, elapsed time.Duration) *loadReport {
	r := &loadReport{elapsed: elapsed, perOp: make([][]time.Duration, len(httpMix)), errors: make([]int, len(httpMix))}
	for _, w := range workers {
		for k, l := range w.latencies {
			r.perOp[k] = append(r.perOp[k], l...)
			r.errors[k] += w.errors[k]
			if httpMix[k].command {
				r.cmd = append(r.cmd, l...)
			} else {
				r.qry = append(r.qry, l...)
			}
		}
		r.events += w.events
		r.samples = append(r.samples, w.samples...)
	}
	for _, l := range r.perOp {
		slices.Sort(l)
	}
	r.all = slices.Concat(r.cmd, r.qry)
	for _, l := range [][]time.Duration{r.cmd, r.qry, r.all} {
		slices.Sort(l)
	}
	return r
}

// quantile of sorted latencies, in milliseconds (nearest rank).
func httpQuantile(sorted []time.Duration, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := min(len(sorted)-1, int(q*float64(len(sorted))))
	return float64(sorted[i].Microseconds()) / 1000
}

// figures is the flat JSON object: overall, per kind (command, query) and
// per operation.
func (r *loadReport) figures(o httpOptions) map[string]float64 {
	secs := r.elapsed.Seconds()
	errs := 0
	for _, e := range r.errors {
		errs += e
	}
	f := map[string]float64{
		"http_cmd_rps": float64(len(r.cmd)) / secs, "http_query_rps": float64(len(r.qry)) / secs,
		"http_p50_ms": httpQuantile(r.all, 0.50), "http_p99_ms": httpQuantile(r.all, 0.99),
		"http_cmd_p50_ms": httpQuantile(r.cmd, 0.50), "http_cmd_p99_ms": httpQuantile(r.cmd, 0.99),
		"http_query_p50_ms": httpQuantile(r.qry, 0.50), "http_query_p99_ms": httpQuantile(r.qry, 0.99),
		"http_errors": float64(errs), "http_events_per_s": float64(r.events) / secs,
		"connections": float64(o.connections), "duration_s": secs,
		"http_append_mean_ms": r.appendMeanMS, "pool_acquire_mean_ms": r.acquireMeanMS, "pool_acquire_empty_share": r.acquireEmptyShare,
		"idempotency_lookup_mean_ms": r.lookupMeanMS, "idempotency_save_mean_ms": r.saveMeanMS,
	}
	if n := float64(len(r.all)); n > 0 {
		f["process_cpu_ms_per_req"] = float64(r.selfCPU.Microseconds()) / 1000 / n
		f["pg_backend_cpu_ms_per_req"] = float64(r.pgCPU.Microseconds()) / 1000 / n
		f["process_cpu_cores"], f["pg_backend_cpu_cores"] = r.selfCPU.Seconds()/secs, r.pgCPU.Seconds()/secs
	}
	if n := float64(len(r.cmd)); n > 0 && r.xacts > 0 {
		f["pg_xacts_per_cmd"] = float64(r.xacts) / n
	}
	f["idempotency_keys"], f["projections"], f["query_share_pct"] = httpBool(o.idempotencyKeys), httpBool(o.projections), float64(o.queryShare)
	for k, op := range httpMix {
		name := "op_" + strings.ReplaceAll(op.name, "-", "_")
		f[name+"_rps"] = float64(len(r.perOp[k])) / secs
		f[name+"_p99_ms"] = httpQuantile(r.perOp[k], 0.99)
	}
	return f
}

func (r *loadReport) print(f map[string]float64) {
	fmt.Printf("\n%-20s %10s %10s %10s %8s\n", "request", "req/s", "p50 ms", "p99 ms", "errors")
	for k, op := range httpMix {
		l := r.perOp[k]
		fmt.Printf("%-20s %10.0f %10.2f %10.2f %8d\n", op.name, float64(len(l))/r.elapsed.Seconds(), httpQuantile(l, 0.5), httpQuantile(l, 0.99), r.errors[k])
	}
	fmt.Printf("%-20s %10.0f %10.2f %10.2f\n", "commands", f["http_cmd_rps"], f["http_cmd_p50_ms"], f["http_cmd_p99_ms"])
	fmt.Printf("%-20s %10.0f %10.2f %10.2f\n", "queries", f["http_query_rps"], f["http_query_p50_ms"], f["http_query_p99_ms"])
	fmt.Printf("%-20s %10.0f %10.2f %10.2f %8.0f\n", "all", f["http_cmd_rps"]+f["http_query_rps"], f["http_p50_ms"], f["http_p99_ms"], f["http_errors"])
	fmt.Printf("events appended/s %.0f; command rate / single-append rate %.2f\n", f["http_events_per_s"], f["http_ratio_to_append"])
	fmt.Printf("mean event store append inside a command: %.2f ms; mean wait for a pool connection %.2f ms (%.0f%% found none idle)\n",
		f["http_append_mean_ms"], f["pool_acquire_mean_ms"], 100*f["pool_acquire_empty_share"])
	fmt.Printf("idempotency store inside a command: lookup %.2f ms, save (own commit) %.2f ms\n",
		f["idempotency_lookup_mean_ms"], f["idempotency_save_mean_ms"])
	fmt.Printf("CPU per request: this process (server and client) %.3f ms (%.2f cores), database backends %.3f ms (%.2f cores)\n",
		f["process_cpu_ms_per_req"], f["process_cpu_cores"], f["pg_backend_cpu_ms_per_req"], f["pg_backend_cpu_cores"])
	fmt.Printf("database transactions per command (read models' batches included): %.2f\n", f["pg_xacts_per_cmd"])
	for _, s := range r.samples {
		fmt.Println("error:", s)
	}
}

func httpBool(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
