package main

import (
	"math"
	"net/http"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// resultsAt makes n results sent one every `every`, with latencies
// 1ms..n ms in order, failing those fail says.
func resultsAt(n int, every time.Duration, fail func(i int) bool) []attackResult {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]attackResult, n)
	for i := range out {
		out[i] = attackResult{at: start.Add(time.Duration(i) * every), latency: time.Duration(i+1) * time.Millisecond, code: 201}
		if fail != nil && fail(i) {
			out[i].code, out[i].err = 0, "timeout"
		}
	}
	return out
}

func TestSummarize_QuantilesAreNearestRankOverEveryAnswer(t *testing.T) {
	// Given 1,000 answers of 1..1000 ms, one every millisecond.
	s := summarize(resultsAt(1000, time.Millisecond, nil))
	// Then p50 is the 501st, p99 the 991st, p99.9 the 1000th latency.
	if s.p50 != 501 || s.p99 != 991 || s.p999 != 1000 {
		t.Errorf("p50, p99, p99.9 = %v, %v, %v ms; want 501, 991, 1000", s.p50, s.p99, s.p999)
	}
	if s.requests != 1000 || s.errors != 0 {
		t.Errorf("requests %d errors %d; want 1000 and 0", s.requests, s.errors)
	}
}

func TestSummarize_ThroughputCountsOnlySuccessesOverTheSendSpan(t *testing.T) {
	// Given 101 requests sent over exactly one second, of which every
	// other one failed (51 failures, 50 successes).
	s := summarize(resultsAt(101, 10*time.Millisecond, func(i int) bool { return i%2 == 0 }))
	// Then 100 intervals in a second is a sent rate of 100/s, and 50
	// successes in that second a throughput of 50/s.
	if math.Abs(s.sentRPS-100) > 1e-9 || math.Abs(s.throughput-50) > 1e-9 {
		t.Errorf("sent %v/s ok %v/s; want 100 and 50", s.sentRPS, s.throughput)
	}
	if s.errors != 51 || s.firstErr == "" {
		t.Errorf("errors %d first %q; want 51 and a sample", s.errors, s.firstErr)
	}
	// And the failed answers' latencies are in the quantiles: the
	// slowest (101 ms) failed.
	if s.p999 != 101 {
		t.Errorf("p99.9 = %v ms; want 101 (a failed answer)", s.p999)
	}
}

func TestSummarize_NonSuccessStatusIsAnError(t *testing.T) {
	// Given answers 201, 409 and 500 with no transport error.
	rs := resultsAt(3, time.Millisecond, nil)
	rs[1].code, rs[2].code = 409, 500
	// Then two count as errors.
	if s := summarize(rs); s.errors != 2 {
		t.Errorf("errors %d; want 2", s.errors)
	}
}

func TestSummarize_NothingMeasuredIsZero(t *testing.T) {
	// Given no results, or a single one (no span).
	for _, rs := range [][]attackResult{nil, resultsAt(1, time.Millisecond, nil)} {
		s := summarize(rs)
		// Then rates are zero, not a division by zero.
		if s.throughput != 0 || s.sentRPS != 0 || math.IsNaN(s.throughput) {
			t.Errorf("%d results: throughput %v sent %v; want 0", len(rs), s.throughput, s.sentRPS)
		}
	}
}

func TestBenchTargeter_FreshIdempotencyKeyPerCommandOnly(t *testing.T) {
	// Given a targeter alternating a command and a query.
	n := 0
	tr := benchTargeter("http://h", "run", func() benchRequest {
		n++
		if n%2 == 1 {
			return benchRequest{method: http.MethodPost, path: "/c", token: "tok", body: []byte(`{}`), command: true}
		}
		return benchRequest{method: http.MethodGet, path: "/q", token: "tok"}
	})
	keys := map[string]bool{}
	for i := range 6 {
		var tg vegeta.Target
		if err := tr(&tg); err != nil {
			t.Fatal(err)
		}
		// Then every request carries the token, every command a key no
		// other carries, and no query a key.
		if tg.Header.Get("Authorization") != "Bearer tok" {
			t.Errorf("request %d: Authorization %q", i, tg.Header.Get("Authorization"))
		}
		key := tg.Header.Get("Idempotency-Key")
		switch {
		case tg.Method == http.MethodPost && (key == "" || keys[key]):
			t.Errorf("command %d: key %q empty or repeated", i, key)
		case tg.Method == http.MethodGet && key != "":
			t.Errorf("query %d carries key %q", i, key)
		}
		keys[key] = true
		if tg.Method == http.MethodPost && (tg.URL != "http://h/c" || tg.Header.Get("Content-Type") != "application/json") {
			t.Errorf("command %d: URL %q content type %q", i, tg.URL, tg.Header.Get("Content-Type"))
		}
	}
}
