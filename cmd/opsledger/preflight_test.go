package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/eventstore/esdb/esdbtest"
)

// closedAddr is an address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	spy := newTCPSpy(t)
	addr := spy.addr()
	spy.ln.Close()
	return addr
}

func TestConfig_RefusedBeforeAnythingConnects(t *testing.T) {
	tests := []struct {
		name string
		env  []string
		want []string // in the error
	}{
		{"a listen address that is not host:port", []string{"OPS_HTTP_ADDR", "garbage"},
			[]string{`OPS_HTTP_ADDR: "garbage" is not host:port`}},
		{"a port beyond 65535", []string{"OPS_HTTP_ADDR", ":65536"}, []string{`OPS_HTTP_ADDR: ":65536": port "65536"`}},
		{"a host that is no host name", []string{"OPS_HTTP_ADDR", "local host:80"}, []string{"OPS_HTTP_ADDR", "neither an IP address nor a host name"}},
		{"a PostgreSQL URL with a bad port", []string{"OPS_POSTGRES_URL", "postgres://postgres@db:port/x"}, []string{"OPS_POSTGRES_URL", "invalid port"}},
		{"an EventStoreDB URL of another scheme", []string{"OPS_ESDB_URL", "http://127.0.0.1:2113"}, []string{"OPS_ESDB_URL must look like esdb://"}},
		{"a JWKS URL that is not http(s)", []string{"OPS_JWKS_URL", "ftp://idp.example.com/jwks"}, []string{"OPS_JWKS_URL", "is not an http(s) URL"}},
		{"a JWKS URL without a host", []string{"OPS_JWKS_URL", "/jwks.json"}, []string{"OPS_JWKS_URL"}},
		{"a secret one byte short", []string{"OPS_JWT_SECRET", strings.Repeat("s", 31)}, []string{"OPS_JWT_SECRET must be at least 32 bytes long (it has 31)"}},
		{"a lifetime that is no duration", []string{"OPS_JWT_MAX_LIFETIME", "a day"}, []string{"OPS_JWT_MAX_LIFETIME must be a positive duration"}},
		{"a zero lifetime", []string{"OPS_JWT_MAX_LIFETIME", "0s"}, []string{"OPS_JWT_MAX_LIFETIME must be a positive duration"}},
		{"a negative rate limit", []string{"OPS_RATE_LIMIT", "-1"}, []string{"OPS_RATE_LIMIT must be a whole number"}},
		{"a fractional address rate limit", []string{"OPS_IP_RATE_LIMIT", "1.5"}, []string{"OPS_IP_RATE_LIMIT must be a whole number"}},
		{"a negative snapshot interval", []string{"OPS_SNAPSHOT_EVERY", "-5"}, []string{"OPS_SNAPSHOT_EVERY must be a whole number"}},
		{"a snapshot budget that is no duration", []string{"OPS_SNAPSHOT_BUDGET", "20"}, []string{"OPS_SNAPSHOT_BUDGET must be a duration"}},
		{"a negative snapshot budget", []string{"OPS_SNAPSHOT_BUDGET", "-1ms"}, []string{"OPS_SNAPSHOT_BUDGET must be a duration"}},
		{"a log key that is not a signer key", []string{"OPS_LOG_KEY", "secret"}, []string{"OPS_LOG_KEY must be a note signer key"}},
		{"an unknown log level", []string{"OPS_LOG_LEVEL", "loud"}, []string{"OPS_LOG_LEVEL must be debug, info, warn or error"}},
		{"OPS_DEV=true, which would silently not be development", []string{"OPS_DEV", "true"}, []string{`OPS_DEV must be 1`}},
		{"every mistake at once", []string{"OPS_HTTP_ADDR", "garbage", "OPS_RATE_LIMIT", "x", "OPS_JWT_SECRET", "short"},
			[]string{"OPS_HTTP_ADDR", "OPS_RATE_LIMIT", "OPS_JWT_SECRET"}},
	}
	for _, tt := range tests {
		for _, args := range [][]string{{"migrate"}, {"serve"}, {"seed", "--demo", "--once"}, {"rebuild"}, {"token", "--employee", "emp-gm", "--roles", "GM"}} {
			t.Run(tt.name+"/"+args[0], func(t *testing.T) {
				// Given a spy for every service (a PostgreSQL URL under test
				// points elsewhere),
				spies := newSpiedEnv(t)
				env := append(spies.vars("OPS_JWT_SECRET", strings.Repeat("s", 40)), tt.env...)
				// when a command runs with the mistake,
				got := runCLI(t, env, args...)
				// then it fails before reaching anything, naming the mistake.
				if got.code != exitFailed {
					t.Fatalf("exit code = %d, want %d; stderr: %s", got.code, exitFailed, got.stderr)
				}
				for _, w := range tt.want {
					if !strings.Contains(got.stderr, w) {
						t.Errorf("stderr lacks %q:\n%s", w, got.stderr)
					}
				}
				if strings.Contains(got.stderr, "Usage:") {
					t.Errorf("a configuration error printed the usage:\n%s", got.stderr)
				}
				if got.stdout != "" {
					t.Errorf("stdout = %q, want nothing (no \"migrated\")", got.stdout)
				}
				spies.touchedNothing(t)
			})
		}
	}
	t.Run("the spies see a command that does connect", func(t *testing.T) {
		spies := newSpiedEnv(t)
		got := runCLI(t, []string{"OPS_POSTGRES_URL", "postgres://postgres@" + spies.postgres.addr() + "/none?sslmode=disable&connect_timeout=1"}, "migrate")
		if got.code != exitFailed || spies.postgres.connections(t) == 0 {
			t.Errorf("migrate against a silent PostgreSQL: exit code %d, connections %d; want 1 and at least one",
				got.code, spies.postgres.connections(t))
		}
	})
}

func TestServe_RefusesAJWKSItCannotUse(t *testing.T) {
	tests := []struct {
		name string
		url  func(t *testing.T) string
		want string
	}{
		{"unreachable", func(t *testing.T) string { return "http://" + closedAddr(t) + "/jwks.json" }, "identity provider unreachable"},
		{"answering 404", func(t *testing.T) string { return newJWKSServer(t, http.StatusNotFound, "{}").url }, "answered 404 Not Found"},
		{"answering HTML", func(t *testing.T) string { return newJWKSServer(t, http.StatusOK, "<html>").url }, "not a JWKS"},
		{"holding no keys", func(t *testing.T) string { return newJWKSServer(t, http.StatusOK, `{"keys":[]}`).url }, "the JWKS holds no keys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pg := newTCPSpy(t)
			url := tt.url(t)
			got := runCLI(t, []string{"OPS_JWKS_URL", url, "OPS_LOG_KEY", newLogKey(t),
				"OPS_POSTGRES_URL", "postgres://postgres@" + pg.addr() + "/none?sslmode=disable&connect_timeout=1"}, "serve")
			if got.code != exitFailed {
				t.Fatalf("exit code = %d, want %d; stderr: %s", got.code, exitFailed, got.stderr)
			}
			if !strings.Contains(got.stderr, "OPS_JWKS_URL "+url) || !strings.Contains(got.stderr, tt.want) {
				t.Errorf("stderr lacks OPS_JWKS_URL %s and %q:\n%s", url, tt.want, got.stderr)
			}
			if n := pg.connections(t); n > 0 {
				t.Errorf("serve connected to PostgreSQL %d times before refusing the JWKS", n)
			}
		})
	}
	t.Run("migrate verifies no token, so an identity provider that is down does not stop it", func(t *testing.T) {
		pg := newTCPSpy(t)
		got := runCLI(t, []string{"OPS_JWKS_URL", "http://" + closedAddr(t) + "/jwks.json",
			"OPS_POSTGRES_URL", "postgres://postgres@" + pg.addr() + "/none?sslmode=disable&connect_timeout=1"}, "migrate")
		if strings.Contains(got.stderr, "OPS_JWKS_URL") || pg.connections(t) == 0 {
			t.Errorf("migrate stopped before PostgreSQL (stderr %q), want it to go on to the database", got.stderr)
		}
	})
}

func TestESDB_UnreachableIsRefusedBeforeMigrating(t *testing.T) {
	for _, args := range [][]string{{"migrate"}, {"serve"}, {"seed", "--demo"}, {"rebuild"}} {
		t.Run(args[0], func(t *testing.T) {
			pg := newTCPSpy(t)
			url := "esdb://admin:hunter2@" + closedAddr(t) + "?tls=false"
			start := time.Now()
			got := runCLI(t, []string{"OPS_DEV", "1", "OPS_ESDB_URL", url,
				"OPS_POSTGRES_URL", "postgres://postgres@" + pg.addr() + "/none?sslmode=disable&connect_timeout=1"}, args...)
			if got.code != exitFailed || !strings.Contains(got.stderr, "EventStoreDB unreachable") {
				t.Fatalf("exit code = %d, stderr %q; want %d and EventStoreDB unreachable", got.code, got.stderr, exitFailed)
			}
			if strings.Contains(got.stdout, "migrated") {
				t.Errorf("printed %q against an unreachable EventStoreDB", got.stdout)
			}
			if strings.Contains(got.stderr, "hunter2") {
				t.Errorf("the error shows the EventStoreDB password: %s", got.stderr)
			}
			if n := pg.connections(t); n > 0 {
				t.Errorf("connected to PostgreSQL %d times before refusing EventStoreDB", n)
			}
			if took := time.Since(start); took > reachTimeout+5*time.Second {
				t.Errorf("took %s to find EventStoreDB unreachable", took)
			}
		})
	}
	t.Run("a reachable EventStoreDB passes", func(t *testing.T) {
		srv := esdbtest.New(t)
		cfg, err := loadConfig(envOf("OPS_ESDB_URL", srv.URL()))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := preflight(ctx, cfg, false); err != nil {
			t.Errorf("preflight against a running EventStoreDB: %v", err)
		}
	})
}

func TestServe_TakesItsAddressBeforeMigrating(t *testing.T) {
	taken := newTCPSpy(t)
	pg := newTCPSpy(t)
	got := runCLI(t, []string{"OPS_DEV", "1", "OPS_HTTP_ADDR", taken.addr(),
		"OPS_POSTGRES_URL", "postgres://postgres@" + pg.addr() + "/none?sslmode=disable&connect_timeout=1"}, "serve")
	if got.code != exitFailed || !strings.Contains(got.stderr, "OPS_HTTP_ADDR") || !strings.Contains(got.stderr, "address already in use") {
		t.Fatalf("exit code = %d, stderr %q; want %d and OPS_HTTP_ADDR ... address already in use", got.code, got.stderr, exitFailed)
	}
	if n := pg.connections(t); n > 0 {
		t.Errorf("serve connected to PostgreSQL %d times on an address it cannot take", n)
	}
}

func TestToken_RefusesToSignWithThePublicSecretBesideAJWKS(t *testing.T) {
	got := runCLI(t, []string{"OPS_DEV", "1", "OPS_JWKS_URL", "https://idp.example.com/jwks.json"},
		"token", "--employee", "emp-gm", "--roles", "GM")
	if got.code != exitFailed || !strings.Contains(got.stderr, "set OPS_JWT_SECRET") || got.stdout != "" {
		t.Errorf("exit code %d, stdout %q, stderr %q; want %d, no token, and a refusal naming OPS_JWT_SECRET",
			got.code, got.stdout, got.stderr, exitFailed)
	}
}
