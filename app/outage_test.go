package app_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/projections"
)

// dbProxy forwards TCP connections to the test database. Down closes its
// port and every connection through it, as a database outage does; Up
// opens the same port again.
type dbProxy struct {
	t      *testing.T
	target string
	addr   string
	mu     sync.Mutex
	l      net.Listener
	conns  []net.Conn
}

func newDBProxy(t *testing.T, target string) *dbProxy {
	p := &dbProxy{t: t, target: target}
	p.listen("127.0.0.1:0")
	t.Cleanup(p.Down)
	return p
}

func (p *dbProxy) listen(addr string) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		p.t.Fatalf("proxy: %v", err)
	}
	p.mu.Lock()
	p.l, p.addr = l, l.Addr().String()
	p.mu.Unlock()
	go p.accept(l)
}

func (p *dbProxy) accept(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, up)
		p.mu.Unlock()
		go func() { io.Copy(up, c); up.Close() }() //nolint:errcheck // a closed pipe ends the copy
		go func() { io.Copy(c, up); c.Close() }()  //nolint:errcheck // idem
	}
}

// Down closes the port and cuts every connection.
func (p *dbProxy) Down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.l != nil {
		p.l.Close()
		p.l = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// Up listens again on the same port.
func (p *dbProxy) Up() { p.listen(p.addr) }

// outageApp opens the application on the test database through a proxy.
func outageApp(t *testing.T) (*apptest.Env, *dbProxy, string) {
	t.Helper()
	u, err := url.Parse(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	proxy := newDBProxy(t, u.Host)
	direct := u.String()
	u.Host = proxy.addr
	q := u.Query()
	q.Set("pool_max_conns", strconv.Itoa(app.PoolConnsNeeded()))
	q.Set("connect_timeout", "2")
	u.RawQuery = q.Encode()
	b := make([]byte, 5)
	rand.Read(b) //nolint:errcheck // never fails
	prefix := "outage_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	a, err := app.Open(ctx, app.Config{PostgresURL: u.String(), JWTSecret: []byte(apptest.Secret), EventSchema: prefix + "_events",
		ReadNamespace: projections.Namespace(prefix + "_read"), ControlSchema: prefix + "_control"})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	srv := httptest.NewServer(a.API)
	t.Cleanup(func() {
		srv.Close()
		a.Close()
		dropOutageSchemas(direct, prefix)
	})
	return &apptest.Env{App: a, Server: srv}, proxy, u.Port()
}

func dropOutageSchemas(url, prefix string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, prefix+"%")
	if err != nil {
		return
	}
	names, _ := pgx.CollectRows(rows, pgx.RowTo[string])
	for _, n := range names {
		conn.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{n}.Sanitize()+" CASCADE") //nolint:errcheck // best effort
	}
}

func outageRegister(t *testing.T, env *apptest.Env, tok, number string, headers ...string) apptest.Response {
	t.Helper()
	return env.Do(t, http.MethodPost, "/customers", tok, map[string]any{
		"number": number, "name": "Customer " + number, "address": "1 Harbour Road", "primary_contact": "Ms Lin",
		"phone": "+86 21 5555 0100", "source": "REFERRAL", "region": "EAST",
	}, headers...)
}

// TestOutage_Answers503: while the database cannot be reached, commands
// answer 503 with Retry-After and a problem that names no address, and
// /readyz shows neither the database user nor its host or port; when it
// is back, the same server serves again.
func TestOutage_Answers503(t *testing.T) {
	env, proxy, port := outageApp(t)
	rep := env.Token(t, "rep-1", "SALES", domain.RoleSalesRep)
	if r := outageRegister(t, env, rep, "C-1"); r.Status != http.StatusCreated {
		t.Fatalf("register while up: status %d, body %s", r.Status, r.Body)
	}
	proxy.Down()
	for _, tt := range []struct {
		name    string
		headers []string
	}{
		{"a command", nil},
		{"a command with an Idempotency-Key", []string{"Idempotency-Key", "outage-1"}},
	} {
		t.Run(tt.name+" answers 503 with Retry-After", func(t *testing.T) {
			r := outageRegister(t, env, rep, "C-2", tt.headers...)
			if r.Status != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" {
				t.Fatalf("status %d, Retry-After %q, body %s; want 503 with Retry-After", r.Status, r.Header.Get("Retry-After"), r.Body)
			}
			if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type %q, want application/problem+json", ct)
			}
			outageNoAddress(t, r.Body, port)
		})
	}
	t.Run("a query answers 503 with Retry-After", func(t *testing.T) {
		r := env.Do(t, http.MethodGet, "/customers", rep, nil)
		if r.Status != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" {
			t.Fatalf("status %d, Retry-After %q, body %s; want 503 with Retry-After", r.Status, r.Header.Get("Retry-After"), r.Body)
		}
		outageNoAddress(t, r.Body, port)
	})
	t.Run("/readyz answers 503 without the database user, host or port", func(t *testing.T) {
		r := env.Do(t, http.MethodGet, "/readyz", "", nil)
		if r.Status != http.StatusServiceUnavailable {
			t.Fatalf("status %d, want 503; body %s", r.Status, r.Body)
		}
		outageNoAddress(t, r.Body, port)
	})
	proxy.Up()
	t.Run("the same server serves again once the database is back", func(t *testing.T) {
		deadline := time.Now().Add(15 * time.Second)
		for {
			r := outageRegister(t, env, rep, "C-3")
			if r.Status == http.StatusCreated {
				return
			}
			if r.Status != http.StatusServiceUnavailable || time.Now().After(deadline) {
				t.Fatalf("status %d, body %s; want 201 (503 until the pool reconnects)", r.Status, r.Body)
			}
			time.Sleep(200 * time.Millisecond)
		}
	})
}

func outageNoAddress(t *testing.T, body []byte, port string) {
	t.Helper()
	for _, secret := range []string{"user=", "postgres", "127.0.0.1", ":" + port, "dial"} {
		if strings.Contains(string(body), secret) {
			t.Errorf("body %s shows %q", body, secret)
		}
	}
}
