package faults

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// TestPostgresRestartDuringLoad: given the demo company served from a
// cluster of the test's own under a mixed load, when PostgreSQL stops at
// once (SIGQUIT to the postmaster, as pg_ctl stop -m immediate does) and
// starts again some seconds later, then while it is down every request is
// answered 503 with Retry-After (never 500, never a dropped connection),
// /readyz says 503 and /healthz 200; after it is back the same server
// process answers 2xx again, without a restart; every command answered
// 2xx has its events in the log exactly once; every command that failed,
// sent again with its Idempotency-Key, completes once; and the read
// models equal a rebuild.
func TestPostgresRestartDuringLoad(t *testing.T) {
	c := ownCluster(t)
	l := newLedger(t, c.url("opsledger"))
	st := tokens(t)
	s := l.serve()
	waitCaughtUp(t, l.addr, st.gm, time.Minute) // the seeded demo is in the read models before anyone reads

	ld := newLoad(l.addr, st)
	ctx, stopLoad := context.WithCancel(context.Background())
	wait := ld.run(ctx, 8)
	time.Sleep(1500 * time.Millisecond)
	downAt := time.Now()
	c.crash()
	stoppedAt := time.Now()
	probeWhileDown(t, l.addr, 3*time.Second)
	upAt := time.Now()
	c.start()
	recoveredAt := waitCommandsWork(t, l.addr, st, 30*time.Second)
	t.Logf("database down %s (stop took %s), commands answered again %s after it was started", upAt.Sub(downAt).Round(time.Millisecond), stoppedAt.Sub(downAt).Round(time.Millisecond), recoveredAt.Sub(upAt).Round(time.Millisecond))
	time.Sleep(2 * time.Second)
	stopLoad()
	wait()

	all := ld.snapshot()
	t.Logf("%d requests: %s", len(all), statusCounts(all))
	checkOutageAnswers(t, all, downAt, upAt, recoveredAt)
	s.waitReady(30 * time.Second)

	checkNothingLostOrPartial(t, l, s, st, ld.tag, all)
}

// probeWhileDown asks /readyz and /healthz for d while the database is
// down: not ready (503), but alive (200).
func probeWhileDown(t *testing.T, addr string, d time.Duration) {
	t.Helper()
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(250 * time.Millisecond) {
		if status, body, err := get(addr, "/readyz", ""); err != nil || status != http.StatusServiceUnavailable {
			t.Errorf("/readyz with the database down: %d %s %v, want 503", status, body, err)
		}
		if status, body, err := get(addr, "/healthz", ""); err != nil || status != http.StatusOK {
			t.Errorf("/healthz with the database down: %d %s %v, want 200", status, body, err)
		}
	}
}

// waitCommandsWork sends a contact log until one is answered 2xx and
// returns when it was.
func waitCommandsWork(t *testing.T, addr string, st staff, d time.Duration) time.Time {
	t.Helper()
	r := st.reps[0]
	var last answer
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		last = do(context.Background(), addr, request{method: http.MethodPost, path: "/customers/" + r.customers[0] + "/contact-log", token: r.token,
			body: `{"contact_id":"primary","channel":"PHONE","topic":"after the outage","outcome":"back"}`})
		if last.ok() {
			return time.Now()
		}
	}
	t.Fatalf("commands still fail %s after the database was started: %d %s %v", d, last.status, last.body, last.err)
	return time.Time{}
}

// checkOutageAnswers: every answer is 2xx, 409 or 503; every 503 says
// Retry-After; none is a transport error (the server never went away);
// a request made entirely while the database was down is 503; and a
// request made a second after recovery is 2xx.
func checkOutageAnswers(t *testing.T, all []sent, downAt, upAt, recoveredAt time.Time) {
	t.Helper()
	during := 0
	for _, s := range all {
		a := s.ans
		switch {
		case a.err != nil:
			t.Errorf("%s %s: no answer: %v", s.req.method, s.req.path, a.err)
			continue
		case a.status == http.StatusServiceUnavailable:
			if a.header.Get("Retry-After") == "" {
				t.Errorf("%s %s: 503 without Retry-After: %s", s.req.method, s.req.path, a.body)
			}
		case a.status == http.StatusConflict || a.ok():
		default:
			t.Errorf("%s %s sent %s after the stop, answered in %s: %d %s, want 2xx, 409 or 503",
				s.req.method, s.req.path, s.at.Sub(downAt).Round(time.Millisecond), a.took.Round(time.Millisecond), a.status, a.body)
		}
		sentDown := s.at.After(downAt.Add(200*time.Millisecond)) && s.at.Add(a.took).Before(upAt)
		if sentDown {
			during++
			if a.status != http.StatusServiceUnavailable {
				t.Errorf("%s %s sent and answered while the database was down: %d %s, want 503", s.req.method, s.req.path, a.status, a.body)
			}
		}
		if s.at.After(recoveredAt.Add(time.Second)) && !a.ok() {
			t.Errorf("%s %s a second after recovery: %d %s, want 2xx", s.req.method, s.req.path, a.status, a.body)
		}
	}
	if during == 0 {
		t.Error("no request was made while the database was down")
	}
}

// retryFailed sends every command that was not answered 2xx again, with
// its Idempotency-Key and body, and expects each to be done now.
func retryFailed(t *testing.T, addr string, all []sent) []sent {
	t.Helper()
	var retried []sent
	for _, s := range all {
		if !s.command() || s.ans.ok() {
			continue
		}
		s.at = time.Now()
		s.ans = do(context.Background(), addr, s.req)
		if !s.ans.ok() {
			t.Errorf("%s %s (key %s) sent again with its key: %d %s %v, want 2xx", s.req.method, s.req.path, s.req.key, s.ans.status, s.ans.body, s.ans.err)
		}
		retried = append(retried, s)
	}
	t.Logf("%d failed commands sent again", len(retried))
	return retried
}
