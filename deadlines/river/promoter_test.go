package river_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/deadlines"
	"github.com/opsledger/opsledger/domain/contract"
)

// onTime is how long after its due time a deadline may fire: the
// promoter's round and the producers' poll, a second each at most.
const onTime = 2 * time.Second

// TestDeadlines_firedOnTimeOnceByTwoInstancesWhileRiverHasNoLeader: given
// River's leadership held by an instance that was killed (its term runs
// for an hour, so neither live instance is elected and River's own
// scheduler moves nothing) and two instances running, when instalments
// fall due one after another, then each deadline fires within 2 s of its
// due time, never before, exactly once, in one attempt (OPS-deadlines).
func TestDeadlines_firedOnTimeOnceByTwoInstancesWhileRiverHasNoLeader(t *testing.T) {
	w := newWorld(t)
	w.killedLeader(t, "killed-instance", time.Hour)
	first, _ := w.scheduler(t)
	w.scheduler(t)
	w.follow(t, first)

	now := time.Now().UTC()
	var instalments []contract.Instalment
	var keys []string
	for i := range 6 {
		in := contract.Instalment{ID: fmt.Sprintf("i-%d", i), DueDate: now.Add(time.Second + time.Duration(i)*450*time.Millisecond)}
		instalments = append(instalments, in)
		keys = append(keys, deadlines.Deadline{Kind: deadlines.InstalmentOverdue, Subject: "k-1", Item: in.ID + "@" + in.DueDate.Format(time.DateOnly)}.Key())
	}
	w.given(t, contract.Stream("k-1"), contract.CollectionPlanSet{ContractID: "k-1", Instalments: instalments})

	for _, key := range keys {
		got := w.fired.waitFor(t, key)
		due := w.dueAt(t, key)
		if late := got.at.Sub(due); late < 0 || late > onTime {
			t.Errorf("%s fired %s after its due time, want within %s and never before", key, late, onTime)
		}
	}
	time.Sleep(1500 * time.Millisecond) // a second firing would have come by now
	for _, key := range keys {
		if n := len(w.fired.of(key)); n != 1 {
			t.Errorf("%s fired %d times, want once", key, n)
		}
		if got := w.attempts(t, key); got != "completed:1" {
			t.Errorf("%s's job = %s, want completed:1 (one job, one attempt)", key, got)
		}
	}
	if got := w.riverLeader(t); got != "killed-instance" {
		t.Errorf("River's leader = %q, want the killed instance still: the test no longer runs without a live leader", got)
	}
}

// killedLeader makes id River's leader for term, as an instance killed
// without resigning leaves it.
func (w *world) killedLeader(t *testing.T, id string, term time.Duration) {
	t.Helper()
	if _, err := w.pool.Exec(context.Background(), `INSERT INTO `+pgx.Identifier{w.schema, "river_leader"}.Sanitize()+
		` (elected_at, expires_at, leader_id, name) VALUES (now(), now() + $1::interval, $2, 'default')`, term, id); err != nil {
		t.Fatal(err)
	}
}

// riverLeader is the leader id of River's leader row ("" when none).
func (w *world) riverLeader(t *testing.T) string {
	t.Helper()
	var id string
	err := w.pool.QueryRow(context.Background(), `SELECT leader_id FROM `+pgx.Identifier{w.schema, "river_leader"}.Sanitize()+
		` WHERE expires_at > now()`).Scan(&id)
	if err != nil && err != pgx.ErrNoRows {
		t.Fatal(err)
	}
	return id
}

// dueAt is when the job of key is scheduled.
func (w *world) dueAt(t *testing.T, key string) time.Time {
	t.Helper()
	var due time.Time
	if err := w.pool.QueryRow(context.Background(), `SELECT scheduled_at FROM `+pgx.Identifier{w.schema, "river_job"}.Sanitize()+
		` WHERE args->>'key' = $1`, key).Scan(&due); err != nil {
		t.Fatal(err)
	}
	return due
}

// attempts says the jobs of key as state:attempts, comma-separated.
func (w *world) attempts(t *testing.T, key string) string {
	t.Helper()
	var got string
	if err := w.pool.QueryRow(context.Background(), `SELECT coalesce(string_agg(state::text || ':' || coalesce(cardinality(attempted_by), 0), ','), '') FROM `+
		pgx.Identifier{w.schema, "river_job"}.Sanitize()+` WHERE args->>'key' = $1`, key).Scan(&got); err != nil {
		t.Fatal(err)
	}
	return got
}

// TestDeadlines_aDeadlineHeldByAnotherTransactionHoldsUpNoOther: given
// two instalments falling due together, one of whose jobs another
// transaction holds (a follower's batch cancelling it), when they fall
// due, then the other fires on time all the same (the promoter skips
// what it cannot lock rather than wait), and the held one fires once it
// is let go (OPS-deadlines).
func TestDeadlines_aDeadlineHeldByAnotherTransactionHoldsUpNoOther(t *testing.T) {
	w := newWorld(t)
	w.killedLeader(t, "killed-instance", time.Hour)
	s, _ := w.scheduler(t)
	w.follow(t, s)
	due := time.Now().UTC().Add(time.Second)
	key := func(id string) string {
		return deadlines.Deadline{Kind: deadlines.InstalmentOverdue, Subject: "k-1", Item: id + "@" + due.Format(time.DateOnly)}.Key()
	}
	w.given(t, contract.Stream("k-1"), contract.CollectionPlanSet{ContractID: "k-1",
		Instalments: []contract.Instalment{{ID: "i-held", DueDate: due}, {ID: "i-free", DueDate: due}}})
	for deadline := time.Now().Add(10 * time.Second); w.attempts(t, key("i-held")) == ""; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the deadlines were not stored")
		}
	}
	tx, err := w.pool.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(context.Background()) //nolint:errcheck // committed below
	if _, err := tx.Exec(context.Background(), `SELECT 1 FROM `+pgx.Identifier{w.schema, "river_job"}.Sanitize()+
		` WHERE args->>'key' = $1 FOR UPDATE`, key("i-held")); err != nil {
		t.Fatal(err)
	}

	got := w.fired.waitFor(t, key("i-free"))
	if late := got.at.Sub(w.dueAt(t, key("i-free"))); late > onTime {
		t.Errorf("the free deadline fired %s after its due time, want within %s", late, onTime)
	}
	if n := len(w.fired.of(key("i-held"))); n != 0 {
		t.Fatalf("the held deadline fired %d times while held", n)
	}
	if err := tx.Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
	w.fired.waitFor(t, key("i-held"))
}
