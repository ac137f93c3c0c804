package faults

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	slowClients = 500
	// The server's timeouts (cmd/opsledger/serve.go): a request's headers
	// must arrive within ReadHeaderTimeout, the whole request within
	// ReadTimeout. The grace covers a loaded two-core machine.
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 30 * time.Second
	closeGrace        = 10 * time.Second
	// rssGrowthLimit bounds what 500 connected slow clients may add to the
	// server's resident memory: 256 KiB each. A connection costs a
	// goroutine and two 4 KiB buffers, and the server runs with GOGC=400
	// (its heap may grow to five times the live data before a
	// collection), so some tens of MiB are expected; a server that kept a
	// request body's worth of memory (MaxBodyBytes, 1 MiB) per connection
	// would need 500 MiB.
	rssGrowthLimit = 128 << 10 // KiB
	// healthLimit and commandLimit are "promptly" on a two-core machine
	// that `make test` shares with other packages' tests: an idle server
	// answers in milliseconds, a server starved by slow clients would not
	// answer until their timeouts, seconds later.
	healthLimit  = 2 * time.Second
	commandLimit = 5 * time.Second
)

// slowConn is one slow client: it sends a request a byte at a time and
// notes when the server closed the connection.
type slowConn struct {
	body     bool // dripping a body after whole headers, else the headers
	openedAt time.Time
	closedAt atomic.Int64 // unix nanoseconds; 0 while open
}

func (c *slowConn) open() bool { return c.closedAt.Load() == 0 }

// TestSlowClients: given a served demo company, when 500 clients hold
// connections open sending their requests a byte a second (half of them
// the headers, half a body after complete headers), then /healthz and a
// normal command still answer within seconds, the server's resident memory
// grows by less than 128 MiB, and the server's timeouts close every slow
// connection: the header drippers after its header timeout, the body
// drippers after its read timeout.
func TestSlowClients(t *testing.T) {
	l := newLedger(t, scratchDatabase(t))
	st := tokens(t)
	s := l.serve()
	r := st.reps[0]
	contactLog := request{method: http.MethodPost, path: "/customers/" + r.customers[0] + "/contact-log", token: r.token,
		body: `{"contact_id":"primary","channel":"PHONE","topic":"slow clients","outcome":"answered"}`}
	if a := do(context.Background(), l.addr, contactLog); !a.ok() { // warm: pools, caches
		t.Fatalf("a command before the slow clients: %d %s %v", a.status, a.body, a.err)
	}
	base := rss(t, s)

	ctx, cancel := context.WithTimeout(context.Background(), readTimeout+2*closeGrace)
	defer cancel()
	conns := openSlowClients(t, ctx, l.addr, r.token)
	time.Sleep(time.Second) // every client has sent its start and a byte or two
	if open := countOpen(conns); open < slowClients*9/10 {
		t.Fatalf("only %d of %d slow clients are connected: the test does not hold them", open, slowClients)
	}
	peak := probeWhileSlow(t, ctx, l.addr, s, contactLog, conns)
	checkClosedInTime(t, conns)
	t.Logf("server RSS %d KiB before the slow clients, peak %d KiB while they were connected", base, peak)
	if peak-base > rssGrowthLimit {
		t.Errorf("server RSS grew by %d KiB with %d slow clients, want less than %d KiB", peak-base, slowClients, rssGrowthLimit)
	}
	if status, body, err := get(l.addr, "/healthz", ""); err != nil || status != http.StatusOK {
		t.Errorf("/healthz after the slow clients: %d %s %v", status, body, err)
	}
}

// openSlowClients opens slowClients connections and starts dripping.
func openSlowClients(t *testing.T, ctx context.Context, addr, token string) []*slowConn {
	t.Helper()
	conns := make([]*slowConn, slowClients)
	var wg sync.WaitGroup
	for i := range conns {
		c := &slowConn{body: i%2 == 1}
		conns[i] = c
		nc, err := (&net.Dialer{Timeout: 5 * time.Second}).DialContext(ctx, "tcp", addr)
		if err != nil {
			t.Fatalf("slow client %d: %v", i, err)
		}
		c.openedAt = time.Now()
		wg.Go(func() { c.drip(ctx, nc, token) })
	}
	t.Cleanup(wg.Wait)
	return conns
}

// drip writes the request's start, then one byte a second, until the
// server closes the connection or ctx ends.
func (c *slowConn) drip(ctx context.Context, nc net.Conn, token string) {
	defer nc.Close()
	closed := make(chan struct{})
	go func() {
		_, _ = io.Copy(io.Discard, nc) // returns when the server closes
		c.closedAt.Store(time.Now().UnixNano())
		close(closed)
	}()
	start := "POST /customers HTTP/1.1\r\nHost: opsledger\r\nX-Slow: "
	if c.body {
		start = fmt.Sprintf("POST /customers/cust-0001/contact-log HTTP/1.1\r\nHost: opsledger\r\nAuthorization: Bearer %s\r\n"+
			"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{", token)
	}
	if _, err := io.WriteString(nc, start); err != nil {
		return
	}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-closed:
			return
		case <-ctx.Done():
			return
		case <-tick.C:
			_, _ = nc.Write([]byte{'a'}) // a failed write: the reader sees the close
		}
	}
}

// probeWhileSlow checks, for as long as slow clients are connected, that
// /healthz and a command answer within healthLimit and commandLimit, and
// returns the server's peak resident memory meanwhile.
func probeWhileSlow(t *testing.T, ctx context.Context, addr string, s *server, command request, conns []*slowConn) int {
	t.Helper()
	peak := 0
	var slowestHealth, slowestCommand time.Duration
	for countOpen(conns) > 0 && ctx.Err() == nil {
		start := time.Now()
		status, body, err := get(addr, "/healthz", "")
		took := time.Since(start)
		slowestHealth = max(slowestHealth, took)
		if err != nil || status != http.StatusOK || took > healthLimit {
			t.Errorf("/healthz with %d slow clients: %d %s %v in %s", countOpen(conns), status, body, err, took)
		}
		a := do(context.Background(), addr, command)
		slowestCommand = max(slowestCommand, a.took)
		if !a.ok() || a.took > commandLimit {
			t.Errorf("a command with %d slow clients: %d %s %v in %s", countOpen(conns), a.status, a.body, a.err, a.took)
		}
		peak = max(peak, rss(t, s))
		time.Sleep(250 * time.Millisecond)
	}
	t.Logf("with slow clients connected: /healthz answered within %s, the command within %s", slowestHealth, slowestCommand)
	return peak
}

// checkClosedInTime checks that the server closed every slow connection
// within its timeout and the grace.
func checkClosedInTime(t *testing.T, conns []*slowConn) {
	t.Helper()
	var latest [2]time.Duration // header drippers, body drippers
	defer func() {
		t.Logf("the server closed the header drippers within %s, the body drippers within %s", latest[0].Round(time.Millisecond), latest[1].Round(time.Millisecond))
	}()
	for i, c := range conns {
		limit := readHeaderTimeout + closeGrace
		if c.body {
			limit = readTimeout + closeGrace
		}
		if c.open() {
			t.Errorf("slow client %d (body %v) still open %s after it connected, want closed within %s", i, c.body, time.Since(c.openedAt).Round(time.Second), limit)
			continue
		}
		took := time.Unix(0, c.closedAt.Load()).Sub(c.openedAt)
		if c.body {
			latest[1] = max(latest[1], took)
		} else {
			latest[0] = max(latest[0], took)
		}
		if took > limit {
			t.Errorf("slow client %d (body %v) closed %s after it connected, want within %s", i, c.body, took.Round(time.Millisecond), limit)
		}
	}
}

func countOpen(conns []*slowConn) int {
	n := 0
	for _, c := range conns {
		if c.open() {
			n++
		}
	}
	return n
}

func rss(t *testing.T, s *server) int {
	t.Helper()
	kib, err := s.rssKiB()
	if err != nil {
		t.Fatalf("server RSS: %v", err)
	}
	return kib
}
