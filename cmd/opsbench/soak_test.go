package main

import (
	"bytes"
	"encoding/csv"
	"image/png"
	"math"
	"testing"
	"time"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// soakRun is samples every 10 s over total, each series at base until
// from and at base×(1+rise) after it, but the database, which grows
// 10 MB a minute throughout.
func soakRun(total time.Duration, from time.Duration, rise float64) []soakSample {
	var out []soakSample
	for at := 10 * time.Second; at <= total; at += 10 * time.Second {
		k := 1.0
		if at > from {
			k = 1 + rise
		}
		out = append(out, soakSample{at: at, heapMB: 40 * k, rssMB: 120 * k, goroutines: int(200 * k), dbConns: 30,
			dbAcquired: 4, p99MS: 12 * k, rps: 500, errors: 0, dbMB: 10 * at.Minutes()})
	}
	return out
}

func TestWriteSoakCSV_OneRowPerSampleUnderTheHeader(t *testing.T) {
	// Given two samples.
	samples := []soakSample{
		{at: 5 * time.Second, heapMB: 41.5, rssMB: 130.25, goroutines: 210, httpConns: 64, dbConns: 31, dbAcquired: 3, p99MS: 12.5, rps: 499, errors: 1, dbMB: 20.5},
		{at: 10 * time.Second, heapMB: 42, rssMB: 131, goroutines: 211, httpConns: 90, dbConns: 32, dbAcquired: 5, p99MS: 13, rps: 501, dbMB: 21},
	}
	// When they are written as CSV.
	var b bytes.Buffer
	if err := writeSoakCSV(&b, samples); err != nil {
		t.Fatal(err)
	}
	// Then it reads back as the header and one row per sample, in order.
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	if len(rows) != 3 {
		t.Fatalf("rows = %d; want a header and 2 samples", len(rows))
	}
	want := [][]string{soakCSVHeader,
		{"5.000", "41.500", "130.250", "210", "64", "31", "3", "12.500", "499.000", "1", "20.500"},
		{"10.000", "42.000", "131.000", "211", "90", "32", "5", "13.000", "501.000", "0", "21.000"}}
	for i := range want {
		for j := range want[i] {
			if rows[i][j] != want[i][j] {
				t.Errorf("row %d column %s = %q; want %q", i, soakCSVHeader[j], rows[i][j], want[i][j])
			}
		}
	}
}

func TestWriteSoakPNG_OnePanelPerSeries(t *testing.T) {
	// Given a minute of samples.
	samples := soakRun(time.Minute, time.Minute, 0)
	// When they are plotted.
	var b bytes.Buffer
	if err := writeSoakPNG(&b, samples, windowsFor(time.Minute)); err != nil {
		t.Fatal(err)
	}
	// Then the file is a PNG as wide as a panel and as tall as one panel
	// per series.
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	size := img.Bounds().Size()
	dots := func(l vg.Length) float64 { return float64(l/vg.Inch) * vgimg.DefaultDPI }
	wantW, wantH := dots(soakPanelWidth), dots(soakPanelHeight)*float64(len(soakSeries))
	if math.Abs(float64(size.X)-wantW) > 1 || math.Abs(float64(size.Y)-wantH) > 1 {
		t.Errorf("plot is %dx%d; want %.0fx%.0f (%d panels)", size.X, size.Y, wantW, wantH, len(soakSeries))
	}
	// And nothing is plotted from no samples.
	if err := writeSoakPNG(&bytes.Buffer{}, nil, windowsFor(time.Minute)); err == nil {
		t.Error("an empty soak plotted")
	}
}

func TestWindowsFor_ScaleMinutesFiveToTenAndTheLastFive(t *testing.T) {
	// A 30-minute soak is judged on minutes 5–10 and 25–30, unscaled.
	w := windowsFor(30 * time.Minute)
	if w.refFrom != 5*time.Minute || w.refTo != 10*time.Minute || w.lastFrom != 25*time.Minute || w.lastTo != 30*time.Minute || w.scaled {
		t.Errorf("30m windows = %+v", w)
	}
	// A 60-second soak on seconds 10–20 and 50–60, scaled.
	w = windowsFor(time.Minute)
	if w.refFrom != 10*time.Second || w.refTo != 20*time.Second || w.lastFrom != 50*time.Second || !w.scaled {
		t.Errorf("1m windows = %+v", w)
	}
}

func TestSoakFigures_Flatness(t *testing.T) {
	// Given a 30-minute soak whose series stay level.
	f := soakFigures(soakRun(30*time.Minute, 30*time.Minute, 0), 30*time.Minute)
	// Then it is flat, each series drifting 0, while the growth of the
	// database is reported beside them, not judged.
	if f["soak_flat"] != 1 || f["soak_heap_mb_drift"] != 0 || f["soak_p99_ms_ref"] != 12 {
		t.Errorf("level soak: flat %v, heap drift %v, p99 ref %v", f["soak_flat"], f["soak_heap_mb_drift"], f["soak_p99_ms_ref"])
	}
	// (the windows' samples end at 5:10–10:00 and 25:10–30:00)
	want := (27.5+1.0/12)/(7.5+1.0/12) - 1
	if d := f["soak_db_mb_drift"]; math.Abs(d-want) > 1e-9 {
		t.Errorf("database drift %v; want the growth from minutes 5–10 to 25–30 (%.3f)", d, want)
	}
	// Given one whose series rise 9% after minute 20: still flat.
	f = soakFigures(soakRun(30*time.Minute, 20*time.Minute, 0.09), 30*time.Minute)
	if f["soak_flat"] != 1 || math.Abs(f["soak_goroutines_drift"]-0.09) > 1e-9 {
		t.Errorf("9%% rise: flat %v, goroutine drift %v; want flat at 0.09", f["soak_flat"], f["soak_goroutines_drift"])
	}
	// Given one whose series rise 11%: not flat.
	f = soakFigures(soakRun(30*time.Minute, 20*time.Minute, 0.11), 30*time.Minute)
	if f["soak_flat"] != 0 {
		t.Error("an 11% rise was judged flat")
	}
	// Given a soak whose windows hold no sample: not flat.
	f = soakFigures(soakRun(time.Minute, time.Minute, 0)[:1], time.Hour)
	if f["soak_flat"] != 0 {
		t.Error("a soak without samples in its windows was judged flat")
	}
}

func TestParseSoakFlags_RefusesRunsTooShortForTheWindows(t *testing.T) {
	for _, args := range [][]string{
		{"--duration", "20s", "--interval", "5s"},
		{"--duration", "0s"},
		{"--share", "0"},
		{"--rate", "-1"},
	} {
		if _, err := parseSoakFlags(args); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
	if _, err := parseSoakFlags([]string{"--duration", "60s", "--interval", "5s"}); err != nil {
		t.Errorf("a 60 s soak refused: %v", err)
	}
}

func TestCountServerGoroutines_LeavesOutTheLoadGeneratorAndCountsConnectionsApart(t *testing.T) {
	// Given a goroutine profile with server connections (idle, reading
	// ahead, serving a request), generator and client-side connection
	// goroutines, and the application's own.
	profile := "goroutine profile: total 25\n" +
		"10 @ 0x1 0x2\n#\t0x1\tbufio.(*Reader).Peek+0x1\t/go/src/bufio/bufio.go:1\n#\t0x2\tnet/http.(*conn).serve+0x1\t/go/src/net/http/server.go:1\n\n" +
		"3 @ 0x6\n#\t0x6\tnet/http.(*connReader).backgroundRead+0x1\t/go/src/net/http/server.go:1\n\n" +
		"2 @ 0x7 0x2\n#\t0x7\tgithub.com/opsledger/opsledger/coalesce.(*Coalescer[...]).Do+0x1\t/x/coalesce.go:1\n#\t0x2\tnet/http.(*conn).serve+0x1\t/go/src/net/http/server.go:1\n\n" +
		"4 @ 0x3\n#\t0x3\tgithub.com/tsenart/vegeta/v12/lib.(*Attacker).attack+0x1\t/x/attack.go:1\n\n" +
		"2 @ 0x4\n#\t0x4\tnet/http.(*persistConn).readLoop+0x1\t/go/src/net/http/transport.go:1\n\n" +
		"1 @ 0x5\n#\t0x5\tgithub.com/opsledger/opsledger/projections.(*Runner).Run+0x1\t/x/runner.go:1\n\n" +
		"3 @ 0x8\n#\t0x8\tgithub.com/opsledger/opsledger/api.(*Server).perRequest.func1+0x1\t/x/api.go:1\n"
	// When it is counted.
	app, conns := countServerGoroutines(profile)
	// Then the application's goroutines (the runner and the goroutines
	// a request started) count apart from the server's 12 connections
	// (idle or serving), and the generator's and the read-ahead
	// goroutines not at all.
	if app != 4 || conns != 12 {
		t.Errorf("application goroutines %d, connections %d; want 4 and 12", app, conns)
	}
}
