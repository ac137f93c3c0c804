package api

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsledger/opsledger/api/apitest"
	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
)

// memStore is an in-memory IdempotencyStore.
type memStore struct {
	mu    sync.Mutex
	saved map[string]SavedResponse
}

func (m *memStore) Lookup(_ context.Context, employeeID, key string) (SavedResponse, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.saved[employeeID+"\x00"+key]
	return r, ok, nil
}

func (m *memStore) Save(_ context.Context, employeeID, key string, r SavedResponse) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.saved[employeeID+"\x00"+key]; !ok {
		m.saved[employeeID+"\x00"+key] = r
	}
	return nil
}

func TestServer_IdempotentCommand(t *testing.T) {
	jwt, err := auth.NewJWT([]byte("a-shared-secret-that-is-long-enough-000"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	store := &memStore{saved: map[string]SavedResponse{}}
	s := NewServer(Deps{Commands: &commands.Handler{}, Auth: jwt, Idempotency: store,
		WaitFor: func(context.Context, string, ...string) error { return nil }, Log: slog.New(slog.DiscardHandler)})
	runs := 0
	run := func(ctx context.Context, m commands.Meta, id string, req benchNote) (commands.Result, error) {
		runs++
		return commands.Result{Stream: "note-" + id, Version: uint64(runs), Events: 1, Position: eventstore.Position{Major: 42}}, nil
	}
	s.router.With(s.authenticate).Post("/notes", handleCommand(s, creates, run))
	tok, _ := jwt.Issue(domain.Actor{EmployeeID: "emp-1", Roles: []domain.Role{domain.RoleClerk}}, time.Hour)
	post := func(body string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, "/notes", strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+tok)
		r.Header.Set("Idempotency-Key", "k-1")
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		return w
	}
	first := post(`{"note":"a"}`)
	if first.Code != http.StatusCreated {
		t.Fatalf("first: status %d, body %s", first.Code, first.Body)
	}
	t.Run("a repeat gets the first answer, headers and all, and runs nothing", func(t *testing.T) {
		again := post(`{"note":"a"}`)
		if again.Code != first.Code || runs != 1 {
			t.Fatalf("repeat: %d %s after %d runs, want %d %s after 1", again.Code, again.Body, runs, first.Code, first.Body)
		}
		apitest.CheckReplay(t, apitest.Response{Status: first.Code, Header: first.Header(), Body: first.Body.Bytes()},
			apitest.Response{Status: again.Code, Header: again.Header(), Body: again.Body.Bytes()})
		for _, h := range []string{"ETag", "Location", PositionHeader, "Content-Type"} {
			if again.Header().Get(h) != first.Header().Get(h) || first.Header().Get(h) == "" {
				t.Errorf("repeat %s = %q, want %q", h, again.Header().Get(h), first.Header().Get(h))
			}
		}
		if again.Header().Get("Idempotent-Replayed") != "true" {
			t.Errorf("repeat lacks Idempotent-Replayed: true")
		}
	})
	t.Run("a repeat with another body is a 422 and runs nothing", func(t *testing.T) {
		other := post(`{"note":"b"}`)
		if other.Code != http.StatusUnprocessableEntity || !strings.Contains(other.Body.String(), kindIdempotency) || runs != 1 {
			t.Fatalf("other body: %d %s after %d runs, want 422 %s after 1", other.Code, other.Body, runs, kindIdempotency)
		}
	})
}
