package main

// benchSuite is one opsbench suite as `opsbench all` runs it and
// `opsbench report` renders it. Its --json output is <name>.json in the
// results directory.
//
// A new suite is one row of benchSuites: a name and its arguments are
// enough (the report then lists every numeric field of its --json);
// pairs and goals, when given, put figures beside their same-run
// baselines and check them.
type benchSuite struct {
	name  string
	title string
	// args are the subcommand and its flags for the default run; long
	// replaces them under `opsbench all --long`. --postgres and --json
	// are added by `opsbench all`.
	args, long []string
	pairs      []figurePair
	goals      []benchGoal
}

// figurePair is one of our figures beside the baseline measured in the
// same run, and their ratio (a field of the suite's JSON, or computed
// when ratio is empty).
type figurePair struct {
	label, ours, baseline, ratio string
}

// benchGoal is one target a figure must meet.
type benchGoal struct {
	key    string // field of the suite's JSON
	op     goalOp
	target float64
	what   string
}

// goalOp is how a figure is held against its target.
type goalOp string

const (
	atLeast    goalOp = "≥"
	atMost     goalOp = "≤"
	withinPlus goalOp = "within ±" // the figure lies between -target and target
)

// met reports whether v meets the goal.
func (g benchGoal) met(v float64) bool {
	switch g.op {
	case atLeast:
		return v >= g.target
	case atMost:
		return v <= g.target
	case withinPlus:
		return v >= -g.target && v <= g.target
	}
	return false
}

// benchSuites are the suites `make bench` runs, in order. The default
// lengths keep the whole run within about 15 minutes on a 2-core
// machine; --long runs the lengths the README's figures were taken at.
var benchSuites = []benchSuite{
	{name: "eventstore", title: "Event store against raw pgx inserts into a plain table",
		args: []string{"eventstore", "--events", "10000", "--rounds", "3"}, long: []string{"eventstore"},
		pairs: []figurePair{
			{"append 1 event, 1 writer (events/s)", "append_1_eps", "raw_insert_1_eps", "append_ratio_1"},
			{"append 1 event, 16 writers (events/s)", "append_16_eps", "raw_insert_16_eps", "append_ratio_16"},
			{"append 10 events, 16 writers (events/s)", "append_batch10_16_eps", "raw_batch10_16_eps", "batch10_ratio_16"},
			{"read all back in order (events/s)", "readall_eps", "raw_readall_eps", "readall_ratio"},
		}},
	{name: "rebuild", title: "Rebuild of every read model from a generated history, against COPY",
		args: []string{"rebuild", "--events", "200000"}, long: []string{"rebuild", "--events", "1000000"},
		pairs: []figurePair{{"rebuild (events/s)", "rebuild_eps", "rebuild_ceiling_eps", "rebuild_ratio"}}},
	{name: "lag", title: "Command commit to read-model row visible, at a fixed command rate",
		args: []string{"lag", "--rate", "500", "--duration", "30s"}, long: []string{"lag", "--rate", "1000", "--duration", "60s"},
		pairs: []figurePair{{"lag p50 (ms)", "lag_p50_ms", "", ""}, {"lag p99 (ms)", "lag_p99_ms", "", ""}, {"lag max (ms)", "lag_max_ms", "", ""}}},
	{name: "http", title: "Mixed commands and queries over loopback HTTP (closed loop, 32 connections)",
		args: []string{"http", "--duration", "30s"}, long: []string{"http", "--duration", "60s"},
		pairs: []figurePair{
			{"commands/s against a lone writer's appends/s", "http_cmd_rps", "append_1_eps", "http_ratio_to_append"},
			{"command p99 (ms)", "http_cmd_p99_ms", "", ""},
		},
		goals: []benchGoal{
			{"http_cmd_rps", atLeast, 2000, "commands per second of the mix"},
			{"http_p99_ms", atMost, 50, "p99 of the mix (ms)"},
		}},
	{name: "crud", title: "Open loop against a plain CRUD service (chi + pgx, one INSERT a request)",
		args: []string{"http", "--compare-crud", "--compare-duration", "10s"},
		pairs: []figurePair{
			{"one-event command, maximum (requests/s)", "one_max_rps", "crud_max_rps", "crud_ratio_rps"},
			{"mix, maximum (requests/s)", "mix_max_rps", "crud_max_rps", "mix_ratio_rps"},
			{"one-event command, p99 at 90% of plain max (ms)", "one_at90_p99_ms", "crud_at90_p99_ms", "crud_ratio_p99"},
			{"mix, p99 at 90% of plain max (ms)", "mix_at90_p99_ms", "crud_at90_p99_ms", "mix_ratio_p99"},
			{"one-event command, p99 at 50% of plain max (ms)", "one_at50_p99_ms", "crud_at50_p99_ms", ""},
			{"10,000-event streams against 10-event streams, p99 warm (ms)", "stream_long_warm_p99_ms", "stream_short_warm_p99_ms", "p99_long_over_short"},
			{"the same after a restart (ms)", "stream_long_restart_p99_ms", "stream_short_restart_p99_ms", "p99_long_over_short_restart"},
			{"first command after a restart, 10,000 against 10 events (ms)", "cold_command_ms_10k", "cold_command_ms_10", ""},
			{"CPU per one-event command, this process (ms)", "one_max_process_cpu_ms_per_req", "crud_max_process_cpu_ms_per_req", ""},
			{"CPU per one-event command, PostgreSQL (ms)", "one_max_pg_cpu_ms_per_req", "crud_max_pg_cpu_ms_per_req", ""},
		},
		goals: []benchGoal{
			{"crud_ratio_rps", atLeast, 1.0, "one-event command's maximum over the plain service's"},
			{"crud_ratio_p99", atMost, 2, "p99 at 90% of the plain maximum, ours over plain"},
			{"p99_long_over_short", atMost, 1.2, "p99 on 10,000-event streams over 10-event streams"},
			{"cold_command_ms_10k", atMost, 5, "first command on a 10,000-event stream after a restart (ms)"},
		}},
	{name: "kpi", title: "Every KPI query (R1–R12) on a generated history",
		args: []string{"kpi", "--events", "200000", "--rounds", "10"}, long: []string{"kpi", "--events", "1000000"},
		pairs: []figurePair{{"KPI query p50 (ms)", "kpi_p50_ms", "", ""}, {"KPI query p99 (ms)", "kpi_p99_ms", "", ""}},
		goals: []benchGoal{{"kpi_p99_ms", atMost, 20, "p99 of every KPI query (ms)"}}},
	{name: "access", title: "Personal-data reads with the read-access log on against off",
		args:  []string{"access", "--duration", "20s"},
		pairs: []figurePair{{"personal-data reads/s, log on against off", "access_log_on_reads_per_s", "access_log_off_reads_per_s", "access_log_ratio"}},
		goals: []benchGoal{{"access_log_ratio", atLeast, 0.8, "reads with the access log over reads without"}}},
	{name: "integrity", title: "The verifiable log: sealing, verifying and appending with the sealer on",
		args: []string{"integrity", "--events", "200000"}, long: []string{"integrity"},
		pairs: []figurePair{
			{"sealing against reading $all back (events/s)", "seal_eps", "readback_eps", "seal_ratio"},
			{"single append with the sealer on against off (events/s)", "append_1_eps_sealed", "append_1_eps_unsealed", "append_ratio_sealed_eventstore"},
			{"http mix with the sealer on against off (commands/s)", "http_cmd_rps_sealed", "http_cmd_rps_unsealed", "append_ratio_sealed_http"},
			{"verify (events/s)", "verify_eps", "", ""},
			{"seal lag p99 (ms)", "seal_lag_p99_ms", "", ""},
		},
		goals: []benchGoal{
			{"seal_ratio", atLeast, 0.5, "sealing rate over the $all read-back rate"},
			{"seal_lag_p99_ms", atMost, 1000, "seal lag p99 at 1,000 commands/s (ms)"},
			{"verify_eps", atLeast, 200000, "verify rate (events/s)"},
			{"append_ratio_sealed", atLeast, 0.9, "appends with the sealer over appends without"},
		}},
	{name: "history", title: "Audit history: as-of state of a long stream and as-of lists",
		args: []string{"history", "--contracts", "20000"}, long: []string{"history"},
		pairs: []figurePair{{"as-of state, 1,000-event stream, p99 (ms)", "history_asof_p99_ms", "", ""},
			{"as-of list of contracts by state, page of 50, p99 (ms)", "history_list_p99_ms", "", ""}},
		goals: []benchGoal{
			{"history_asof_p99_ms", atMost, 5, "as-of state of an aggregate with 1,000 events, p99 (ms)"},
			{"history_list_p99_ms", atMost, 50, "as-of list over the versioned contracts, p99 (ms)"},
		}},
	{name: "sse", title: "Server-sent events: 200 clients while commands run",
		args: []string{"sse", "--duration", "20s"}, long: []string{"sse", "--duration", "60s"},
		pairs: []figurePair{{"commit to event received, p99 (ms)", "sse_p99_ms", "", ""}},
		goals: []benchGoal{
			{"sse_p99_ms", atMost, 50, "commit to event received by a client, p99 (ms)"},
			{"sse_missed", atMost, 0, "events a client may see that it missed"},
			{"sse_duplicates", atMost, 0, "events a client received twice"},
		}},
	{name: "reactions", title: "The bus: forwarder on GoChannel and JetStream, reaction latency, takeover after SIGKILL",
		args: []string{"reactions", "--events", "20000", "--rate", "500", "--duration", "10s"},
		long: []string{"reactions", "--events", "100000", "--rate", "500", "--duration", "60s"},
		pairs: []figurePair{
			{"forwarder, JetStream against GoChannel (events/s)", "forward_eps_jetstream", "forward_eps_gochannel", "forward_ratio_jetstream"},
			{"signed contract to customer cooperating at 500/s on JetStream, p99 (ms)", "reaction_p99_ms", "", ""},
			{"SIGKILL of the lease holder to first event forwarded by another (s)", "takeover_s", "", ""},
		},
		goals: []benchGoal{
			{"reaction_p99_ms", atMost, 100, "trigger commit to reaction's command committed at 500 commands/s on JetStream, p99 (ms)"},
			{"takeover_s", atMost, 5, "SIGKILL to the first event applied by the new holder (s)"},
		}},
	{name: "export", title: "Export of the log and replay of the read models as of a date",
		args: []string{"export", "--events", "100000"}, long: []string{"export", "--events", "1000000"},
		pairs: []figurePair{
			{"export as NDJSON against reading $all back (events/s)", "export_ndjson_eps", "readall_eps", "export_ratio_ndjson"},
			{"export as Parquet against reading $all back (events/s)", "export_parquet_eps", "readall_eps", "export_ratio_parquet"},
			{"replay as of a date against a full rebuild (events/s)", "replay_eps", "rebuild_eps", "replay_ratio"},
		},
		goals: []benchGoal{
			{"export_ratio_ndjson", atLeast, 0.7, "NDJSON export over the $all read-back rate"},
			{"export_ratio_parquet", atLeast, 0.4, "Parquet export over the $all read-back rate"},
			{"replay_ratio", atLeast, 0.8, "replay as of a date over the full rebuild rate"},
		}},
	{name: "soak", title: "Soak: the mix at a fixed share of its maximum",
		args: []string{"soak", "--duration", "2m"}, long: []string{"soak", "--duration", "30m"},
		pairs: []figurePair{
			{"heap (MB), last window against reference window", "soak_heap_mb_last", "soak_heap_mb_ref", ""},
			{"RSS (MB)", "soak_rss_mb_last", "soak_rss_mb_ref", ""},
			{"goroutines", "soak_goroutines_last", "soak_goroutines_ref", ""},
			{"open database connections", "soak_db_conns_last", "soak_db_conns_ref", ""},
			{"p99 (ms)", "soak_p99_ms_last", "soak_p99_ms_ref", ""},
			{"answered requests/s against the offered rate", "soak_rps", "soak_rate", ""},
		},
		goals: []benchGoal{
			{"soak_heap_mb_drift", withinPlus, 0.10, "heap, last window over reference window − 1"},
			{"soak_rss_mb_drift", withinPlus, 0.10, "RSS, last window over reference window − 1"},
			{"soak_goroutines_drift", withinPlus, 0.10, "goroutines, last window over reference window − 1"},
			{"soak_p99_ms_drift", withinPlus, 0.10, "p99, last window over reference window − 1"},
		}},
}

// suiteNamed returns the suite of that name, if the table has it.
func suiteNamed(name string) (benchSuite, bool) {
	for _, s := range benchSuites {
		if s.name == name {
			return s, true
		}
	}
	return benchSuite{}, false
}
