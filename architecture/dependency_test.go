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

// otelSDK is what turns tracing on and ships spans: only the composition
// root (app, observability, cmd) links it. The other layers trace through
// the OpenTelemetry API alone (trace, attribute, propagation and the
// global provider), a no-op until the composition root installs an SDK.
var otelSDK = []string{"go.opentelemetry.io/otel/sdk", "go.opentelemetry.io/otel/exporters", "go.opentelemetry.io/contrib/"}

// jsonEngine is the event codec's JSON decoder (decision 54): every layer
// that links the store port links it through eventstore.Codec.
const jsonEngine = "github.com/go-json-experiment/json"

var layers = []layer{
	{pattern: "domain/...", why: "the domain is the standard library only",
		only: []string{"domain"}},
	{pattern: "queries", why: "the read contract is plain data and rules over the domain",
		only: []string{"domain"}},
	{pattern: "eventstore", why: "the store port knows no backend and no upper layer (its codec decodes on a JSON engine)",
		only: []string{"domain", jsonEngine}},
	{pattern: "commands/...", why: "commands see the store port, never a backend, nor HTTP nor the read side, and trace through the OpenTelemetry API only",
		forbidden: append([]string{"eventstore/postgres", "eventstore/esdb", "eventstore/memory", "snapshots/postgres", "snapshots/memory", "api", "projections", "readmodels", "github.com/jackc/", "github.com/go-chi/"}, otelSDK...)},
	{pattern: "snapshots", why: "the snapshot port knows no backend and no aggregate: states are opaque bytes",
		only: []string{"snapshots"}},
	{pattern: "snapshots/...", why: "snapshot stores keep bytes for the command side and know none of its users",
		forbidden: []string{"domain", "commands", "api", "projections", "readmodels"}},
	{pattern: "integrity", why: "the verifiable log knows the store port and the merkle and note libraries, no backend and no aggregate",
		only: []string{"eventstore", "domain", jsonEngine, "github.com/transparency-dev/merkle", "golang.org/x/mod/sumdb/note"}},
	{pattern: "integrity/verify", why: "the verifier reads events through the store port only, so it checks either store, and a bundle with no database",
		only: []string{"integrity", "eventstore", "domain", jsonEngine, "github.com/transparency-dev/merkle", "golang.org/x/mod/sumdb/note"}},
	{pattern: "integrity/...", why: "the log's store serves proofs and seals the log, knowing neither commands, read side nor HTTP",
		forbidden: []string{"commands", "api", "projections", "readmodels", "messaging"}},
	{pattern: "privacy", why: "the erasure core (subjects, field registry, ciphers, keyring, store wrapper) knows the store port and the domain only",
		only: []string{"eventstore", "domain", jsonEngine}},
	{pattern: "privacy/...", why: "the key store keeps wrapped keys, knowing neither commands, read side nor HTTP",
		forbidden: []string{"commands", "api", "projections", "readmodels", "messaging"}},
	{pattern: "export", why: "the analysts' export reads the log through the store port and writes files; it knows no backend, no read model and no HTTP",
		forbidden: []string{"eventstore/postgres", "eventstore/esdb", "commands", "api", "projections", "readmodels", "github.com/jackc/", "github.com/go-chi/"}},
	{pattern: "replay", why: "the replay runs the engine over a cut of the log through the store port; the read models are handed to it, and it knows no backend, HTTP or composition root",
		forbidden: []string{"eventstore/postgres", "eventstore/esdb", "eventstore/memory", "api", "app", "messaging", "github.com/go-chi/"}},
	{pattern: "projections/...", why: "the engine runs read models without knowing them, and traces through the OpenTelemetry API only",
		forbidden: append([]string{"readmodels", "commands", "api"}, otelSDK...)},
	{pattern: "readmodels/...", why: "a read model knows neither the commands nor the API",
		forbidden: []string{"commands", "api", "messaging"}},
	{pattern: "api/...", why: "the API is HTTP only and reaches everything through interfaces it owns",
		forbidden: append([]string{"github.com/jackc/", "eventstore/postgres", "eventstore/esdb", "projections", "readmodels", "idempotency", "auth", "observability", "github.com/prometheus/", "github.com/golang-jwt/", "accesslog"}, otelSDK...)},
	{pattern: "auth/...", why: "tokens know nothing of routes, commands or storage",
		forbidden: []string{"api", "commands", "github.com/jackc/", "github.com/go-chi/"}},
	{pattern: "accesslog", why: "the read-access log's queue knows the read contract and no storage",
		only: []string{"queries", "domain"}},
	{pattern: "accesslog/...", why: "the read-access log's table knows neither the commands, the read models nor HTTP",
		forbidden: []string{"commands", "api", "projections", "readmodels", "messaging"}},
	{pattern: "deadlines", why: "deadlines are derived from domain events alone, the same events giving the same deadlines",
		only: []string{"domain"}},
	{pattern: "deadlines/...", why: "the scheduler fires deadlines through an injected function, knowing neither the commands, the read side nor HTTP",
		forbidden: []string{"commands", "api", "projections", "readmodels", "messaging"}},
	{pattern: "internal/freeport", why: "the tests' loopback ports are the standard library only",
		only: []string{"internal/freeport"}},
	{pattern: "livefeed", why: "the live feed follows the store port and is told when the read models caught up; it knows no backend, engine, read model, command or route",
		forbidden: []string{"eventstore/postgres", "eventstore/esdb", "eventstore/memory", "commands", "api", "projections", "readmodels", "github.com/jackc/"}},
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

// TestAPIImportsNoTracingLibrary: the api links the OpenTelemetry API only
// through the commands it calls; its tracing is injected (api.Tracing,
// plain net/http values, as api.Metrics), so it imports none itself.
func TestAPIImportsNoTracingLibrary(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{join .Imports \"\\n\"}}", module+"api/...").Output()
	if err != nil {
		t.Fatalf("go list api: %v", err)
	}
	for _, imp := range strings.Fields(string(out)) {
		if strings.HasPrefix(imp, "go.opentelemetry.io/") {
			t.Errorf("api imports %s: its tracing is injected through api.Tracing", imp)
		}
	}
}
