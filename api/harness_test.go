package api_test

import (
	"context"
	"io"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/opsledger/opsledger/api"
	"github.com/opsledger/opsledger/api/apitest"
	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/export"
	"github.com/opsledger/opsledger/queries"
)

// The in-memory harness serves the API the way the composition root
// does, minus PostgreSQL: the real command side on the in-memory event
// store, the real JWT authenticator, and a read side that holds no rows.
// Route, OpenAPI and bad-input tests run on it; a test that needs what
// only a projection produces uses app/apptest instead.

// memSecret signs the harness's tokens.
const memSecret = "memenv-secret-0123456789abcdef0123456789"

// memEnv is the API served over HTTP from memory.
type memEnv struct {
	API    *api.Server
	Server *httptest.Server
	Store  *memory.Store
	jwt    *auth.JWT
}

// newMemEnv starts the API with an empty event store and read side.
func newMemEnv(t testing.TB) *memEnv {
	t.Helper()
	jwt, err := auth.NewJWT([]byte(memSecret), time.Now)
	if err != nil {
		t.Fatalf("memenv: jwt: %v", err)
	}
	store := memory.New()
	cmds := commands.New(store, commands.Codec(), time.Now)
	if err := cmds.UpgradeCustomerOwnership(context.Background()); err != nil {
		t.Fatalf("UpgradeCustomerOwnership: %v", err)
	}
	srv := api.NewServer(api.Deps{
		Commands: cmds, Queries: emptyReadModels(), Auth: jwt, Idempotency: newMemIdempotency(),
		WaitFor: caughtUp, AccessLog: &memAccessLog{},
		Export: func(ctx context.Context, q export.Query, f export.Format, w io.Writer, before func(eventstore.Recorded) error) (int64, error) {
			return export.Write(ctx, store, q, f, w, export.Options{Before: before})
		},
	})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &memEnv{API: srv, Server: hs, Store: store, jwt: jwt}
}

// caughtUp is read-your-writes over a read side that never changes: a
// well-formed position is always passed, a malformed one refused as the
// composition root refuses it.
func caughtUp(_ context.Context, position string, _ ...string) error {
	if _, err := eventstore.ParsePosition(position); err != nil {
		return domain.InvalidField("after", "not a position returned by this API")
	}
	return nil
}

// Token issues a bearer token for an employee with roles.
func (e *memEnv) Token(t testing.TB, employeeID, orgUnit string, roles ...domain.Role) string {
	t.Helper()
	tok, err := e.jwt.Issue(domain.Actor{EmployeeID: employeeID, Roles: roles, OrgUnitID: orgUnit}, time.Hour)
	if err != nil {
		t.Fatalf("memenv: token: %v", err)
	}
	return tok
}

// Routes are the documented routes of the server.
func (e *memEnv) Routes() []api.Route { return e.API.Routes() }

// Written counts the events stored.
func (e *memEnv) Written(t testing.TB) int {
	t.Helper()
	all, err := e.Store.ReadAll(context.Background(), eventstore.Start, 1<<30, eventstore.Filter{})
	if err != nil {
		t.Fatalf("memenv: read all: %v", err)
	}
	return len(all)
}

// Do sends a request with token and body (a string or []byte is sent as
// is, anything else as JSON) and extra headers as name, value pairs.
func (e *memEnv) Do(t testing.TB, method, path, token string, body any, headers ...string) response {
	t.Helper()
	return apitest.Do(t, e.Server, method, path, token, body, headers...)
}

// response is an HTTP answer with its body read, as the whole
// application's tests (apptest) get it too.
type response = apitest.Response

// memIdempotency keeps first responses in a map.
type memIdempotency struct {
	mu    sync.Mutex
	saved map[[2]string]api.SavedResponse
}

func newMemIdempotency() *memIdempotency {
	return &memIdempotency{saved: map[[2]string]api.SavedResponse{}}
}

func (m *memIdempotency) Lookup(_ context.Context, employeeID, key string) (api.SavedResponse, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.saved[[2]string{employeeID, key}]
	return r, ok, nil
}

func (m *memIdempotency) Save(_ context.Context, employeeID, key string, resp api.SavedResponse) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.saved[[2]string{employeeID, key}]; !ok {
		m.saved[[2]string{employeeID, key}] = resp
	}
	return nil
}

// memAccessLog keeps the read-access log in a slice, newest last.
type memAccessLog struct {
	mu      sync.Mutex
	entries []queries.AccessRecord
}

func (l *memAccessLog) Record(_ context.Context, entries ...queries.AccessRecord) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, entries...)
	return nil
}

// Accesses answers the filter in one page: the harness's logs are small.
func (l *memAccessLog) Accesses(_ context.Context, f queries.AccessFilter, _ queries.PageRequest) (queries.Page[queries.AccessRecord], error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	page := queries.Page[queries.AccessRecord]{Items: []queries.AccessRecord{}}
	for _, e := range l.entries {
		if (f.SubjectID == "" || e.SubjectID == f.SubjectID) && (f.ReaderID == "" || e.ReaderID == f.ReaderID) &&
			(f.From.IsZero() || !e.At.Before(f.From)) && (f.To.IsZero() || e.At.Before(f.To)) && (!f.NotOwner || !e.ReaderIsOwner) {
			page.Items = append(page.Items, e)
		}
	}
	return page, nil
}
