package main

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// machineFile is the description `opsbench all` leaves beside the
// suites' JSON; the report reads it.
const machineFile = "machine.json"

// machine describes where and how the figures were measured.
type machine struct {
	Date       string              `json:"date"`
	CPU        string              `json:"cpu"`
	Cores      int                 `json:"cores"`
	MemoryGB   float64             `json:"memory_gb"`
	LoadAvg    string              `json:"load_average,omitempty"`
	Kernel     string              `json:"kernel,omitempty"`
	GoVersion  string              `json:"go_version"`
	PostgreSQL string              `json:"postgresql"`
	Revision   string              `json:"revision,omitempty"`
	Command    string              `json:"command"`
	Runs       map[string]suiteRun `json:"runs,omitempty"`
}

// describeMachine reads the CPU, memory and kernel from /proc, the Go
// version and VCS revision from this binary, and the server's version.
func describeMachine(ctx context.Context, url string) (machine, error) {
	m := machine{Date: time.Now().UTC().Format(time.RFC3339), Cores: runtime.NumCPU(), GoVersion: runtime.Version()}
	m.CPU = procField("/proc/cpuinfo", "model name")
	if kb, err := strconv.ParseFloat(strings.TrimSuffix(procField("/proc/meminfo", "MemTotal"), " kB"), 64); err == nil {
		m.MemoryGB = kb / (1 << 20)
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			m.LoadAvg = strings.Join(f[:3], " ")
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = "Linux " + strings.TrimSpace(string(b))
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" {
				m.Revision = s.Value
			}
		}
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return m, err
	}
	defer conn.Close(ctx)
	err = conn.QueryRow(ctx, "SELECT version()").Scan(&m.PostgreSQL)
	return m, err
}

// procField returns the value of the first "key : value" line of a
// /proc file, or "".
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func (m machine) write(path string) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

func readMachine(path string) (machine, bool) {
	var m machine
	b, err := os.ReadFile(path)
	if err != nil || json.Unmarshal(b, &m) != nil {
		return m, false
	}
	return m, true
}
