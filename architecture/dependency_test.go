package architecture_test

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/opsledger/opsledger/"

// A layer lists what the packages matched by pattern may not link,
// directly or through others. A forbidden entry without a dot is a
// package of this module (and its subpackages); with one, an import path
// prefix. only, when set, is the whole of what the layer may link besides
// the standard library and itself.
type layer struct {
	pattern   string
	why       string
	forbidden []string
	only      []string
}

var layers = []layer{
	{pattern: "domain/...", why: "the domain is the standard library only",
		only: []string{"domain"}},
	{pattern: "queries", why: "the read contract is plain data and rules over the domain",
		only: []string{"domain"}},
	{pattern: "eventstore", why: "the store port knows no backend and no upper layer",
		only: []string{"domain"}},
	{pattern: "commands/...", why: "commands see the store port, never a backend, nor HTTP nor the read side",
		forbidden: []string{"eventstore/postgres", "eventstore/esdb", "eventstore/memory", "snapshots/postgres", "snapshots/memory", "api", "projections", "readmodels", "github.com/jackc/", "github.com/go-chi/"}},
	{pattern: "snapshots", why: "the snapshot port knows no backend and no aggregate: states are opaque bytes",
		only: []string{"snapshots"}},
	{pattern: "snapshots/...", why: "snapshot stores keep bytes for the command side and know none of its users",
		forbidden: []string{"domain", "commands", "api", "projections", "readmodels"}},
	{pattern: "projections/...", why: "the engine runs read models without knowing them",
		forbidden: []string{"readmodels", "commands", "api"}},
	{pattern: "readmodels/...", why: "a read model knows neither the commands nor the API",
		forbidden: []string{"commands", "api", "messaging"}},
	{pattern: "api/...", why: "the API is HTTP only and reaches everything through interfaces it owns",
		forbidden: []string{"github.com/jackc/", "eventstore/postgres", "eventstore/esdb", "projections", "readmodels", "idempotency", "auth", "observability", "github.com/prometheus/", "github.com/golang-jwt/"}},
	{pattern: "auth/...", why: "tokens know nothing of routes, commands or storage",
		forbidden: []string{"api", "commands", "github.com/jackc/", "github.com/go-chi/"}},
}

// TestDependencyRule keeps the layers of docs/ARCHITECTURE.md apart as the
// code grows: arrows point inward to the domain.
func TestDependencyRule(t *testing.T) {
	for _, l := range layers {
		t.Run(l.pattern, func(t *testing.T) {
			self := strings.TrimSuffix(l.pattern, "/...")
			for _, dep := range deps(t, l.pattern) {
				if within(self, dep) {
					continue
				}
				for _, f := range l.forbidden {
					if within(f, dep) {
						t.Errorf("%s links %s: %s", l.pattern, dep, l.why)
					}
				}
				if l.only != nil && !withinAny(l.only, dep) {
					t.Errorf("%s links %s: %s", l.pattern, dep, l.why)
				}
			}
		})
	}
}

// within reports whether dep is the package named by prefix or below it.
func within(prefix, dep string) bool {
	if !strings.Contains(prefix, ".") {
		p := module + prefix
		return dep == p || strings.HasPrefix(dep, p+"/")
	}
	return strings.HasPrefix(dep, prefix)
}

func withinAny(prefixes []string, dep string) bool {
	for _, p := range prefixes {
		if within(p, dep) {
			return true
		}
	}
	return false
}

// deps lists the packages outside the standard library that the packages
// matching pattern link, themselves included (tests excluded).
func deps(t *testing.T, pattern string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", module+pattern).Output()
	if err != nil {
		t.Fatalf("go list %s: %v", pattern, err)
	}
	return strings.Fields(string(out))
}
