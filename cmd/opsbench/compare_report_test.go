package main

import (
	"math"
	"slices"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestCompareFigures_Goals(t *testing.T) {
	// Given the runs of a comparison.
	runs := compareRuns{
		keyCRUDMax: {throughput: 4000}, keyOneMax: {throughput: 1000}, keyMixMax: {throughput: 1200},
		rateKey("crud", 90): {p99: 5, offered: 3600}, rateKey("one", 90): {p99: 40, offered: 3600}, rateKey("mix", 90): {p99: 60, offered: 3600},
		streamKey("short", false): {p99: 10}, streamKey("long", false): {p99: 15},
		streamKey("short", true): {p99: 20}, streamKey("long", true): {p99: 50},
	}
	// When the figures are computed.
	f := compareFigures(runs)
	coldRounds{long: []float64{42.5}, short: []float64{7}}.figures(f)
	// Then the goals are the ratios of the right runs.
	for name, want := range map[string]float64{
		"crud_ratio_rps": 0.25, "mix_ratio_rps": 0.3, "crud_ratio_p99": 8, "mix_ratio_p99": 12,
		"p99_long_over_short": 1.5, "p99_long_over_short_restart": 2.5,
		"cold_command_ms_10k": 42.5, "cold_command_ms_10": 7,
		"one_max_rps": 1000, "one_at90_p99_ms": 40, "one_at90_offered_rps": 3600,
	} {
		if !near(f[name], want) {
			t.Errorf("%s = %v; want %v", name, f[name], want)
		}
	}
	// And a closed-loop run has no offered rate.
	if _, ok := f["one_max_offered_rps"]; ok {
		t.Error("a closed-loop run reports an offered rate")
	}
}

func TestCompareFigures_MissingRunsGiveZeroNotInfinity(t *testing.T) {
	// Given no runs at all (a plain service that answered nothing).
	f := compareFigures(compareRuns{})
	// Then every ratio is zero.
	for _, name := range []string{"crud_ratio_rps", "crud_ratio_p99", "p99_long_over_short", "mix_ratio_p99"} {
		if f[name] != 0 || math.IsInf(f[name], 0) || math.IsNaN(f[name]) {
			t.Errorf("%s = %v; want 0", name, f[name])
		}
	}
}

func TestColdRounds_GoalIsTheMedianOfTheRoundsWithTheirSpread(t *testing.T) {
	// Given three restarts, one of them slowed by a neighbour's burst.
	r := coldRounds{long: []float64{3.4, 8.0, 4.1}, short: []float64{2, 3, 2.5}, first: []float64{6, 9, 7}, readyS: []float64{1, 2, 3}}
	// When the figures are computed.
	f := map[string]float64{}
	r.figures(f)
	// Then the goal's figure is the middle round's, the spread beside it.
	for name, want := range map[string]float64{
		"cold_command_ms_10k": 4.1, "cold_command_ms_10k_min": 3.4, "cold_command_ms_10k_max": 8.0,
		"cold_command_ms_10": 2.5, "restart_first_command_ms": 7, "restart_ready_s": 2, "cold_rounds": 3,
	} {
		if !near(f[name], want) {
			t.Errorf("%s = %v; want %v", name, f[name], want)
		}
	}
}

func TestCyclic_WrapsAroundTheSet(t *testing.T) {
	// Given five streams and rounds of three.
	ids := []string{"a", "b", "c", "d", "e"}
	// Then the second round takes the next three, wrapping around.
	if got := cyclic(ids, 3, 3); !slices.Equal(got, []string{"d", "e", "a"}) {
		t.Errorf("cyclic = %v; want [d e a]", got)
	}
}

func TestCompareOptions_Check(t *testing.T) {
	ok := compareOptions{enabled: true, duration: 1, streams: 2, shortEvents: 10, longEvents: 10000, snapshotEvery: 100, coldRounds: 3}
	if err := ok.check(); err != nil {
		t.Errorf("valid options refused: %v", err)
	}
	for name, bad := range map[string]func(*compareOptions){
		"no duration":          func(o *compareOptions) { o.duration = 0 },
		"one stream":           func(o *compareOptions) { o.streams = 1 },
		"short below register": func(o *compareOptions) { o.shortEvents = 2 },
		"long below short":     func(o *compareOptions) { o.longEvents = 9 },
		"negative snapshots":   func(o *compareOptions) { o.snapshotEvery = -1 },
		"no cold round":        func(o *compareOptions) { o.coldRounds = 0 },
	} {
		o := ok
		bad(&o)
		if o.check() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// And nothing is checked when the comparison is off.
	if (compareOptions{}).check() != nil {
		t.Error("the defaults of a run without --compare-crud refused")
	}
}

func TestUrlPath(t *testing.T) {
	for in, want := range map[string]string{
		"http://127.0.0.1:8080/quotations":           "/quotations",
		"http://127.0.0.1:8080/quotations/q1/submit": "/quotations/q1/submit",
		"http://127.0.0.1:8080":                      "/",
	} {
		if got := urlPath(in); got != want {
			t.Errorf("urlPath(%q) = %q; want %q", in, got, want)
		}
	}
}
