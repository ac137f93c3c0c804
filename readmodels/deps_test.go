package readmodels_test

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/opsledger/opsledger/"

// deps lists the non-standard packages pkg depends on, itself included.
func deps(t *testing.T, pkg string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", module+pkg).Output()
	if err != nil {
		t.Fatalf("go list %s: %v", pkg, err)
	}
	return strings.Fields(string(out))
}

// TestDependencyRule_ReadSide keeps the read side layered: the engine
// runs read models without knowing them, a read model knows neither the
// commands nor the API, the read contract is the standard library and
// the domain only, and the API links no database driver.
func TestDependencyRule_ReadSide(t *testing.T) {
	for _, rule := range []struct {
		pkg       string
		forbidden []string
		only      string // when set, every dependency has this prefix
	}{
		{pkg: "projections", forbidden: []string{module + "readmodels"}},
		{pkg: "readmodels/...", forbidden: []string{module + "commands", module + "api"}},
		{pkg: "queries", only: module + "domain"},
		{pkg: "api", forbidden: []string{"github.com/jackc/"}},
	} {
		for _, dep := range deps(t, rule.pkg) {
			if strings.HasPrefix(dep, module+strings.TrimSuffix(rule.pkg, "/...")) {
				continue
			}
			for _, f := range rule.forbidden {
				if strings.HasPrefix(dep, f) {
					t.Errorf("%s depends on %s", rule.pkg, dep)
				}
			}
			if rule.only != "" && !strings.HasPrefix(dep, rule.only) {
				t.Errorf("%s depends on %s; it may use the standard library and the domain only", rule.pkg, dep)
			}
		}
	}
}
