package dashboardtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/internal/freeport"
)

// server is the opsledger binary serving the demo company on a database
// of its own, in development mode (OPS_DEV=1: the demo sign-in).
type server struct {
	t      *testing.T
	bin    string
	env    []string
	addr   string
	cmd    *exec.Cmd
	log    *bytes.Buffer
	client *http.Client
}

// moduleRoot is the repository's root, where go.mod is.
func moduleRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

// startDemoServer builds the binary, seeds the demo company into a new
// database and serves it.
func startDemoServer(t *testing.T) *server {
	t.Helper()
	root := moduleRoot(t)
	bin := filepath.Join(t.TempDir(), "opsledger")
	build := exec.Command("go", "build", "-o", bin, "./cmd/opsledger")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dbURL := scratchDatabase(t)
	s := &server{t: t, bin: bin, addr: freeport.Addr(t), client: &http.Client{Timeout: 10 * time.Second}}
	s.env = append(os.Environ(), "OPS_DEV=1", "OPS_POSTGRES_URL="+dbURL, "OPS_HTTP_ADDR="+s.addr, "OPS_LOG_LEVEL=warn",
		"OPS_RATE_LIMIT=10000", "OPS_IP_RATE_LIMIT=10000",
		// The demo's dates are months old: with deadlines on, a server
		// fires the deadlines they passed in chains for minutes, and
		// after the restart the feed would wait behind them rather than
		// show the command under test. Deadlines are tested in
		// deadlines/river, api and faults.
		"OPS_DEADLINES=off")
	seed := exec.Command(bin, "seed", "--demo")
	seed.Env = s.env
	if out, err := seed.CombinedOutput(); err != nil {
		t.Fatalf("opsledger seed --demo: %v\n%s", err, tail(out))
	}
	s.start()
	t.Cleanup(s.stop)
	return s
}

func (s *server) URL() string { return "http://" + s.addr }

// start runs serve and waits until it is ready.
func (s *server) start() {
	s.t.Helper()
	s.log = &bytes.Buffer{}
	s.cmd = exec.Command(s.bin, "serve")
	s.cmd.Env = s.env
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("opsledger serve: %v", err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := s.client.Get(s.URL() + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.t.Fatalf("opsledger serve not ready within a minute:\n%s", tail(s.log.Bytes()))
}

// stop ends serve gracefully (SIGTERM) and waits for it.
func (s *server) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGTERM) //nolint:errcheck // it may have ended
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }() //nolint:errcheck // its status does not matter
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill() //nolint:errcheck // stuck: kill it
		<-done
	}
	s.cmd = nil
}

// restart stops serve and starts it again on the same address.
func (s *server) restart() {
	s.t.Helper()
	s.stop()
	s.start()
}

// call sends a JSON request and decodes a JSON answer into out (may be
// nil); it returns the status and headers.
func (s *server) call(method, path, token string, body, out any) (int, http.Header) {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.URL()+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			s.t.Fatalf("%s %s: decode %s: %v", method, path, raw, err)
		}
	}
	return resp.StatusCode, resp.Header
}

// demoToken signs in as a demo employee through the development route.
func (s *server) demoToken(employeeID string) string {
	s.t.Helper()
	var tok struct {
		Token string `json:"token"`
	}
	if status, _ := s.call("POST", "/dev/tokens", "", map[string]string{"employee_id": employeeID}, &tok); status != http.StatusCreated {
		s.t.Fatalf("POST /dev/tokens %s: %d", employeeID, status)
	}
	return tok.Token
}

// demoEmployeeWithRole is the first listed demo employee of role.
func (s *server) demoEmployeeWithRole(role string) string {
	s.t.Helper()
	var list struct {
		Items []struct {
			EmployeeID string `json:"employee_id"`
			Role       string `json:"role"`
		} `json:"items"`
	}
	s.call("GET", "/dev/employees", "", nil, &list)
	for _, e := range list.Items {
		if e.Role == role {
			return e.EmployeeID
		}
	}
	s.t.Fatalf("no demo employee with role %s", role)
	return ""
}

// registerCustomer registers a customer as the rep behind token and
// returns its id and the command's position.
func (s *server) registerCustomer(token, number string) (id, position string) {
	s.t.Helper()
	var c struct {
		ID       string `json:"id"`
		Position string `json:"position"`
	}
	status, _ := s.call("POST", "/customers", token, map[string]string{
		"number": number, "name": "Browser Test " + number, "address": "1 Harbour Road", "primary_contact": "Ms Lin",
		"phone": "+86 21 5555 0100", "source": "REFERRAL", "region": "EAST",
	}, &c)
	if status != http.StatusCreated {
		s.t.Fatalf("register customer %s: %d", number, status)
	}
	return c.ID, c.Position
}

// scratchDatabase names a new database on the test server (the binary
// creates it) and drops it when the test ends.
func scratchDatabase(t *testing.T) string {
	t.Helper()
	base := pgtest.URL(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", pgtest.EnvURL, err)
	}
	b := make([]byte, 4)
	rand.Read(b) //nolint:errcheck // never fails
	name := "opsledger_dash_" + hex.EncodeToString(b)
	u.Path = "/" + name
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			return
		}
		defer conn.Close(ctx)
		conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)") //nolint:errcheck // best effort
	})
	return u.String()
}

func tail(b []byte) string {
	const n = 4000
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return fmt.Sprintf("...%s", b)
}
