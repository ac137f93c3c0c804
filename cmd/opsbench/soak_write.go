package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// soakCSVHeader names the CSV's columns, one row per sample.
var soakCSVHeader = []string{"seconds", "heap_mb", "rss_mb", "goroutines", "http_conns", "db_conns", "db_acquired", "p99_ms", "rps", "errors", "db_mb"}

// writeSoakCSV writes the samples as CSV with a header row.
func writeSoakCSV(w io.Writer, samples []soakSample) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(soakCSVHeader); err != nil {
		return err
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }
	for _, s := range samples {
		row := []string{num(s.at.Seconds()), num(s.heapMB), num(s.rssMB), strconv.Itoa(s.goroutines), strconv.Itoa(s.httpConns),
			strconv.Itoa(s.dbConns), strconv.Itoa(s.dbAcquired), num(s.p99MS), num(s.rps), strconv.Itoa(s.errors), num(s.dbMB)}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Size of one panel of the soak's plot.
const (
	soakPanelWidth  = 18 * vg.Centimeter
	soakPanelHeight = 5 * vg.Centimeter
)

// writeSoakPNG plots every series of soakSeries against time, one panel
// each, stacked, as a PNG; the windows the flatness is judged on are
// named in the title.
func writeSoakPNG(w io.Writer, samples []soakSample, windows soakWindows) error {
	if len(samples) == 0 {
		return errors.New("no samples to plot")
	}
	rows := make([][]*plot.Plot, len(soakSeries))
	for i, s := range soakSeries {
		p := plot.New()
		p.Title.Text = s.label
		p.X.Label.Text = "seconds"
		p.Y.Min = 0
		pts := make(plotter.XYs, len(samples))
		for j, sm := range samples {
			pts[j].X, pts[j].Y = sm.at.Seconds(), s.value(sm)
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			return fmt.Errorf("%s: %w", s.key, err)
		}
		p.Add(line, plotter.NewGrid())
		if i == 0 {
			p.Title.Text = fmt.Sprintf("%s  (reference %.0f–%.0f s, last %.0f–%.0f s)", s.label,
				windows.refFrom.Seconds(), windows.refTo.Seconds(), windows.lastFrom.Seconds(), windows.lastTo.Seconds())
		}
		rows[i] = []*plot.Plot{p}
	}
	img := vgimg.New(soakPanelWidth, soakPanelHeight*vg.Length(len(rows)))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: len(rows), Cols: 1, PadY: vg.Millimeter * 2, PadTop: vg.Millimeter, PadBottom: vg.Millimeter,
		PadLeft: vg.Millimeter, PadRight: vg.Millimeter * 3}
	canvases := plot.Align(rows, tiles, dc)
	for i := range rows {
		rows[i][0].Draw(canvases[i][0])
	}
	_, err := vgimg.PngCanvas{Canvas: img}.WriteTo(w)
	return err
}

// writeFileWith creates path and writes it with write.
func writeFileWith(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
