package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/integrity"
)

// envOf is a getenv over vars; the database URL points at a closed port,
// so a serve that gets past its checks fails fast on connecting, and serve
// listens on a port of its own.
func envOf(vars ...string) func(string) string {
	m := map[string]string{
		"OPS_POSTGRES_URL": "postgres://postgres@127.0.0.1:1/none?sslmode=disable&connect_timeout=2",
		"OPS_HTTP_ADDR":    "127.0.0.1:0",
	}
	for i := 0; i+1 < len(vars); i += 2 {
		m[vars[i]] = vars[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestServe_RefusesThePublicSecret(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	t.Run("without OPS_JWT_SECRET, OPS_JWKS_URL or OPS_DEV=1 serve refuses to start", func(t *testing.T) {
		err := run(ctx, []string{"serve"}, envOf(), &bytes.Buffer{}, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "OPS_JWT_SECRET or OPS_JWKS_URL is required") {
			t.Fatalf("serve error = %v, want a refusal naming OPS_JWT_SECRET and OPS_JWKS_URL", err)
		}
	})
	for _, env := range [][]string{{"OPS_DEV", "1"}, {"OPS_JWT_SECRET", strings.Repeat("s", 40)}, {"OPS_JWKS_URL", "(a JWKS served here)"}} {
		t.Run("with "+env[0]+" serve goes on to the database", func(t *testing.T) {
			if env[0] == "OPS_JWKS_URL" { // serve fetches it before the database
				env = []string{env[0], newJWKSServer(t, http.StatusOK, "").url}
			}
			if env[0] != "OPS_DEV" { // outside development the log needs its key too
				env = append(env, "OPS_LOG_KEY", newLogKey(t))
			}
			cfg, err := loadConfig(envOf(env...))
			if err != nil {
				t.Fatal(err)
			}
			var log bytes.Buffer
			cfg.log = slog.New(slog.NewJSONHandler(&log, nil))
			err = serve(ctx, cfg)
			if err == nil || strings.Contains(err.Error(), "OPS_JWT_SECRET") {
				t.Fatalf("serve error = %v, want a database error", err)
			}
			warned := strings.Contains(log.String(), `"level":"WARN"`) && strings.Contains(log.String(), "PUBLIC development secret")
			if dev := env[0] == "OPS_DEV"; warned != dev {
				t.Errorf("warned about the public secret = %v, want %v; log: %s", warned, dev, log.String())
			}
		})
	}
}

func newLogKey(t *testing.T) string {
	t.Helper()
	skey, err := integrity.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return skey
}

// TestServe_RefusesNoLogKey: outside development serve needs OPS_LOG_KEY,
// as it needs OPS_JWT_SECRET (rule OPS-seal); with OPS_DEV=1 it makes a
// development key instead.
func TestServe_RefusesNoLogKey(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	secret := strings.Repeat("s", 40)
	err := run(ctx, []string{"serve"}, envOf("OPS_JWT_SECRET", secret), &bytes.Buffer{}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "OPS_LOG_KEY is required") {
		t.Fatalf("serve error = %v, want a refusal naming OPS_LOG_KEY", err)
	}
	for _, env := range [][]string{{"OPS_DEV", "1"}, {"OPS_LOG_KEY", newLogKey(t)}} {
		cfg, err := loadConfig(envOf(append([]string{"OPS_JWT_SECRET", secret}, env...)...))
		if err != nil {
			t.Fatal(err)
		}
		cfg.log = slog.New(slog.DiscardHandler)
		if err := serve(ctx, cfg); err == nil || strings.Contains(err.Error(), "OPS_LOG_KEY") {
			t.Fatalf("with %s: serve error = %v, want a database error", env[0], err)
		}
	}
}

func TestToken_Rules(t *testing.T) {
	ctx := context.Background()
	secret := strings.Repeat("s", 40)
	tests := []struct {
		name string
		env  []string
		args []string
		want string // "" is a token
	}{
		{"a department head without --org-unit is refused", []string{"OPS_DEV", "1"},
			[]string{"--employee", "emp-1", "--roles", "DEPT_HEAD"}, "org unit"},
		{"a sales rep without --org-unit is refused", []string{"OPS_JWT_SECRET", secret},
			[]string{"--employee", "emp-1", "--roles", "SALES_REP"}, "org unit"},
		{"a department head with --org-unit gets a token", []string{"OPS_DEV", "1"},
			[]string{"--employee", "emp-1", "--roles", "DEPT_HEAD", "--org-unit", "SALES"}, ""},
		{"GM needs no org unit", []string{"OPS_JWT_SECRET", secret},
			[]string{"--employee", "emp-gm", "--roles", "GM"}, ""},
		{"the public secret outside development is refused", nil,
			[]string{"--employee", "emp-gm", "--roles", "GM"}, "OPS_JWT_SECRET or OPS_JWKS_URL is required"},
		{"a lifetime beyond the maximum is refused", []string{"OPS_JWT_SECRET", secret},
			[]string{"--employee", "emp-gm", "--roles", "GM", "--ttl", "25h"}, "beyond the maximum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(ctx, append([]string{"token"}, tt.args...), envOf(tt.env...), &out, io.Discard)
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("token error = %v, want one saying %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("token: %v", err)
			}
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			var c auth.Claims
			if _, _, err := jwt.NewParser().ParseUnverified(lines[len(lines)-1], &c); err != nil {
				t.Fatalf("token output %q: %v", out.String(), err)
			}
			if c.Issuer != "opsledger" || len(c.Audience) != 1 || c.Audience[0] != "opsledger-api" {
				t.Errorf("token iss=%q aud=%v, want opsledger and [opsledger-api]", c.Issuer, c.Audience)
			}
		})
	}
	t.Run("OPS_JWT_ISSUER and OPS_JWT_AUDIENCE set what the token carries", func(t *testing.T) {
		var out bytes.Buffer
		err := run(ctx, []string{"token", "--employee", "emp-gm", "--roles", "GM"},
			envOf("OPS_JWT_SECRET", secret, "OPS_JWT_ISSUER", "corp-idp", "OPS_JWT_AUDIENCE", "ops"), &out, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		var c auth.Claims
		if _, _, err := jwt.NewParser().ParseUnverified(strings.TrimSpace(out.String()), &c); err != nil {
			t.Fatal(err)
		}
		if c.Issuer != "corp-idp" || len(c.Audience) != 1 || c.Audience[0] != "ops" {
			t.Errorf("token iss=%q aud=%v, want corp-idp and [ops]", c.Issuer, c.Audience)
		}
	})
}
