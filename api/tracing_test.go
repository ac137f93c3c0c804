package api

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
)

// recordingTracing records what the server hands its Tracing.
type recordingTracing struct {
	mu      sync.Mutex
	wrapped []string // the paths the middleware saw
	actors  []string
}

func (rt *recordingTracing) tracing() Tracing {
	return Tracing{
		Middleware: func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				rt.mu.Lock()
				rt.wrapped = append(rt.wrapped, r.URL.Path)
				rt.mu.Unlock()
				w.Header().Set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
				next.ServeHTTP(w, r)
			})
		},
		Actor: func(_ context.Context, employeeID string) {
			rt.mu.Lock()
			defer rt.mu.Unlock()
			rt.actors = append(rt.actors, employeeID)
		},
	}
}

// Given a Tracing, every request passes through its middleware, whose
// headers reach the client, and an authenticated one names its actor to
// it; a request refused before authentication names none. The zero
// Tracing serves as before.
func TestServer_TracingHooks(t *testing.T) {
	rt := &recordingTracing{}
	newServer := func(tr Tracing) *Server {
		return NewServer(Deps{Commands: &commands.Handler{},
			Auth:        tokenTable{"good": {EmployeeID: "emp-7", Roles: []domain.Role{domain.RoleGM}}},
			Idempotency: &memStore{saved: map[string]SavedResponse{}},
			WaitFor:     func(context.Context, string, ...string) error { return nil }, Log: slog.New(slog.DiscardHandler),
			Tracing: tr})
	}
	s := newServer(rt.tracing())
	if w := headersGet(s, "/healthz", "", ""); w.Header().Get("traceparent") == "" {
		t.Error("the middleware's traceparent did not reach the client")
	}
	headersGet(s, "/customers", "forged", "")
	headersGet(s, "/customers", "good", "")
	if len(rt.wrapped) != 3 || rt.wrapped[0] != "/healthz" {
		t.Errorf("middleware saw %v, want all 3 requests", rt.wrapped)
	}
	if len(rt.actors) != 1 || rt.actors[0] != "emp-7" {
		t.Errorf("actors %v, want only the authenticated emp-7", rt.actors)
	}
	if w := headersGet(newServer(Tracing{}), "/healthz", "", ""); w.Code != http.StatusOK || w.Header().Get("traceparent") != "" {
		t.Errorf("zero Tracing: status %d, traceparent %q; want 200 and none", w.Code, w.Header().Get("traceparent"))
	}
}
