package api

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

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
