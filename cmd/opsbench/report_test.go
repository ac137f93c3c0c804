package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestRenderReport_FiguresBesideBaselinesAndGoals(t *testing.T) {
	// Given the results of the crud suite, which the table knows, and of
	// a suite it does not know.
	results := suiteResults{
		"crud": {"one_max_rps": 900, "crud_max_rps": 1500, "crud_ratio_rps": 0.6, "crud_ratio_p99": 1.5,
			"one_at90_p99_ms": 30, "crud_at90_p99_ms": 20, "cold_command_ms_10k": 3.25},
		"replay": {"verify_eps": 12345.6, "proof_p99_ms": 0.42},
	}
	m := machine{CPU: "AMD EPYC", Cores: 2, MemoryGB: 23.5, GoVersion: "go1.26.8", PostgreSQL: "PostgreSQL 15.20",
		Command: "opsbench all --only crud", Runs: map[string]suiteRun{"crud": {Args: []string{"http", "--compare-crud"}, Seconds: 300}}}
	// When the report is rendered.
	out := renderReport(m, results, "")
	// Then the machine is described.
	for _, want := range []string{"| CPU | AMD EPYC, 2 cores |", "| memory | 23.5 GB |", "| Go | go1.26.8 |", "| PostgreSQL | PostgreSQL 15.20 |"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// And each figure stands beside its baseline and ratio: the suite's
	// own ratio, or ours over the baseline when it has none.
	for _, want := range []string{
		"| one-event command, maximum (requests/s) | 900 | 1,500 | 0.600 |",
		"| one-event command, p99 at 90% of plain max (ms) | 30.00 | 20.00 | 1.50 |",
		"| first command after a restart, 10,000 against 10 events (ms) | 3.25 | – | – |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks the row %q", want)
		}
	}
	// And the goals pass or fail, or are not measured.
	for _, want := range []string{
		"| crud | `crud_ratio_rps`: one-event command's maximum over the plain service's | ≥ 1.00 | 0.600 | FAIL |",
		"| crud | `crud_ratio_p99`: p99 at 90% of the plain maximum, ours over plain | ≤ 2.00 | 1.50 | pass |",
		"| crud | `cold_command_ms_10k`: first command on a 10,000-event stream after a restart (ms) | ≤ 5.00 | 3.25 | pass |",
		"| crud | `p99_long_over_short`: p99 on 10,000-event streams over 10-event streams | ≤ 1.20 | not measured | – |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks the goal %q", want)
		}
	}
	// And the command that produced it is given, per suite.
	if !strings.Contains(out, "| crud | `opsbench http --compare-crud` | 5m0s |") {
		t.Error("report lacks the crud suite's command and time")
	}
	// And the unknown suite is rendered with every numeric field.
	for _, want := range []string{"## replay (`replay`)", "| `verify_eps` | 12,346 |", "| `proof_p99_ms` | 0.420 |"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q of the unknown suite", want)
		}
	}
	// And, no suite having measured a peer, the report says so.
	if !strings.Contains(out, "No suite measured another system") {
		t.Error("report does not say that no peer was measured")
	}
	// And known suites come first, in the table's order.
	if strings.Index(out, "(`crud`)") > strings.Index(out, "(`replay`)") {
		t.Error("the unknown suite comes before the known one")
	}
}

func TestWriteReport_ReadsTheSuitesJSONAndLinksThePlot(t *testing.T) {
	// Given a results directory with a soak's JSON and plot, a suite's
	// JSON with a non-numeric field, and the machine's description.
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("soak.json", `{"soak_heap_mb_drift": 0.02, "soak_rss_mb_drift": -0.01, "soak_goroutines_drift": 0, "soak_p99_ms_drift": 0.25}`)
	write("lag.json", `{"lag_p99_ms": 25.5, "note": "text is skipped"}`)
	write("soak.png", "not really a png")
	write(machineFile, `{"cpu": "AMD EPYC", "cores": 2}`)
	out := filepath.Join(dir, "BENCHMARKS.md")
	// When the report is written.
	if err := writeReport(dir, out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	// Then the soak's goals are judged, its plot linked beside the report.
	for _, want := range []string{
		"| soak | `soak_heap_mb_drift`: heap, last window over reference window − 1 | within ± 0.100 | 0.020 | pass |",
		"| soak | `soak_p99_ms_drift`: p99, last window over reference window − 1 | within ± 0.100 | 0.250 | FAIL |",
		"](soak.png)",
		"| lag p99 (ms) | 25.50 | – | – |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(md, "note") {
		t.Error("a non-numeric field was rendered")
	}
	// And a directory without results is refused.
	if err := writeReport(t.TempDir(), filepath.Join(dir, "x.md")); err == nil {
		t.Error("a report was written from no results")
	}
}

func TestSuiteArgs_LongRunsAndTheSoakDuration(t *testing.T) {
	soak, _ := suiteNamed("soak")
	crud, _ := suiteNamed("crud")
	if got := strings.Join(suiteArgs(soak, allOptions{}), " "); got != "soak --duration 2m" {
		t.Errorf("default soak args = %q", got)
	}
	if got := strings.Join(suiteArgs(soak, allOptions{long: true}), " "); got != "soak --duration 30m" {
		t.Errorf("long soak args = %q", got)
	}
	if got := strings.Join(suiteArgs(soak, allOptions{soak: 45 * 60e9}), " "); got != "soak --duration 45m0s" {
		t.Errorf("--soak 45m args = %q", got)
	}
	// A suite without long lengths runs its default ones under --long.
	if got := strings.Join(suiteArgs(crud, allOptions{long: true}), " "); got != strings.Join(crud.args, " ") {
		t.Errorf("long crud args = %q", got)
	}
	// And the table's own args are never changed.
	if soak.args[2] != "2m" {
		t.Error("suiteArgs changed the table")
	}
}

func TestParseAllFlags_RefusesUnknownSuites(t *testing.T) {
	if _, err := parseAllFlags([]string{"--only", "crud,nosuch"}); err == nil {
		t.Error("an unknown suite was accepted")
	}
	o, err := parseAllFlags([]string{"--only", "crud, soak", "--skip", "soak"})
	if err != nil {
		t.Fatal(err)
	}
	if !o.selected("crud") || o.selected("soak") || o.selected("lag") {
		t.Errorf("selection of --only crud,soak --skip soak wrong: %+v", o)
	}
}

func TestBenchSuites_EveryRowRunsASubcommand(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range benchSuites {
		if seen[s.name] {
			t.Errorf("suite %q twice: its JSON files would overwrite each other", s.name)
		}
		seen[s.name] = true
		for _, args := range [][]string{s.args, s.long} {
			if len(args) == 0 {
				continue
			}
			if !slices.ContainsFunc(subcommands, func(c command) bool { return c.name == args[0] }) {
				t.Errorf("suite %q runs %q, which is no subcommand", s.name, args[0])
			}
			if slices.Contains(args, "--json") || slices.Contains(args, "--postgres") {
				t.Errorf("suite %q sets --json or --postgres, which opsbench all adds", s.name)
			}
		}
		if len(s.args) == 0 {
			t.Errorf("suite %q has no arguments", s.name)
		}
	}
}
