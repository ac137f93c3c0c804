package faults

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/deadlines"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/eventstore"
)

// dueAfterKill is how long after the SIGKILL the deadline scheduled for
// the takeover falls due: the killed instance led River, so it falls due
// while River's leadership is still the dead one's.
const dueAfterKill = 5 * time.Second

// firedWithin bounds how long after its due time that deadline fires:
// every instance moves due deadlines to the queue (deadlines/river's
// promoter), so River's leadership does not matter.
const firedWithin = 5 * time.Second

// leaderMoveLimit bounds how long River takes to elect another leader
// after its leader died without resigning: its leader row lives 15 s
// past the last re-election (every 5 s, 1 s of jitter), then the next
// election of a survivor takes it.
const leaderMoveLimit = 30 * time.Second

// startDeadlinesAtHead sets the deadline follower's checkpoint at the
// head of the log, as if the demo's deadlines had been derived and fired
// when their time came: the demo's dates are months old, and deriving
// them now would fire their daily chains for minutes, so the log would
// never stand still for the comparison with a rebuild.
func startDeadlinesAtHead(t *testing.T, conn *pgx.Conn) {
	t.Helper()
	tag, err := conn.Exec(context.Background(), `UPDATE read.projection_checkpoints c SET pos_major = h.xid, pos_minor = h.seq
		FROM (SELECT xid::text::bigint AS xid, seq FROM eventstore.events ORDER BY xid DESC, seq DESC LIMIT 1) h, read.projection_state s
		WHERE c.name = 'deadlines' AND s.name = c.name AND s.active_generation = c.generation`)
	if err != nil || tag.RowsAffected() != 1 {
		t.Fatalf("deadline follower's checkpoint: %v, %d rows", err, tag.RowsAffected())
	}
}

// riverLeader is the client id of the instance leading River's scheduler
// ("" while none does).
func riverLeader(t *testing.T, conn *pgx.Conn) string {
	t.Helper()
	var id string
	err := conn.QueryRow(context.Background(), `SELECT leader_id FROM control.river_leader WHERE expires_at > now()`).Scan(&id)
	if err == pgx.ErrNoRows {
		return ""
	}
	if err != nil {
		t.Fatalf("River's leader: %v", err)
	}
	return id
}

// names tells whether River client id names the process pid
// (deadlines/river InstanceID).
func names(id string, pid int) bool { return strings.Contains(id, fmt.Sprintf("_pid%d_", pid)) }

// waitLeaderMoved waits until River's leader is another than from, and
// says which and how long after since.
func waitLeaderMoved(t *testing.T, conn *pgx.Conn, from string, since time.Time) (string, time.Duration) {
	t.Helper()
	for time.Since(since) < time.Minute {
		if id := riverLeader(t, conn); id != "" && id != from {
			return id, time.Since(since)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("River's leadership stayed with %s a minute after it was killed", from)
	return "", 0
}

// dunnedContract is a contract of the log whose one instalment falls
// due at due: its dunning letter is the deadline the takeover must not
// lose.
type dunnedContract struct {
	id  string
	due time.Time
	key string // the deadline's
}

// scheduleInstalment signs a contract for a customer of the demo already
// cooperating (the signing's reaction then changes nothing), with one
// instalment falling due at due, in the log, and waits until the
// deadline follower stored its deadline.
func scheduleInstalment(t *testing.T, sg *signer, conn *pgx.Conn, due time.Time) dunnedContract {
	t.Helper()
	var customerID string
	if err := conn.QueryRow(context.Background(), `SELECT convert_from(data, 'UTF8')::jsonb->>'customer_id' FROM eventstore.events
		WHERE type = 'customer.became_cooperating' ORDER BY xid, seq LIMIT 1`).Scan(&customerID); err != nil {
		t.Fatalf("a cooperating customer of the demo: %v", err)
	}
	now := time.Now().UTC()
	c := dunnedContract{id: "ct-dunned-" + randomHex(6), due: due.UTC()}
	c.key = deadlines.Deadline{Kind: deadlines.InstalmentOverdue, Subject: c.id, Item: "i-1@" + c.due.Format(time.DateOnly)}.Key()
	var data []eventstore.EventData
	for i, e := range []domain.Event{
		contract.Drafted{ContractID: c.id, CustomerID: customerID, DrafterID: "emp-rep-01", DraftedAt: now},
		contract.Signed{ContractID: c.id, CustomerID: customerID, SignerID: "emp-gm", SignerRole: domain.RoleGM, Place: contract.PlaceCompany, SignedAt: now},
		contract.CollectionPlanSet{ContractID: c.id, Instalments: []contract.Instalment{{ID: "i-1", DueDate: c.due, Amount: domain.Yuan(100)}},
			SetBy: "emp-gm", SetAt: now},
	} {
		d, err := sg.codec.Encode(fmt.Sprintf("%s-%d", c.id, i), e, eventstore.Metadata{ActorID: "emp-gm", CorrelationID: c.id})
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, d)
	}
	if _, err := sg.store.Append(context.Background(), contract.Stream(c.id), eventstore.NoStream, data...); err != nil {
		t.Fatalf("sign %s: %v", c.id, err)
	}
	for deadline := time.Now().Add(10 * time.Second); len(riverJobs(t, conn, c.key)) == 0; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the deadline %s was not stored within 10 s", c.key)
		}
	}
	return c
}

// riverJob is one River job of a deadline.
type riverJob struct {
	state       string
	attemptedBy []string
}

func riverJobs(t *testing.T, conn *pgx.Conn, key string) []riverJob {
	t.Helper()
	rows, err := conn.Query(context.Background(), `SELECT state::text, coalesce(attempted_by, '{}') FROM control.river_job WHERE args->>'key' = $1`, key)
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (riverJob, error) {
		var j riverJob
		return j, r.Scan(&j.state, &j.attemptedBy)
	})
	if err != nil {
		t.Fatal(err)
	}
	return jobs
}

// letters counts the dunning letters on the contract, with the first's
// recording time.
func (c dunnedContract) letters(t *testing.T, conn *pgx.Conn) (int, time.Time) {
	t.Helper()
	var n int
	var first *time.Time
	if err := conn.QueryRow(context.Background(), `SELECT count(*), min(recorded_at) FROM eventstore.events
		WHERE stream = $1 AND type = 'contract.dunning_letter_sent'`, contract.Stream(c.id)).Scan(&n, &first); err != nil {
		t.Fatal(err)
	}
	if first == nil {
		return n, time.Time{}
	}
	return n, *first
}

// waitLetter waits until the contract's letter was sent, and says when.
func (c dunnedContract) waitLetter(t *testing.T, conn *pgx.Conn, limit time.Duration) time.Time {
	t.Helper()
	for deadline := time.Now().Add(limit); ; time.Sleep(100 * time.Millisecond) {
		if n, at := c.letters(t, conn); n > 0 {
			return at
		}
		if time.Now().After(deadline) {
			t.Fatalf("the deadline %s due at %s did not fire within %s: jobs %+v", c.key, c.due.Format(time.TimeOnly), limit, riverJobs(t, conn, c.key))
		}
	}
}

// checkFiredOnceBy checks that the deadline fired once, after its due
// time, in one attempt by a surviving instance, never by the killed one.
func (c dunnedContract) checkFiredOnceBy(t *testing.T, conn *pgx.Conn, killed int, survivors ...int) {
	t.Helper()
	n, at := c.letters(t, conn)
	if n != 1 || at.Before(c.due) {
		t.Errorf("the deadline due at %s sent %d letters, the first at %s; want one, after its due time", c.due, n, at)
	}
	jobs := riverJobs(t, conn, c.key)
	if len(jobs) != 1 || jobs[0].state != "completed" || len(jobs[0].attemptedBy) != 1 {
		t.Fatalf("the deadline's jobs %+v, want one, completed in one attempt", jobs)
	}
	by := jobs[0].attemptedBy[0]
	if names(by, killed) || !slices.ContainsFunc(survivors, func(pid int) bool { return names(by, pid) }) {
		t.Errorf("the deadline was fired by %s, want a surviving instance (pids %v)", by, survivors)
	}
}
