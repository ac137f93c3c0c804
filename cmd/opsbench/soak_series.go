package main

import (
	"math"
	"time"
)

// soakSample is what the soak records every interval: the process's
// memory and goroutines, the application's pool, and the requests
// answered in the interval.
type soakSample struct {
	at            time.Duration // since the soak began, at the interval's end
	heapMB, rssMB float64       // live heap after the last GC; resident set
	goroutines    int           // the application's (see serverGoroutines)
	httpConns     int           // the HTTP server's connections: the load generator's workers
	dbConns       int           // open connections of the application's pool
	dbAcquired    int           // of which in use
	dbMB          float64       // the database's size on disk (pg_database_size)
	p99MS, rps    float64
	errors        int
}

// soakSeries are the series the report compares between the windows,
// and plots, each one panel; goal marks those the flatness goal is set on
// (memory, goroutines and p99). The database grows with the log by
// design: its size is shown beside p99 so a p99 drift can be weighed
// against it, not judged.
var soakSeries = []struct {
	key, label string
	value      func(soakSample) float64
	goal       bool
}{
	{"heap_mb", "live heap (MB)", func(s soakSample) float64 { return s.heapMB }, true},
	{"rss_mb", "resident set (MB)", func(s soakSample) float64 { return s.rssMB }, true},
	{"goroutines", "goroutines (the application's)", func(s soakSample) float64 { return float64(s.goroutines) }, true},
	{"http_conns", "HTTP connections (the load generator's)", func(s soakSample) float64 { return float64(s.httpConns) }, false},
	{"db_conns", "open DB connections", func(s soakSample) float64 { return float64(s.dbConns) }, false},
	{"p99_ms", "p99 per interval (ms)", func(s soakSample) float64 { return s.p99MS }, true},
	{"db_mb", "database size (MB)", func(s soakSample) float64 { return s.dbMB }, false},
}

// The flatness goal of issue 15 is set on a 30-minute soak: the last 5
// minutes within 10% of minutes 5 to 10. A soak of another length scales
// both windows with it (a sixth of the run each).
const (
	soakReferenceLength = 30 * time.Minute
	soakFlatTolerance   = 0.10
)

// soakWindows are the reference window (minutes 5–10 of 30) and the last
// window (minutes 25–30 of 30), scaled to total.
type soakWindows struct {
	refFrom, refTo, lastFrom, lastTo time.Duration
	scaled                           bool
}

func windowsFor(total time.Duration) soakWindows {
	sixth := total / 6
	return soakWindows{refFrom: sixth, refTo: 2 * sixth, lastFrom: total - sixth, lastTo: total,
		scaled: total != soakReferenceLength}
}

// soakDrift is one series' means over the two windows and the drift of
// the last from the reference (last/ref − 1; 0 when both are 0, 1 when
// only the reference is).
type soakDrift struct {
	ref, last, drift float64
	samples          [2]int // in the reference and the last window
}

func (d soakDrift) flat() bool { return math.Abs(d.drift) <= soakFlatTolerance }

// driftOf compares the series' mean over the last window with its mean
// over the reference window. A sample counts in a window when its
// interval ends within it.
func driftOf(samples []soakSample, value func(soakSample) float64, w soakWindows) soakDrift {
	var d soakDrift
	var sums [2]float64
	for _, s := range samples {
		if s.at > w.refFrom && s.at <= w.refTo {
			sums[0] += value(s)
			d.samples[0]++
		}
		if s.at > w.lastFrom && s.at <= w.lastTo {
			sums[1] += value(s)
			d.samples[1]++
		}
	}
	if d.samples[0] > 0 {
		d.ref = sums[0] / float64(d.samples[0])
	}
	if d.samples[1] > 0 {
		d.last = sums[1] / float64(d.samples[1])
	}
	switch {
	case d.ref != 0:
		d.drift = d.last/d.ref - 1
	case d.last != 0:
		d.drift = 1
	}
	return d
}

// soakFigures are the soak's JSON: for every series its windows' means
// and drift, and whether all the goal's series stayed flat.
func soakFigures(samples []soakSample, total time.Duration) map[string]float64 {
	w := windowsFor(total)
	f := map[string]float64{
		"soak_duration_s": total.Seconds(), "soak_samples": float64(len(samples)),
		"soak_ref_from_s": w.refFrom.Seconds(), "soak_ref_to_s": w.refTo.Seconds(),
		"soak_last_from_s": w.lastFrom.Seconds(), "soak_last_to_s": w.lastTo.Seconds(),
		"soak_windows_scaled": boolFigure(w.scaled),
	}
	flat := true
	for _, s := range soakSeries {
		d := driftOf(samples, s.value, w)
		f["soak_"+s.key+"_ref"], f["soak_"+s.key+"_last"], f["soak_"+s.key+"_drift"] = d.ref, d.last, d.drift
		if s.goal {
			flat = flat && d.flat() && d.samples[0] > 0 && d.samples[1] > 0
		}
	}
	f["soak_flat"] = boolFigure(flat)
	var answered, errors float64
	for _, s := range samples {
		answered += s.rps
		errors += float64(s.errors)
	}
	if len(samples) > 0 {
		f["soak_rps"] = answered / float64(len(samples))
	}
	f["soak_errors"] = errors
	return f
}

func boolFigure(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
