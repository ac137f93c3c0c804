package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
)

// tokenTable is an Authenticator that knows a fixed set of tokens.
type tokenTable map[string]domain.Actor

func (t tokenTable) Authenticate(token string) (domain.Actor, error) {
	if a, ok := t[token]; ok {
		return a, nil
	}
	return domain.Actor{}, errors.New("invalid token: unknown")
}

func TestServer_Authenticate(t *testing.T) {
	s := &Server{Deps: Deps{Auth: tokenTable{"good": {EmployeeID: "emp-7"}}}}
	var seen domain.Actor
	h := s.authenticate(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = actorFrom(r.Context()) }))
	tests := []struct {
		name, header, detail string
	}{
		{"no Authorization header is a 401", "", "missing bearer token"},
		{"another scheme is a 401", "Basic good", "missing bearer token"},
		{"an empty bearer token is a 401", "Bearer ", "missing bearer token"},
		{"a token the authenticator refuses is a 401", "Bearer bad", "invalid token: unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			if tt.header != "" {
				r.Header.Set("Authorization", tt.header)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusUnauthorized || !strings.Contains(w.Body.String(), tt.detail) {
				t.Fatalf("status %d, body %s; want 401 saying %q", w.Code, w.Body, tt.detail)
			}
			if w.Header().Get("WWW-Authenticate") != `Bearer realm="opsledger"` || w.Header().Get("Content-Type") != "application/problem+json" {
				t.Errorf("headers = %v, want a Bearer challenge and problem+json", w.Header())
			}
		})
	}
	t.Run("a valid token puts its actor in the request context", func(t *testing.T) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Authorization", "Bearer good")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK || seen.EmployeeID != "emp-7" {
			t.Fatalf("status %d, actor %+v; want 200 as emp-7", w.Code, seen)
		}
	})
}

// outageAuth cannot check any token: its store is down.
type outageAuth struct{}

func (outageAuth) Authenticate(string) (domain.Actor, error) {
	return domain.Actor{}, fmt.Errorf("the employee cannot be confirmed right now: %w", domain.ErrUnavailable)
}

// TestServer_AuthenticatorOutageIs503: given an authenticator that cannot
// check the token (the roster's store is down), when a request comes,
// then it is a 503 with Retry-After, not a 401: the token may be fine.
func TestServer_AuthenticatorOutageIs503(t *testing.T) {
	s := NewServer(Deps{Commands: &commands.Handler{}, Auth: outageAuth{}, Idempotency: &memStore{saved: map[string]SavedResponse{}},
		WaitFor: func(context.Context, string, ...string) error { return nil }})
	r := httptest.NewRequest(http.MethodGet, "/customers", nil)
	r.Header.Set("Authorization", "Bearer some.token.here")
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" || w.Header().Get("WWW-Authenticate") != "" {
		t.Errorf("status %d, Retry-After %q, WWW-Authenticate %q; want 503 with Retry-After and no challenge",
			w.Code, w.Header().Get("Retry-After"), w.Header().Get("WWW-Authenticate"))
	}
}
