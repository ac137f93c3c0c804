package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/opsledger/opsledger/export"
)

// Given export command lines that make no sense, when they run, then each
// exits 2 with the reason and the usage, before any configuration is read
// or anything is connected to or written.
func TestExport_badCommandLines(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"export", "--from", "2026-04-01", "--to", "2026-03-31"}, "the range ends"},
		{[]string{"export", "--from", "2026-04-01", "--to", "2026-04-01"}, "the range ends"},
		{[]string{"export", "--from", "yesterday"}, `--from: "yesterday" is neither an RFC 3339 time`},
		{[]string{"export", "--types", "customer.regsitered"}, `no event type "customer.regsitered"`},
		{[]string{"export", "--format", "xlsx"}, `no format "xlsx"`},
		{[]string{"export", "--streams", ","}, "an empty stream prefix"},
		{[]string{"export", "extra"}, `unknown command "extra"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			spies := newSpiedEnv(t)
			got := runCLI(t, spies.vars("OPS_DEV", "1"), tt.args...)
			if got.code != exitUsage || !strings.Contains(got.stderr, tt.want) || !strings.Contains(got.stderr, "opsledger export") {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d with %q and the usage", got.code, got.stderr, exitUsage, tt.want)
			}
			if got.stdout != "" {
				t.Errorf("stdout = %q, want nothing", got.stdout)
			}
			spies.touchedNothing(t)
		})
	}
}

// Given the demo company, when it is exported to a Parquet file with a
// type filter, then the file holds exactly the log's events of that type,
// read back with the same library, and the command says how many.
func TestExport_demoToParquet(t *testing.T) {
	e := newSeedEnv(t)
	e.seed(t, seedOptions{demo: true})
	e.waitVisible(t)
	out := filepath.Join(t.TempDir(), "customers.parquet")
	var stderr bytes.Buffer
	q := export.Query{Types: []string{"customer.registered"}}
	if err := runExport(context.Background(), e.cfg, q, export.Parquet, out, io.Discard, &stderr); err != nil {
		t.Fatalf("runExport() = %v", err)
	}
	rows, err := parquet.ReadFile[export.Row](out)
	if err != nil {
		t.Fatalf("read %s: %v", out, err)
	}
	want := 0
	for _, evs := range e.events(t) {
		for _, ev := range evs {
			if ev.EventType() == "customer.registered" {
				want++
			}
		}
	}
	if len(rows) != want || want == 0 {
		t.Fatalf("exported %d customer.registered events, the log holds %d", len(rows), want)
	}
	for _, r := range rows {
		if r.EventType != "customer.registered" || !strings.HasPrefix(r.Stream, "customer-") || r.ActorID == "" {
			t.Errorf("row %+v: want a customer registration with its actor", r)
		}
	}
	if !strings.Contains(stderr.String(), "exported") {
		t.Errorf("stderr = %q, want the count exported", stderr.String())
	}
}

// Given an export that fails half-way, when it was writing a file, then no
// file appears under the name asked for, and no partial file is left
// beside it; when it succeeds, the file replaces an older one whole.
func TestWriteExport_neverLeavesAHalfFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "events.ndjson")
	broke := errors.New("the database went away")
	err := writeExport(out, io.Discard, func(w io.Writer) error {
		io.WriteString(w, `{"half":`) //nolint:errcheck // the write that is then abandoned
		return broke
	})
	if !errors.Is(err, broke) {
		t.Fatalf("writeExport() = %v, want the write's error", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a failed export left %v", entries)
	}
	if err := os.WriteFile(out, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := writeExport(out, io.Discard, func(w io.Writer) error { _, err := io.WriteString(w, "new\n"); return err }); err != nil {
		t.Fatalf("writeExport() = %v", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "new\n" {
		t.Errorf("file holds %q, want the new export", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("dir holds %v, want only the export", entries)
	}
}
