package faults

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// logged is one event of the store, as the suite looks it up.
type logged struct {
	stream   string
	version  uint64
	position string // "xid-seq", as the API writes positions
	typ      string
}

// eventsByKey reads from the event log every event whose envelope
// carries an idempotency key starting with prefix, by key.
func eventsByKey(t *testing.T, conn *pgx.Conn, prefix string) map[string][]logged {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rows, err := conn.Query(ctx, `SELECT k, stream, version, xid::text || '-' || seq, type FROM (
			SELECT convert_from(metadata, 'UTF8')::jsonb ->> 'idempotency_key' AS k, * FROM eventstore.events) e
		WHERE starts_with(k, $1)`, prefix)
	if err != nil {
		t.Fatalf("read the event log: %v", err)
	}
	out := map[string][]logged{}
	for rows.Next() {
		var key string
		var e logged
		if err := rows.Scan(&key, &e.stream, &e.version, &e.position, &e.typ); err != nil {
			t.Fatal(err)
		}
		out[key] = append(out[key], e)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkAcknowledged asserts that every 2xx command's effect is in the log
// exactly once: its last event at the stream, version and position the
// answer named, as many events as it said (a registration also its number
// claim), and none for a command that changed nothing.
func checkAcknowledged(t *testing.T, byKey map[string][]logged, all []sent) {
	t.Helper()
	for _, s := range acknowledged(all) {
		res, err := s.ans.result()
		if err != nil {
			t.Errorf("%s %s: 2xx body %q: %v", s.req.method, s.req.path, s.ans.body, err)
			continue
		}
		events := byKey[s.req.key]
		if res.Events == 0 {
			if len(events) != 0 {
				t.Errorf("%s (key %s) answered no change but the log holds %v", s.req.path, s.req.key, events)
			}
			continue
		}
		inStream := 0
		for _, e := range events {
			if e.stream == res.Stream {
				inStream++
			}
		}
		if e, ok := find(events, res.Stream, res.Version); !ok || e.position != res.Position {
			t.Errorf("%s (key %s) was answered %d %s but its event %s@%d at %s is not in the log (log has %v)",
				s.req.path, s.req.key, s.ans.status, s.ans.body, res.Stream, res.Version, res.Position, events)
		}
		if inStream != res.Events {
			t.Errorf("%s (key %s) answered %d events in %s, the log holds %d: %v", s.req.path, s.req.key, res.Events, res.Stream, inStream, events)
		}
		if s.op == opRegister {
			checkClaim(t, s, events)
		}
	}
}

// find is the event at stream and version among events.
func find(events []logged, stream string, version uint64) (logged, bool) {
	for _, e := range events {
		if e.stream == stream && e.version == version {
			return e, true
		}
	}
	return logged{}, false
}

// checkClaim asserts that a registration's number claim is in the log,
// once, with it.
func checkClaim(t *testing.T, s sent, events []logged) {
	t.Helper()
	claims := 0
	for _, e := range events {
		if e.stream == "customernumber-"+s.number && e.typ == "customer.number_claimed" {
			claims++
		}
	}
	if claims != 1 {
		t.Errorf("registration of number %s (key %s) answered %d, the log holds %d claims of its number: %v",
			s.number, s.req.key, s.ans.status, claims, events)
	}
}

// checkNoOrphanFile asserts that no registration left a customer file
// without its number claim, or a claim without its file, answered or
// not: both land in one atomic append (rule C1, issue of orphan claims).
func checkNoOrphanFile(t *testing.T, byKey map[string][]logged, all []sent) {
	t.Helper()
	for _, s := range all {
		if s.op != opRegister {
			continue
		}
		var file, claim bool
		for _, e := range byKey[s.req.key] {
			file = file || e.typ == "customer.registered"
			claim = claim || e.typ == "customer.number_claimed"
		}
		if file != claim {
			t.Errorf("registration %s (key %s, answered %d %v): customer file %v, number claim %v; want both or neither",
				s.number, s.req.key, s.ans.status, s.ans.err, file, claim)
		}
	}
}

// waitCaughtUp waits until every read model has applied the whole log and
// none is stopped on a parked event, per /admin/projections.
func waitCaughtUp(t *testing.T, addr, token string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	var last string
	for settled := 0; settled < 2; {
		if time.Now().After(deadline) {
			t.Fatalf("read models did not catch up within %s: %s", d, last)
		}
		status, body, err := get(addr, "/admin/projections", token)
		last = fmt.Sprintf("%d %s %v", status, body, err)
		var st struct {
			Items []struct {
				Name      string `json:"name"`
				LagEvents int    `json:"lag_events"`
				Parked    int    `json:"parked"`
			} `json:"items"`
		}
		caughtUp := err == nil && status == http.StatusOK && json.Unmarshal(body, &st) == nil && len(st.Items) > 0
		for _, p := range st.Items {
			if p.Parked > 0 {
				t.Fatalf("read model %s parked %d events: %s", p.Name, p.Parked, body)
			}
			caughtUp = caughtUp && p.LagEvents == 0
		}
		if caughtUp {
			settled++ // twice in a row: a reaction may append after the first
		} else {
			settled = 0
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// readModelRows is every row of every read view, as text, sorted, by view.
func readModelRows(t *testing.T, conn *pgx.Conn) map[string][]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rows, err := conn.Query(ctx, `SELECT table_name FROM information_schema.views WHERE table_schema = 'read' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	views, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(views) == 0 {
		t.Fatal("no read views in schema read")
	}
	out := map[string][]string{}
	for _, v := range views {
		rows, err := conn.Query(ctx, "SELECT t::text FROM "+pgx.Identifier{"read", v}.Sanitize()+" t ORDER BY 1")
		if err != nil {
			t.Fatal(err)
		}
		if out[v], err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// checkReadModelsEqualRebuild stops the caught-up server, rebuilds every
// read model from the log with `opsledger rebuild` and asserts that the
// rebuilt rows are the rows the live read models had.
func checkReadModelsEqualRebuild(t *testing.T, l *ledger, s *server, st staff, conn *pgx.Conn) {
	t.Helper()
	waitCaughtUp(t, l.addr, st.gm, time.Minute)
	s.stop()
	live := readModelRows(t, conn)
	l.run("rebuild")
	rebuilt := readModelRows(t, conn)
	for view, want := range rebuilt {
		got := live[view]
		if !slices.Equal(got, want) {
			t.Errorf("read view %s: live has %d rows, a rebuild %d; first difference: %s", view, len(got), len(want), firstDifference(got, want))
		}
	}
	for view := range live {
		if _, ok := rebuilt[view]; !ok {
			t.Errorf("read view %s is gone after a rebuild", view)
		}
	}
}

func firstDifference(live, rebuilt []string) string {
	for i := range max(len(live), len(rebuilt)) {
		var a, b string
		if i < len(live) {
			a = live[i]
		}
		if i < len(rebuilt) {
			b = rebuilt[i]
		}
		if a != b {
			return fmt.Sprintf("row %d live %q, rebuilt %q", i, a, b)
		}
	}
	return "none"
}

// statusCounts tells how often each answer came back, for messages.
func statusCounts(all []sent) string {
	counts := map[string]int{}
	for _, s := range all {
		k := fmt.Sprint(s.ans.status)
		if s.ans.err != nil {
			k = "error"
		}
		counts[k]++
	}
	var parts []string
	for k, n := range counts {
		parts = append(parts, fmt.Sprintf("%s×%d", k, n))
	}
	slices.Sort(parts)
	return strings.Join(parts, " ")
}

// checkNothingLostOrPartial checks the log after a fault under load of
// the requests all tagged tag: every acknowledged command is there once
// and none left a partial registration; every command left without a 2xx,
// sent again with its key, is done once; and the read models s caught up
// to equal a rebuild.
func checkNothingLostOrPartial(t *testing.T, l *ledger, s *server, st staff, tag string, all []sent) {
	t.Helper()
	conn := connect(t, l.dbURL)
	byKey := eventsByKey(t, conn, tag)
	checkAcknowledged(t, byKey, all)
	checkNoOrphanFile(t, byKey, all)

	retried := retryFailed(t, l.addr, all)
	byKey = eventsByKey(t, conn, tag)
	checkAcknowledged(t, byKey, retried)
	checkNoOrphanFile(t, byKey, retried)
	checkReadModelsEqualRebuild(t, l, s, st, conn)
}
