package main

import (
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"
)

// allCommands are every command of the CLI.
var allCommands = []string{"serve", "migrate", "rebuild", "seed", "token", "version", "regulation"}

// spiedEnv points every service the CLI may reach at spies, and
// OPS_HTTP_ADDR at nothing valid: a command that only prints must not care.
type spiedEnv struct {
	postgres, esdb *tcpSpy
	jwks           *jwksServer
}

func newSpiedEnv(t *testing.T) *spiedEnv {
	return &spiedEnv{postgres: newTCPSpy(t), esdb: newTCPSpy(t), jwks: newJWKSServer(t, http.StatusOK, "")}
}

func (s *spiedEnv) vars(extra ...string) []string {
	return append([]string{
		"OPS_POSTGRES_URL", "postgres://postgres@" + s.postgres.addr() + "/none?sslmode=disable&connect_timeout=1",
		"OPS_ESDB_URL", "esdb://" + s.esdb.addr() + "?tls=false",
		"OPS_JWKS_URL", s.jwks.url,
	}, extra...)
}

// touchedNothing fails t when anything reached a spy.
func (s *spiedEnv) touchedNothing(t *testing.T) {
	t.Helper()
	if n := s.postgres.connections(t); n > 0 {
		t.Errorf("%d connections to PostgreSQL", n)
	}
	if n := s.esdb.connections(t); n > 0 {
		t.Errorf("%d connections to EventStoreDB", n)
	}
	if n := s.jwks.hits.Load(); n > 0 {
		t.Errorf("%d requests to the JWKS", n)
	}
}

func TestHelp_ExitsZeroAndTouchesNothing(t *testing.T) {
	lines := [][]string{{}, {"--help"}, {"-h"}, {"help"}}
	for _, c := range allCommands {
		lines = append(lines, []string{c, "--help"}, []string{c, "-h"}, []string{"help", c})
	}
	lines = append(lines, []string{"seed", "--demo", "--help"}, []string{"rebuild", "audit", "--help"},
		[]string{"token", "--employee", "emp-gm", "--roles", "GM", "--help"})
	for _, args := range lines {
		t.Run(strings.Join(append([]string{"opsledger"}, args...), " "), func(t *testing.T) {
			spies := newSpiedEnv(t)
			start := time.Now()
			// Given a configuration serve would refuse (OPS_HTTP_ADDR) and
			// services that would answer, when help is asked for,
			got := runCLI(t, spies.vars("OPS_HTTP_ADDR", "garbage"), args...)
			// then it is printed on stdout, the exit code is 0, and
			// nothing is read, checked or reached.
			if got.code != 0 {
				t.Fatalf("exit code = %d, want 0; stderr: %s", got.code, got.stderr)
			}
			if !strings.Contains(got.stdout, "Usage:") {
				t.Errorf("stdout lacks the usage:\n%s", got.stdout)
			}
			if got.stderr != "" {
				t.Errorf("stderr = %q, want nothing", got.stderr)
			}
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("help took %s", took)
			}
			spies.touchedNothing(t)
		})
	}
}

func TestUsageErrors_ExitTwoWithUsageAndTouchNothing(t *testing.T) {
	tests := []struct {
		args      []string
		want      string // in the error
		wantUsage string // in the usage printed after it
	}{
		{[]string{"migrate", "--bogus"}, "unknown flag: --bogus", "opsledger migrate"},
		{[]string{"rebuild", "--bogus"}, "unknown flag: --bogus", "opsledger rebuild"},
		{[]string{"serve", "--bogus"}, "unknown flag: --bogus", "opsledger serve"},
		{[]string{"seed", "--demo", "--bogus"}, "unknown flag: --bogus", "opsledger seed"},
		{[]string{"token", "-x"}, "unknown shorthand flag", "opsledger token"},
		{[]string{"version", "--bogus"}, "unknown flag: --bogus", "opsledger version"},
		{[]string{"bogus"}, `unknown command "bogus"`, "Available Commands"},
		{[]string{"--bogus"}, "unknown flag: --bogus", "Available Commands"},
		{[]string{"migrate", "now"}, `unknown command "now"`, "opsledger migrate"},
		{[]string{"serve", "extra"}, `unknown command "extra"`, "opsledger serve"},
		{[]string{"rebuild", "audit", "no_such_model"}, `no read model "no_such_model"; the read models are audit,`, "opsledger rebuild"},
		{[]string{"token", "--employee", "emp-gm"}, `required flag(s) "roles" not set`, "--org-unit"},
		{[]string{"token", "--employee", "emp-gm", "--roles", "GM", "--ttl", "forever"}, `invalid argument "forever"`, "--ttl"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			spies := newSpiedEnv(t)
			got := runCLI(t, spies.vars("OPS_DEV", "1"), tt.args...)
			if got.code != exitUsage {
				t.Fatalf("exit code = %d, want %d; stderr: %s", got.code, exitUsage, got.stderr)
			}
			if !strings.HasPrefix(got.stderr, "opsledger: ") || !strings.Contains(got.stderr, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, got.stderr)
			}
			if !strings.Contains(got.stderr, "Usage:") || !strings.Contains(got.stderr, tt.wantUsage) {
				t.Errorf("stderr lacks the usage naming %q:\n%s", tt.wantUsage, got.stderr)
			}
			if got.stdout != "" {
				t.Errorf("stdout = %q, want nothing", got.stdout)
			}
			spies.touchedNothing(t)
		})
	}
}

func TestVersion(t *testing.T) {
	t.Run("version and --version print the module version and the Go version, whatever the configuration", func(t *testing.T) {
		for _, args := range [][]string{{"version"}, {"--version"}} {
			spies := newSpiedEnv(t)
			got := runCLI(t, spies.vars("OPS_HTTP_ADDR", "garbage"), args...)
			if got.code != 0 {
				t.Fatalf("%v: exit code = %d; stderr: %s", args, got.code, got.stderr)
			}
			if !strings.HasPrefix(got.stdout, "opsledger ") || !strings.Contains(got.stdout, runtime.Version()) ||
				strings.Count(got.stdout, "\n") != 1 {
				t.Errorf("%v printed %q, want one line: opsledger VERSION ... %s", args, got.stdout, runtime.Version())
			}
			spies.touchedNothing(t)
		}
	})
	t.Run("a version and revision set at build time are printed", func(t *testing.T) {
		defer func(v, r string) { version, revision = v, r }(version, revision)
		version, revision = "v1.4.0", "0123abcd"
		got := runCLI(t, nil, "version")
		if !strings.HasPrefix(got.stdout, "opsledger v1.4.0 (revision 0123abcd") {
			t.Errorf("version printed %q, want it to start with opsledger v1.4.0 (revision 0123abcd", got.stdout)
		}
	})
}
