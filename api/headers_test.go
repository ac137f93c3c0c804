package api

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
)

// headersTestServer is a server mounted as in production, with a token
// table for authentication and an authenticated route that answers 200.
func headersTestServer(t *testing.T, ipLimit int) *Server {
	t.Helper()
	s := NewServer(Deps{Commands: &commands.Handler{},
		Auth: tokenTable{"good": {EmployeeID: "emp-7", Roles: []domain.Role{domain.RoleGM}}}, Idempotency: &memStore{saved: map[string]SavedResponse{}},
		WaitFor: func(context.Context, string, ...string) error { return nil }, Log: slog.New(slog.DiscardHandler),
		IPRateLimit: ipLimit})
	return s
}

func headersGet(s *Server, path, token, addr string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	if addr != "" {
		r.RemoteAddr = addr
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

// TestServer_SecurityHeaders: nosniff on every response whatever its type,
// frame protection and a CSP on the HTML page, no-store on authenticated
// answers (they may hold personal data).
func TestServer_SecurityHeaders(t *testing.T) {
	s := headersTestServer(t, 0)
	for _, path := range []string{"/healthz", "/docs", "/metrics", "/no-such-route", "/customers"} {
		for _, token := range []string{"", "good"} {
			w := headersGet(s, path, token, "")
			if got := w.Header().Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("GET %s (token %q): status %d, X-Content-Type-Options %q, want nosniff", path, token, w.Code, got)
			}
		}
	}
	t.Run("authenticated API responses are not stored by caches", func(t *testing.T) {
		for _, token := range []string{"good", "bad", ""} {
			w := headersGet(s, "/customers", token, "")
			if got := w.Header().Get("Cache-Control"); got != "no-store" {
				t.Errorf("GET /customers (token %q): status %d, Cache-Control %q, want no-store", token, w.Code, got)
			}
		}
	})
	t.Run("the docs page may not be framed and loads only its own style", func(t *testing.T) {
		w := headersGet(s, "/docs", "", "")
		if got := w.Header().Get("X-Frame-Options"); got != "DENY" {
			t.Errorf("X-Frame-Options %q, want DENY", got)
		}
		csp := w.Header().Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
			}
		}
		style := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(w.Body.String())
		if style == nil {
			t.Fatalf("docs page has no inline style: %.200s", w.Body.String())
		}
		sum := sha256.Sum256([]byte(style[1]))
		if want := "style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q does not allow the page's style (%s): it would render unstyled", csp, want)
		}
		if strings.Contains(w.Body.String(), "<script") && !strings.Contains(csp, "script-src") {
			t.Errorf("the page has a script the policy forbids")
		}
	})
}

// TestServer_IPRateLimit: an address sending requests without a valid
// token is limited before authentication; another address is not.
func TestServer_IPRateLimit(t *testing.T) {
	s := headersTestServer(t, 5)
	var limited int
	for range 20 {
		w := headersGet(s, "/customers", "forged", "192.0.2.1:4000")
		switch w.Code {
		case http.StatusTooManyRequests:
			limited++
			if w.Header().Get("Retry-After") == "" {
				t.Errorf("429 without Retry-After")
			}
		case http.StatusUnauthorized:
		default:
			t.Fatalf("status %d, want 401 or 429", w.Code)
		}
	}
	if limited < 10 {
		t.Errorf("%d of 20 requests without a valid token from one address limited, want at least 10 (limit 5/s)", limited)
	}
	if w := headersGet(s, "/customers", "forged", "198.51.100.7:4000"); w.Code != http.StatusUnauthorized {
		t.Errorf("another address: status %d, want 401 (not limited)", w.Code)
	}
	t.Run("0 turns the limit off", func(t *testing.T) {
		s := headersTestServer(t, 0)
		for range 50 {
			if w := headersGet(s, "/customers", "forged", "192.0.2.1:4000"); w.Code != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401", w.Code)
			}
		}
	})
}
