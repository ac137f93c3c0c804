package faults

import (
	"context"
	"fmt"
	"hash/fnv"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/nats-io/nats.go"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres"
	"github.com/opsledger/opsledger/internal/freeport"
)

// takeoverLimit is how long the instances may go without a forwarder
// after the one holding it dies.
const takeoverLimit = 5 * time.Second

// TestThreeInstancesTakeOver: given three `opsledger serve` processes on
// one PostgreSQL database and one NATS JetStream, under load through all
// three while contracts are signed for the customers the load registers,
// when the one holding the projection and forwarder leases and River's
// leadership is killed with SIGKILL, then another takes the forwarder
// over and applies an event within 5 s; the deadline that fell due 5 s
// after the kill, while the dead instance still held River's leadership,
// fired within 5 s of its due time, exactly once, on a surviving instance
// (no deadline lost, none waiting for River's leader); another leads
// River once the dead one's leadership expired; every signed customer became cooperating exactly once (no
// reaction effect lost or doubled, though three instances consume and
// the forwarder republished what the dead one had not checkpointed); and
// the read models equal a rebuild from the log (no row lost or doubled).
func TestThreeInstancesTakeOver(t *testing.T) {
	natsURL := natsServer(t)
	base := newLedger(t, scratchDatabase(t))
	root := "opsledger_f" + randomHex(4)
	t.Cleanup(func() { deleteStream(natsURL, strings.ToUpper(root)) })
	var instances []*ledger
	for i := range 3 {
		l := *base
		l.addr = freeport.Addr(t)
		l.dbURL = withConnections(t, base.dbURL, fmt.Sprintf("instance-%d", i))
		// deadlines on (the suite's other servers run without): the
		// scheduler's leadership moves on the kill too
		l.extra = []string{"OPS_PUBSUB=nats", "OPS_NATS_URL=" + natsURL, "OPS_NATS_SUBJECT_ROOT=" + root, "OPS_DEADLINES=on"}
		instances = append(instances, &l)
	}
	st := tokens(t)
	conn := connect(t, base.dbURL)
	startDeadlinesAtHead(t, conn)
	sg := newSigner(t, withConnections(t, base.dbURL, "signer"))
	servers := []*server{instances[0].serve()} // the first takes every lease
	waitCaughtUp(t, instances[0].addr, st.gm, time.Minute)
	servers = append(servers, instances[1].serve(), instances[2].serve())

	if holder := forwarderHolder(t, conn); holder != "instance-0" {
		t.Fatalf("the forwarder's lease is held by %q, want instance-0, the first started", holder)
	}
	leases := leasesHeld(t, conn)
	if leases["instance-0"] < 11 || leases["instance-1"]+leases["instance-2"] > 0 {
		t.Fatalf("leases held %v, want every read model's and the forwarder's by instance-0", leases)
	}

	leader := riverLeader(t, conn)
	if !names(leader, servers[0].pid()) {
		t.Fatalf("River's scheduler is led by %q, want instance-0 (pid %d), the first started", leader, servers[0].pid())
	}

	ctx, stopLoad := context.WithCancel(context.Background())
	var loads []*load
	var waits []func()
	for _, l := range instances {
		ld := newLoad(l.addr, st)
		loads = append(loads, ld)
		waits = append(waits, ld.run(ctx, 3))
	}
	signing := sg.run(ctx, loads)

	dunned := scheduleInstalment(t, sg, conn, time.Now().Add(4*time.Second+dueAfterKill))
	time.Sleep(time.Until(dunned.due.Add(-dueAfterKill)))
	applied := forwarderApplied(t, conn)
	servers[0].kill()
	killedAt := time.Now()
	if !killedAt.Before(dunned.due) {
		t.Fatalf("killed at %s, after the deadline's due time %s: the test no longer kills before it", killedAt, dunned.due)
	}
	took := waitTakenOver(t, conn, applied, killedAt)
	t.Logf("takeover: the forwarder applied its first event %.2f s after the SIGKILL, held by %s", took.Seconds(), forwarderHolder(t, conn))
	if took > takeoverLimit {
		t.Errorf("takeover took %s, want at most %s", took, takeoverLimit)
	}
	time.Sleep(3 * time.Second)
	if after := leasesHeld(t, conn); after["instance-1"]+after["instance-2"] != leases["instance-0"] {
		t.Errorf("leases held after the takeover %v, want the %d of instance-0 shared by the others", after, leases["instance-0"])
	}
	firedAt := dunned.waitLetter(t, conn, time.Until(dunned.due)+leaderMoveLimit+15*time.Second)
	t.Logf("the deadline due %.2f s after the SIGKILL fired %.2f s after it", dunned.due.Sub(killedAt).Seconds(), firedAt.Sub(killedAt).Seconds())
	if late := firedAt.Sub(dunned.due); late > firedWithin {
		t.Errorf("the deadline fired %s after its due time, want within %s: every instance moves due deadlines, leader or not", late, firedWithin)
	}
	newLeader, moved := waitLeaderMoved(t, conn, leader, killedAt)
	t.Logf("River's scheduler: led by %s %.2f s after the SIGKILL", newLeader, moved.Seconds())
	if !names(newLeader, servers[1].pid()) && !names(newLeader, servers[2].pid()) || moved > leaderMoveLimit {
		t.Errorf("River's scheduler led by %s %s after the kill, want a survivor within %s", newLeader, moved, leaderMoveLimit)
	}
	stopLoad()
	for _, w := range waits {
		w()
	}
	signing()

	signed := sg.customers()
	if len(signed) < 10 {
		t.Fatalf("only %d contracts were signed: the load did not run", len(signed))
	}
	waitCaughtUp(t, instances[1].addr, st.gm, time.Minute)
	checkCooperatingOnce(t, conn, signed)
	waitCaughtUp(t, instances[1].addr, st.gm, time.Minute) // a redelivered reaction may have appended since
	dunned.checkFiredOnceBy(t, conn, servers[0].pid(), servers[1].pid(), servers[2].pid())
	servers[2].stop()
	checkReadModelsEqualRebuild(t, instances[1], servers[1], st, conn)
}

// natsServer is the NATS server with JetStream of TEST_NATS_URL (default
// nats://127.0.0.1:4222).
func natsServer(t *testing.T) string {
	t.Helper()
	u := nats.DefaultURL
	if v := strings.TrimSpace(os.Getenv("TEST_NATS_URL")); v != "" {
		u = v
	}
	conn, err := nats.Connect(u, nats.Timeout(3*time.Second))
	if err != nil {
		unavailable(t, "NATS unreachable at "+u+": "+err.Error())
	}
	defer conn.Close()
	js, err := conn.JetStream()
	if err == nil {
		_, err = js.AccountInfo()
	}
	if err != nil {
		unavailable(t, "NATS at "+u+" has no JetStream: "+err.Error())
	}
	return u
}

func deleteStream(natsURL, name string) {
	conn, err := nats.Connect(natsURL)
	if err != nil {
		return
	}
	defer conn.Close()
	if js, err := conn.JetStream(); err == nil {
		js.DeleteStream(name) //nolint:errcheck // none when the test failed early
	}
}

// instancePool is each instance's share of the database's connections:
// the least an instance works with (a runner holds one for its lease,
// requests take the rest), so three instances stay within a server's
// default limit of a hundred beside other tests.
var instancePool = strconv.Itoa(app.PoolConnsNeeded())

// withConnections names the connections of one instance, so the lease
// holder can be told from pg_stat_activity, and bounds how many it opens.
func withConnections(t *testing.T, raw, name string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("application_name", name)
	q.Set("pool_max_conns", instancePool)
	u.RawQuery = q.Encode()
	return u.String()
}

// forwarderKey is the advisory lock of the forwarder's active generation,
// as the projection engine computes it.
func forwarderKey(t *testing.T, conn *pgx.Conn) int64 {
	t.Helper()
	var gen int
	if err := conn.QueryRow(context.Background(), `SELECT active_generation FROM read.projection_state WHERE name = 'forwarder'`).Scan(&gen); err != nil {
		t.Fatalf("forwarder generation: %v", err)
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "opsledger/projection/%s/%s/%d", "read", "forwarder", gen)
	return int64(h.Sum64())
}

// forwarderHolder is the application name of the session holding the
// forwarder's lease ("" when none does).
func forwarderHolder(t *testing.T, conn *pgx.Conn) string {
	t.Helper()
	var holder string
	err := conn.QueryRow(context.Background(), `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
		WHERE l.locktype = 'advisory' AND l.granted AND ((l.classid::bigint << 32) | l.objid::bigint) = $1`, forwarderKey(t, conn)).Scan(&holder)
	if err == pgx.ErrNoRows {
		return ""
	}
	if err != nil {
		t.Fatalf("lease holder: %v", err)
	}
	return holder
}

// leasesHeld counts the advisory locks (the runners' leases) each
// instance holds.
func leasesHeld(t *testing.T, conn *pgx.Conn) map[string]int {
	t.Helper()
	rows, err := conn.Query(context.Background(), `SELECT a.application_name, count(*) FROM pg_locks l
		JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database() GROUP BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	held := map[string]int{}
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			t.Fatal(err)
		}
		held[name] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return held
}

// forwarderApplied is how many events the forwarder has published and
// checkpointed.
func forwarderApplied(t *testing.T, conn *pgx.Conn) int64 {
	t.Helper()
	var n int64
	if err := conn.QueryRow(context.Background(), `SELECT c.events_applied FROM read.projection_checkpoints c
		JOIN read.projection_state s ON s.name = c.name AND s.active_generation = c.generation WHERE c.name = 'forwarder'`).Scan(&n); err != nil {
		t.Fatalf("forwarder checkpoint: %v", err)
	}
	return n
}

// waitTakenOver waits until a surviving instance holds the forwarder's
// lease and has applied an event past before, and says how long after
// since that was.
func waitTakenOver(t *testing.T, conn *pgx.Conn, before int64, since time.Time) time.Duration {
	t.Helper()
	for time.Since(since) < time.Minute {
		if h := forwarderHolder(t, conn); h != "" && h != "instance-0" && forwarderApplied(t, conn) > before {
			return time.Since(since)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no instance took the forwarder over within a minute")
	return 0
}

// signer signs a contract, in the log, for each customer the loads
// register: the trigger of the customer-cooperating reaction.
type signer struct {
	t     *testing.T
	store *postgres.Store
	codec *eventstore.Codec

	mu     sync.Mutex
	signed []string // customer streams
}

func newSigner(t *testing.T, dbURL string) *signer {
	t.Helper()
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	store, err := postgres.Open(ctx, pool, postgres.Options{Schema: postgres.DefaultSchema})
	if err != nil {
		t.Fatal(err)
	}
	return &signer{t: t, store: store, codec: commands.Codec()}
}

// run signs, every 100 ms, for the registrations acknowledged since.
func (s *signer) run(ctx context.Context, loads []*load) (wait func()) {
	done := make(chan struct{})
	seen := map[string]bool{}
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			for _, ld := range loads {
				for _, r := range acknowledged(ld.snapshot()) {
					res, err := r.ans.result()
					if r.op != opRegister || err != nil || seen[res.ID] {
						continue
					}
					seen[res.ID] = true
					s.sign(res.ID, res.Stream)
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	return func() { <-done }
}

func (s *signer) sign(customerID, customerStream string) {
	now := time.Now().UTC()
	id := "ct-faults-" + randomHex(6)
	var data []eventstore.EventData
	for i, e := range []domain.Event{
		contract.Drafted{ContractID: id, CustomerID: customerID, DrafterID: "emp-rep-01", DraftedAt: now},
		contract.Signed{ContractID: id, CustomerID: customerID, SignerID: "emp-gm", SignerRole: domain.RoleGM, Place: contract.PlaceCompany, SignedAt: now},
	} {
		d, err := s.codec.Encode(fmt.Sprintf("%s-%d", id, i), e, eventstore.Metadata{ActorID: "emp-gm", CorrelationID: id})
		if err != nil {
			s.t.Error(err)
			return
		}
		data = append(data, d)
	}
	if _, err := s.store.Append(context.Background(), contract.Stream(id), eventstore.NoStream, data...); err != nil {
		s.t.Errorf("sign %s: %v", id, err)
		return
	}
	s.mu.Lock()
	s.signed = append(s.signed, customerStream)
	s.mu.Unlock()
}

func (s *signer) customers() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.signed)
}

// checkCooperatingOnce waits until every signed customer became
// cooperating exactly once. A signing whose message the killed instance
// had taken but not acknowledged is redelivered to another instance only
// after the bus's ack wait (10 s on JetStream), so a missing effect is
// waited for (up to redeliveryWait); a doubled one fails at once.
func checkCooperatingOnce(t *testing.T, conn *pgx.Conn, streams []string) {
	t.Helper()
	deadline := time.Now().Add(redeliveryWait)
	for {
		counts := cooperatingCounts(t, conn, streams)
		missing, doubled := 0, 0
		for _, s := range streams {
			switch {
			case counts[s] == 0:
				missing++
			case counts[s] > 1:
				doubled++
			}
		}
		if doubled == 0 && missing > 0 && time.Now().Before(deadline) {
			time.Sleep(250 * time.Millisecond)
			continue
		}
		wrong := 0
		for _, s := range streams {
			if counts[s] != 1 {
				wrong++
				if wrong <= 5 {
					t.Errorf("customer %s became cooperating %d times, want once", s, counts[s])
				}
			}
		}
		t.Logf("%d contracts signed across the takeover; %d customers became cooperating other than once", len(streams), wrong)
		return
	}
}

// redeliveryWait bounds the wait for the effects of messages the killed
// instance held: the bus's ack wait and a margin for a loaded machine.
const redeliveryWait = 30 * time.Second

// cooperatingCounts is how many times each stream recorded
// customer.became_cooperating.
func cooperatingCounts(t *testing.T, conn *pgx.Conn, streams []string) map[string]int {
	t.Helper()
	rows, err := conn.Query(context.Background(), `SELECT stream, count(*) FILTER (WHERE type = 'customer.became_cooperating')
		FROM eventstore.events WHERE stream = ANY($1) GROUP BY stream`, streams)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for rows.Next() {
		var stream string
		var n int
		if err := rows.Scan(&stream, &n); err != nil {
			t.Fatal(err)
		}
		counts[stream] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return counts
}
