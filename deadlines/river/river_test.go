package river_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/deadlines"
	deadlineriver "github.com/opsledger/opsledger/deadlines/river"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/projections"
)

// fired records the deadlines fired, with when.
type fired struct {
	mu  sync.Mutex
	log []firing
}

type firing struct {
	key string
	at  time.Time
}

func (f *fired) fire(_ context.Context, d deadlines.Deadline) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.log = append(f.log, firing{key: d.Key(), at: time.Now()})
	return nil
}

// of returns the firings of key.
func (f *fired) of(key string) []firing {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []firing
	for _, x := range f.log {
		if x.key == key {
			out = append(out, x)
		}
	}
	return out
}

// waitFor waits up to 20 s (a failed try is retried after River's backoff) for key to fire.
func (f *fired) waitFor(t *testing.T, key string) firing {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if got := f.of(key); len(got) > 0 {
			return got[0]
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("deadline %s did not fire", key)
	return firing{}
}

type world struct {
	store  *postgres.Store
	pool   *pgxpool.Pool
	codec  *eventstore.Codec
	schema string // River's
	ns     projections.Namespace
	fired  *fired
}

func newWorld(t *testing.T) *world {
	t.Helper()
	store := pgtest.Store(t)
	w := &world{store: store, pool: store.Pool(), codec: eventstore.NewCodec(slices.Concat(complaint.Events(), contract.Events())...),
		schema: "dl_" + store.Schema()[strings.LastIndex(store.Schema(), "_")+1:], ns: projections.Namespace(store.Schema() + "_rm"), fired: &fired{}}
	ctx := context.Background()
	t.Cleanup(func() {
		w.pool.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+pgx.Identifier{w.schema}.Sanitize()+" CASCADE")
		w.pool.Exec(context.Background(), `DO $$ DECLARE s text; BEGIN FOR s IN SELECT nspname FROM pg_namespace WHERE nspname LIKE '`+store.Schema()+`\_%' LOOP EXECUTE 'DROP SCHEMA '||quote_ident(s)||' CASCADE'; END LOOP; END $$`)
	})
	if err := projections.Migrate(ctx, w.pool, w.ns); err != nil {
		t.Fatal(err)
	}
	for range 2 { // migrating again changes nothing
		if err := deadlineriver.Migrate(ctx, w.pool, w.schema); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// scheduler starts a scheduler, as one instance would, until the returned
// stop is called.
func (w *world) scheduler(t *testing.T) (*deadlineriver.Scheduler, func()) {
	t.Helper()
	return w.schedulerWith(t, deadlineriver.Config{Fire: w.fired.fire})
}

// schedulerWith starts a scheduler configured by cfg (its schema, codec
// and rules are the world's).
func (w *world) schedulerWith(t *testing.T, cfg deadlineriver.Config) (*deadlineriver.Scheduler, func()) {
	t.Helper()
	cfg.Schema, cfg.Codec = w.schema, w.codec
	cfg.Rules = deadlines.Rules{ComplaintCloseWithin: func(time.Time) time.Duration { return 7 * 24 * time.Hour }}
	s, err := deadlineriver.New(w.pool, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	stop := func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run() error = %v", err)
		}
	}
	t.Cleanup(func() {
		if ctx.Err() == nil {
			stop()
		}
	})
	return s, stop
}

func (w *world) given(t *testing.T, stream string, events ...domain.Event) {
	t.Helper()
	var data []eventstore.EventData
	for i, e := range events {
		d, err := w.codec.Encode(fmt.Sprintf("%s-%d", stream, i), e, eventstore.Metadata{ActorID: "emp-1", CorrelationID: "corr-1"})
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, d)
	}
	if _, err := w.store.Append(context.Background(), stream, eventstore.Any, data...); err != nil {
		t.Fatal(err)
	}
}

// follow runs the deadline follower as the projection engine does.
func (w *world) follow(t *testing.T, s *deadlineriver.Scheduler) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go projections.NewRunner(w.pool, w.store, w.ns, s.Follower(), projections.Options{}).Run(ctx)
}

// jobStates returns the state of each job of key.
func (w *world) jobStates(t *testing.T, key string) []string {
	t.Helper()
	rows, _ := w.pool.Query(context.Background(), `SELECT state::text FROM `+pgx.Identifier{w.schema, "river_job"}.Sanitize()+
		` WHERE args->>'key' = $1`, key)
	states, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return states
}

func TestDeadlines_firedOnceOnTimeAcrossARestart(t *testing.T) {
	w := newWorld(t)
	now := time.Now().UTC()
	// Given a complaint past its time limit, one far from it, one closed
	// before it, and an instalment falling due in three seconds.
	w.given(t, complaint.Stream("cp-late"), complaint.Received{ComplaintID: "cp-late", CustomerID: "c-1", ReceivedAt: now.AddDate(0, 0, -8)})
	w.given(t, complaint.Stream("cp-new"), complaint.Received{ComplaintID: "cp-new", CustomerID: "c-1", ReceivedAt: now})
	w.given(t, complaint.Stream("cp-closed"), complaint.Received{ComplaintID: "cp-closed", CustomerID: "c-1", ReceivedAt: now},
		complaint.Closed{ComplaintID: "cp-closed", ClosedAt: now})
	dueAt := now.Add(3 * time.Second)
	w.given(t, contract.Stream("k-1"), contract.CollectionPlanSet{ContractID: "k-1", Instalments: []contract.Instalment{{ID: "i-1", DueDate: dueAt}}})
	late := deadlines.Deadline{Kind: deadlines.ComplaintTimeLimit, Subject: "cp-late"}.Key()
	instalment := deadlines.Deadline{Kind: deadlines.InstalmentOverdue, Subject: "k-1", Item: "i-1@" + dueAt.Format(time.DateOnly)}.Key()

	// When the follower derives them and one instance fires them, then
	// stops before the instalment is due and another instance starts.
	first, stop := w.scheduler(t)
	w.follow(t, first)
	w.fired.waitFor(t, late)
	stop()
	w.scheduler(t)

	// Then the instalment fires on the second instance, after its due time.
	if got := w.fired.waitFor(t, instalment); got.at.Before(dueAt) {
		t.Errorf("instalment fired at %s, before its due time %s", got.at, dueAt)
	}
	// And each deadline fired once; the far one waits; the closed one was cancelled.
	time.Sleep(500 * time.Millisecond)
	if n, m := len(w.fired.of(late)), len(w.fired.of(instalment)); n != 1 || m != 1 {
		t.Errorf("fired %d and %d times, want once each", n, m)
	}
	if got := w.jobStates(t, deadlines.Deadline{Kind: deadlines.ComplaintTimeLimit, Subject: "cp-new"}.Key()); !slices.Equal(got, []string{"scheduled"}) {
		t.Errorf("far deadline's jobs = %v, want one scheduled", got)
	}
	if got := w.jobStates(t, deadlines.Deadline{Kind: deadlines.ComplaintTimeLimit, Subject: "cp-closed"}.Key()); !slices.Equal(got, []string{"cancelled"}) {
		t.Errorf("closed complaint's deadline jobs = %v, want one cancelled", got)
	}
}

func TestDeadlines_replayedEventsScheduleNothingTwice(t *testing.T) {
	w := newWorld(t)
	s, _ := w.scheduler(t)
	now := time.Now().UTC()
	w.given(t, complaint.Stream("cp-1"), complaint.Received{ComplaintID: "cp-1", CustomerID: "c-1", ReceivedAt: now.AddDate(0, 0, -8)})
	recs, err := w.store.ReadStream(context.Background(), complaint.Stream("cp-1"), eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	key := deadlines.Deadline{Kind: deadlines.ComplaintTimeLimit, Subject: "cp-1"}.Key()

	// When the same event is applied three times (a replay after a crash
	// before the checkpoint), the last after the deadline fired.
	for i := range 3 {
		if err := pgx.BeginFunc(context.Background(), w.pool, func(tx pgx.Tx) error {
			return s.Follower().Apply(context.Background(), tx, recs)
		}); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			w.fired.waitFor(t, key)
		}
	}

	// Then the deadline has one job and fired once.
	time.Sleep(500 * time.Millisecond)
	if got := w.jobStates(t, key); len(got) != 1 || len(w.fired.of(key)) != 1 {
		t.Errorf("jobs %v, fired %d times; want one job fired once", got, len(w.fired.of(key)))
	}
}

func TestDeadlines_failingOneIsRetriedThenParked_andFiredAgainByAnOperator(t *testing.T) {
	w := newWorld(t)
	var failing atomic.Bool
	failing.Store(true)
	var tries atomic.Int32
	parked := make(chan string, 1)
	s, _ := w.schedulerWith(t, deadlineriver.Config{MaxAttempts: 2,
		Fire: func(ctx context.Context, d deadlines.Deadline) error {
			tries.Add(1)
			if failing.Load() {
				return errors.New("store unavailable")
			}
			return w.fired.fire(ctx, d)
		},
		Park: func(_ context.Context, d deadlines.Deadline, reason string) error {
			parked <- d.Key() + ": " + reason
			return nil
		}})
	w.follow(t, s)
	// Given a complaint past its time limit whose escalation keeps failing
	w.given(t, complaint.Stream("cp-1"), complaint.Received{ComplaintID: "cp-1", CustomerID: "c-1", ReceivedAt: time.Now().AddDate(0, 0, -8)})
	key := deadlines.Deadline{Kind: deadlines.ComplaintTimeLimit, Subject: "cp-1"}.Key()

	// Then it is tried twice, then parked with its reason
	select {
	case got := <-parked:
		if got != key+": store unavailable" || tries.Load() != 2 {
			t.Errorf("parked %q after %d tries, want %s after 2", got, tries.Load(), key)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("deadline not parked after %d tries", tries.Load())
	}
	for deadline := time.Now().Add(10 * time.Second); !slices.Equal(w.jobStates(t, key), []string{"cancelled"}); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("jobs = %v, want the parked one cancelled", w.jobStates(t, key))
		}
	}
	// When the store recovers and an operator fires it again, it fires
	failing.Store(false)
	d := deadlines.Deadline{Kind: deadlines.ComplaintTimeLimit, Subject: "cp-1"}
	if err := s.Refire(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	w.fired.waitFor(t, key)
	if err := s.Refire(context.Background(), d); err == nil {
		t.Errorf("Refire() of a fired deadline = nil, want refused: it fired")
	}
}
