package faults

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// binary is the opsledger executable TestMain builds once for every test.
var binary string

// buildErr is why the binary could not be built; each test reports it.
var buildErr error

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "opsledger-faults-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "faults:", err)
		os.Exit(1)
	}
	binary, buildErr = build(dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// build compiles cmd/opsledger without the race detector: the suite tests
// the binary as it ships, and the race detector's tenfold CPU cost would
// only slow the load down on a small machine.
func build(dir string) (string, error) {
	out := filepath.Join(dir, "opsledger")
	cmd := exec.Command("go", "build", "-o", out, "github.com/opsledger/opsledger/cmd/opsledger")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build cmd/opsledger: %v\n%s", err, msg)
	}
	return out, nil
}

// opsledger returns the built binary, failing the test if it is missing.
func opsledger(t *testing.T) string {
	t.Helper()
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

// unavailable skips a test whose prerequisite is missing, or fails it
// under CI=true: CI must never pass by skipping the fault suite.
func unavailable(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("faults: %s (CI=true: the fault suite must run)", why)
	}
	t.Skipf("faults: %s", why)
}
