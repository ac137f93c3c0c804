package api

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/observability"
)

// missingStore is an idempotency store in which every key is new.
type missingStore struct{}

func (missingStore) Lookup(context.Context, string, string) (SavedResponse, bool, error) {
	return SavedResponse{}, false, nil
}

func (missingStore) Save(context.Context, string, string, SavedResponse) error { return nil }

type benchNote struct {
	Envelope
	Note string `json:"note"`
}

// BenchmarkServer_Command is the API's own work on a command, with a fresh
// Idempotency-Key or none: the middleware of mount (logging at info level into
// io.Discard), authentication with the same token each time, body checks,
// the idempotency lookup and save against a store that costs nothing, and
// the answer. The command itself is a stub: the database is not measured.
func BenchmarkServer_Command(b *testing.B) {
	jwt, err := auth.NewJWT([]byte("a-shared-secret-that-is-long-enough-000"), time.Now)
	if err != nil {
		b.Fatal(err)
	}
	m := observability.NewMetrics(nil)
	s := NewServer(Deps{Commands: &commands.Handler{}, Auth: jwt, Idempotency: missingStore{},
		WaitFor: func(context.Context, string, ...string) error { return nil }, Metrics: Metrics{Middleware: m.Middleware, Handler: m.Handler()},
		Log: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	run := func(ctx context.Context, m commands.Meta, id string, req benchNote) (commands.Result, error) {
		return commands.Result{Stream: "complaint-" + id, Version: 3, Events: 1, Position: eventstore.Position{Major: 42}}, nil
	}
	// Behind mount's middleware, as an authenticated route.
	s.router.With(s.authenticate).Post("/bench/{id}/notes", handleCommand(s, actsOn, run))
	tok, err := jwt.Issue(domain.Actor{EmployeeID: "emp-7", Roles: []domain.Role{domain.RoleCustomerService}, OrgUnitID: "HQ-CS"}, time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	body := `{"note":"called the customer back, replacement part ships Monday","reason":"follow-up"}`
	for _, withKey := range []bool{true, false} {
		b.Run("idempotency-key="+strconv.FormatBool(withKey), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				req := httptest.NewRequest(http.MethodPost, "/bench/c-1/notes", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+tok)
				if withKey {
					req.Header.Set("Idempotency-Key", "key-"+strconv.Itoa(i))
				}
				w := httptest.NewRecorder()
				s.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
			}
		})
	}
}
