package domain_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyRule keeps the domain free of infrastructure: domain and
// its subpackages may import only the standard library and each other.
func TestDependencyRule(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps",
		"-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if !strings.HasPrefix(pkg, "github.com/opsledger/opsledger/domain") {
			t.Errorf("domain depends on %s", pkg)
		}
	}
}

// TestNoFloatMoney keeps floating point away from amounts: no file in the
// domain declares a float.
func TestNoFloatMoney(t *testing.T) {
	out, err := exec.Command("grep", "-rlE", `float(32|64)`, "--include=*.go", "--exclude=*_test.go", ".").Output()
	if err != nil && len(out) == 0 {
		return // grep exits 1 when nothing matches
	}
	t.Errorf("float types used in domain files:\n%s", out)
}
