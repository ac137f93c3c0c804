package faults

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/domain"
)

// httpClient is shared by every request of the suite: keep-alive
// connections, and enough idle ones for a hundred concurrent clients.
var httpClient = &http.Client{
	Timeout:   30 * time.Second,
	Transport: &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 256, IdleConnTimeout: 30 * time.Second},
}

// request is one API call.
type request struct {
	method, path, token string
	// key is the Idempotency-Key, ifMatch the If-Match header (both
	// optional).
	key, ifMatch string
	body         string
}

// answer is what came back: a status, or an error when none did.
type answer struct {
	status int
	header http.Header
	body   []byte
	err    error
	took   time.Duration
}

// commandResult is the body of a command's 2xx answer.
type commandResult struct {
	ID       string `json:"id"`
	Stream   string `json:"stream"`
	Version  uint64 `json:"version"`
	Position string `json:"position"`
	Events   int    `json:"events"`
	Replayed bool   `json:"replayed"`
}

func (a answer) ok() bool { return a.err == nil && a.status >= 200 && a.status < 300 }

func (a answer) result() (commandResult, error) {
	var r commandResult
	err := json.Unmarshal(a.body, &r)
	return r, err
}

// do sends req to the server at addr.
func do(ctx context.Context, addr string, req request) answer {
	var body io.Reader
	if req.body != "" {
		body = bytes.NewBufferString(req.body)
	}
	r, err := http.NewRequestWithContext(ctx, req.method, "http://"+addr+req.path, body)
	if err != nil {
		return answer{err: err}
	}
	if req.body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	if req.token != "" {
		r.Header.Set("Authorization", "Bearer "+req.token)
	}
	if req.key != "" {
		r.Header.Set("Idempotency-Key", req.key)
	}
	if req.ifMatch != "" {
		r.Header.Set("If-Match", req.ifMatch)
	}
	start := time.Now()
	resp, err := httpClient.Do(r)
	if err != nil {
		return answer{err: err, took: time.Since(start)}
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: out, err: err, took: time.Since(start)}
}

// get is a GET without context, for polling.
func get(addr, path, token string) (int, []byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a := do(ctx, addr, request{method: http.MethodGet, path: path, token: token})
	return a.status, a.body, a.err
}

// staff are the demo company's people the suite acts as (README): the
// server accepts tokens of known, active employees only.
type staff struct {
	gm, eastHead, qa string
	// reps are the tokens of east sales reps emp-rep-01 … 06, each with
	// the customers they own and pursue.
	reps []rep
}

type rep struct {
	id, token string
	customers []string
}

// demoReps are east sales reps of the demo company and the customers each
// owns that are under negotiation (cmd/opsledger/seed_customers.go).
var demoReps = []struct {
	id        string
	customers []string
}{
	{"emp-rep-01", []string{"cust-0001", "cust-0007", "cust-0013"}},
	{"emp-rep-02", []string{"cust-0002", "cust-0008"}},
	{"emp-rep-03", []string{"cust-0003", "cust-0009"}},
	{"emp-rep-04", []string{"cust-0004", "cust-0010"}},
	{"emp-rep-05", []string{"cust-0005", "cust-0011"}},
	{"emp-rep-06", []string{"cust-0006", "cust-0012"}},
}

// tokens issues the suite's tokens, signed with the server's secret, as
// `opsledger token` does.
func tokens(t *testing.T) staff {
	t.Helper()
	j, err := auth.NewJWT([]byte(jwtSecret), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	issue := func(id, unit string, roles ...domain.Role) string {
		tok, err := j.Issue(domain.Actor{EmployeeID: id, OrgUnitID: unit, Roles: roles}, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	s := staff{
		gm:       issue("emp-gm", "HQ-GMO", domain.RoleGM, domain.RoleLeadership),
		eastHead: issue("emp-east-head", "EAST-SALES", domain.RoleDeptHead),
		qa:       issue("emp-qa-1", "HQ-QA", domain.RoleQuality),
	}
	for _, r := range demoReps {
		s.reps = append(s.reps, rep{id: r.id, token: issue(r.id, "EAST-SALES", domain.RoleSalesRep), customers: r.customers})
	}
	return s
}
