package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
)

// logLines serves one request on a server logging JSON into a buffer and
// returns the lines it logged, decoded.
func logLines(t *testing.T, s *Server, buf *bytes.Buffer, method, path, token string, headers ...string) []map[string]any {
	t.Helper()
	buf.Reset()
	r := httptest.NewRequest(method, path, strings.NewReader(`{}`))
	r.Header.Set("Content-Type", "application/json")
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	s.ServeHTTP(httptest.NewRecorder(), r)
	var lines []map[string]any
	for _, l := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
		var m map[string]any
		if err := json.Unmarshal(l, &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		lines = append(lines, m)
	}
	return lines
}

// TestRequestLog_LinesNameTheRequestTheActorAndWhy: given a server, when a
// request is refused or fails, then every line it logs carries the
// request id and the correlation id (the client's, when it sent one),
// the request line names the actor once authenticated, and a refusal's
// line says why (the problem kind and detail).
func TestRequestLog_LinesNameTheRequestTheActorAndWhy(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	s := NewServer(Deps{Commands: &commands.Handler{},
		Auth:        tokenTable{"good": {EmployeeID: "emp-7", Roles: []domain.Role{domain.RoleSalesRep}, OrgUnitID: "ou-1"}},
		Idempotency: &memStore{saved: map[string]SavedResponse{}},
		WaitFor:     func(context.Context, string, ...string) error { return nil }, Log: log})

	t.Run("an unauthenticated request's line says why and names no actor", func(t *testing.T) {
		lines := logLines(t, s, &buf, http.MethodGet, "/customers", "bad", "X-Request-Id", "req-1", "X-Correlation-Id", "corr-1")
		last := lines[len(lines)-1]
		if last["request_id"] != "req-1" || last["correlation_id"] != "corr-1" || last["problem"] != kindUnauthenticated ||
			last["detail"] == "" || last["actor"] != nil || last["status"] != float64(401) {
			t.Errorf("request line %v", last)
		}
	})
	t.Run("a forbidden command's line names the actor and why", func(t *testing.T) {
		lines := logLines(t, s, &buf, http.MethodPost, "/employees/emp-9/hiring", "good")
		last := lines[len(lines)-1]
		if last["actor"] != "emp-7" || last["problem"] != kindForbidden || !strings.Contains(last["detail"].(string), "HireEmployee") ||
			last["request_id"] == nil || last["correlation_id"] != last["request_id"] {
			t.Errorf("request line %v", last)
		}
	})
	t.Run("an answered request's line has no problem", func(t *testing.T) {
		lines := logLines(t, s, &buf, http.MethodGet, "/healthz", "")
		if last := lines[len(lines)-1]; last["problem"] != nil || last["request_id"] == nil {
			t.Errorf("request line %v", last)
		}
	})
}

// TestRequestLog_ErrorLineOfA500NamesTheRequest: given a handler that
// fails unexpectedly, when the request is answered 500, then the ERROR
// line carries the request and correlation ids and the actor, as the
// request line does.
func TestRequestLog_ErrorLineOfA500NamesTheRequest(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	s := NewServer(Deps{Commands: &commands.Handler{},
		Auth:        tokenTable{"good": {EmployeeID: "emp-7", Roles: []domain.Role{domain.RoleGM}}},
		Idempotency: &memStore{saved: map[string]SavedResponse{}},
		WaitFor:     func(context.Context, string, ...string) error { return nil }, Log: log})
	s.router.Get("/boom", func(w http.ResponseWriter, r *http.Request) {
		noteActor(r.Context(), "emp-7")
		s.writeError(w, r, errors.New("disk on fire"))
	})
	lines := logLines(t, s, &buf, http.MethodGet, "/boom", "", "X-Request-Id", "req-500")
	var found bool
	for _, l := range lines {
		if l["level"] == "ERROR" {
			found = true
			if l["request_id"] != "req-500" || l["correlation_id"] != "req-500" || l["actor"] != "emp-7" {
				t.Errorf("error line %v", l)
			}
		}
	}
	if !found {
		t.Fatalf("no ERROR line in %v", lines)
	}
}

// TestRequestLog_TracedRequestsNameTheirTrace: given tracing on, when a
// request is served, then its log lines carry its trace id, so a log line
// leads to its trace; without tracing they carry none.
func TestRequestLog_TracedRequestsNameTheirTrace(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	deps := Deps{Commands: &commands.Handler{}, Auth: tokenTable{}, Idempotency: &memStore{saved: map[string]SavedResponse{}},
		WaitFor: func(context.Context, string, ...string) error { return nil }, Log: log}
	traced := deps
	traced.Tracing = Tracing{TraceID: func(context.Context) string { return "4bf92f3577b34da6a3ce929d0e0e4736" }}

	lines := logLines(t, NewServer(traced), &buf, http.MethodGet, "/healthz", "")
	if got := lines[len(lines)-1]["trace_id"]; got != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Errorf("traced request line trace_id = %v", got)
	}
	lines = logLines(t, NewServer(deps), &buf, http.MethodGet, "/healthz", "")
	if got, ok := lines[len(lines)-1]["trace_id"]; ok {
		t.Errorf("untraced request line has trace_id %v", got)
	}
}
