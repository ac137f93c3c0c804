package main

import (
	"fmt"
	"slices"
)

// compareRuns are the measured runs of --compare-crud, by key (see
// compareKeys); the figures and the goals come from them.
type compareRuns map[string]runSummary

// The runs' keys: the maximum throughputs (closed loop), the open-loop
// runs at 50% and 90% of the plain service's maximum, and the stream
// runs (at half the one-event command's own maximum) warm and after a
// restart.
const (
	keyCRUDMax = "crud_max"
	keyOneMax  = "one_max"
	keyMixMax  = "mix_max"
)

func rateKey(service string, pct int) string { return fmt.Sprintf("%s_at%d", service, pct) }

func streamKey(length string, restarted bool) string {
	if restarted {
		return "stream_" + length + "_restart"
	}
	return "stream_" + length + "_warm"
}

// ratio is a/b, or 0 when b is 0 (nothing measured).
func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// compareFigures is the flat JSON object: every run's throughput, sent
// rate, quantiles and errors, and the goals of issue 15.
func compareFigures(runs compareRuns) map[string]float64 {
	f := map[string]float64{}
	for key, s := range runs {
		f[key+"_rps"], f[key+"_sent_rps"], f[key+"_errors"] = s.throughput, s.sentRPS, float64(s.errors)
		f[key+"_p50_ms"], f[key+"_p99_ms"], f[key+"_p999_ms"] = s.p50, s.p99, s.p999
		if s.selfCPU > 0 {
			f[key+"_process_cpu_ms_per_req"], f[key+"_pg_cpu_ms_per_req"] = s.cpuPerRequestMS(s.selfCPU), s.cpuPerRequestMS(s.pgCPU)
		}
		if s.offered > 0 {
			f[key+"_offered_rps"] = s.offered
		}
	}
	f["crud_ratio_rps"] = ratio(runs[keyOneMax].throughput, runs[keyCRUDMax].throughput)
	f["mix_ratio_rps"] = ratio(runs[keyMixMax].throughput, runs[keyCRUDMax].throughput)
	f["crud_ratio_p99"] = ratio(runs[rateKey("one", 90)].p99, runs[rateKey("crud", 90)].p99)
	f["mix_ratio_p99"] = ratio(runs[rateKey("mix", 90)].p99, runs[rateKey("crud", 90)].p99)
	f["p99_long_over_short"] = ratio(runs[streamKey("long", false)].p99, runs[streamKey("short", false)].p99)
	f["p99_long_over_short_restart"] = ratio(runs[streamKey("long", true)].p99, runs[streamKey("short", true)].p99)
	return f
}

func printCompare(runs compareRuns, f map[string]float64) {
	fmt.Printf("\n%-26s %9s %9s %9s %9s %9s %9s %7s\n", "run", "offered/s", "sent/s", "ok/s", "p50 ms", "p99 ms", "p99.9 ms", "errors")
	keys := make([]string, 0, len(runs))
	for k := range runs {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return runs[a].order - runs[b].order })
	for _, k := range keys {
		s := runs[k]
		offered := "max"
		if s.offered > 0 {
			offered = fmt.Sprintf("%.0f", s.offered)
		}
		fmt.Printf("%-26s %9s %9.0f %9.0f %9.2f %9.2f %9.2f %7d\n", k, offered, s.sentRPS, s.throughput, s.p50, s.p99, s.p999, s.errors)
	}
	fmt.Printf("\ncrud_ratio_rps %.3f (one-event command max / plain max; mix: %.3f)\n", f["crud_ratio_rps"], f["mix_ratio_rps"])
	fmt.Printf("crud_ratio_p99 %.2f (p99 at 90%% of plain max, one-event command / plain; mix: %.2f)\n", f["crud_ratio_p99"], f["mix_ratio_p99"])
	fmt.Printf("p99_long_over_short %.2f warm, %.2f after a restart (10,000-event streams / 10-event streams)\n",
		f["p99_long_over_short"], f["p99_long_over_short_restart"])
	printCold(f)
	fmt.Printf("  alone, as the cold command is timed: a second (warm) command on the same 10,000-event streams %.2f ms, a request to the plain service %.2f ms\n",
		f["warm_command_ms_10k"], f["crud_alone_ms"])
	for _, k := range keys {
		if s := runs[k]; s.firstErr != "" {
			fmt.Printf("first error of %s: %s\n", k, s.firstErr)
		}
	}
}

func printCold(f map[string]float64) {
	fmt.Printf("cold_command_ms_10k %.2f (first command on a 10,000-event stream after a restart: median of %.0f restarts' medians, from %.2f to %.2f;\n"+
		"  10-event stream: %.2f; the restarted process's very first command: %.2f; first on a 10,000-event stream before any snapshot: %.2f)\n",
		f["cold_command_ms_10k"], f["cold_rounds"], f["cold_command_ms_10k_min"], f["cold_command_ms_10k_max"],
		f["cold_command_ms_10"], f["restart_first_command_ms"], f["first_command_ms_10k_no_snapshot"])
}
