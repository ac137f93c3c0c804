package commands_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/esdb"
	"github.com/opsledger/opsledger/eventstore/esdb/esdbtest"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/snapshots"
	snapmemory "github.com/opsledger/opsledger/snapshots/memory"
	snappostgres "github.com/opsledger/opsledger/snapshots/postgres"
)

// snapshotEvery is the snapshot interval of these tests: small, so a
// stream of a few dozen events crosses it often.
const snapshotEvery = 5

// snapshotBackend is an event store with the snapshot store kept beside
// it, as the application pairs them: PostgreSQL snapshots beside either
// event store, memory ones beside the memory store.
type snapshotBackend struct {
	name string
	open func(t *testing.T) (eventstore.Store, snapshotStore)
}

// snapshotStore is a snapshots.Store the test can empty and look into.
type snapshotStore interface {
	snapshots.Store
	deleteAll(t *testing.T)
	newest(t *testing.T, stream, schemaPrefix string) (uint64, bool)
}

var snapshotBackends = []snapshotBackend{
	{"memory", func(*testing.T) (eventstore.Store, snapshotStore) {
		return memory.New(), memorySnapshots{snapmemory.New()}
	}},
	{"postgres", func(t *testing.T) (eventstore.Store, snapshotStore) {
		return pgtest.Store(t), pgSnapshots(t)
	}},
	{"eventstoredb", func(t *testing.T) (eventstore.Store, snapshotStore) {
		s, err := esdb.Open(esdbtest.New(t).URL())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Close() })
		return s, pgSnapshots(t)
	}},
}

type memorySnapshots struct{ *snapmemory.Store }

func (m memorySnapshots) deleteAll(*testing.T) { m.DeleteAll() }
func (m memorySnapshots) newest(t *testing.T, stream, schema string) (uint64, bool) {
	s, ok, err := m.Load(context.Background(), stream, schema, snapshots.Bound{})
	if err != nil {
		t.Fatal(err)
	}
	return s.Version, ok
}

type postgresSnapshots struct{ *snappostgres.Store }

func pgSnapshots(t *testing.T) postgresSnapshots {
	pool, schema := pgtest.Pool(t)
	s, err := snappostgres.Open(context.Background(), pool, schema)
	if err != nil {
		t.Fatal(err)
	}
	return postgresSnapshots{s}
}

func (p postgresSnapshots) deleteAll(t *testing.T) {
	if err := p.DeleteAll(context.Background()); err != nil {
		t.Fatal(err)
	}
}
func (p postgresSnapshots) newest(t *testing.T, stream, schema string) (uint64, bool) {
	s, ok, err := p.Load(context.Background(), stream, schema, snapshots.Bound{})
	if err != nil {
		t.Fatal(err)
	}
	return s.Version, ok
}

// customerSchema is the schema name customer snapshots are kept under.
var customerSchema = fmt.Sprintf("customer.Customer/%d", customer.StateSchema)

// eventCounter counts the events the commands' stream reads return, per
// stream. The snapshot saver's look-up of the one event a snapshot ends
// at (the only read bounded by ToVersion) is background work, not a
// command's cost, and is not counted.
type eventCounter struct {
	eventstore.Store
	mu   sync.Mutex
	read map[string]int
}

func countEvents(s eventstore.Store) *eventCounter {
	return &eventCounter{Store: s, read: map[string]int{}}
}

func (c *eventCounter) ReadStream(ctx context.Context, stream string, opts eventstore.ReadStreamOptions) ([]eventstore.Recorded, error) {
	recs, err := c.Store.ReadStream(ctx, stream, opts)
	if opts.ToVersion != 0 {
		return recs, err
	}
	c.mu.Lock()
	c.read[stream] += len(recs)
	c.mu.Unlock()
	return recs, err
}

// since returns the events read from stream since the last call.
func (c *eventCounter) since(stream string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.read[stream]
	c.read[stream] = 0
	return n
}

func snapshotHandler(t *testing.T, store eventstore.Store, snaps snapshots.Store, cache int) *commands.Handler {
	t.Helper()
	w := newCustomerWorld(t) // for its codec
	h := commands.New(store, w.codec, func() time.Time { return customerNow },
		commands.WithAggregateCache(cache), commands.WithSnapshots(snaps, snapshotEvery, nil))
	t.Cleanup(h.Close)
	return h
}

// rename is the i-th profile change of customer c-1.
func rename(i int) commands.UpdateCustomerProfile {
	return commands.UpdateCustomerProfile{CustomerID: "c-1", Changes: map[string]string{customer.FieldName: fmt.Sprintf("Jinling Valves %d", i)}}
}

// answer is what a command answers, without where the store put it (the
// positions of two stores differ).
func answer(res commands.Result, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	return fmt.Sprintf("version %d, %d events, replayed %v", res.Version, res.Events, res.Replayed)
}

func withIdempotencyKey(m commands.Meta, key string) commands.Meta {
	m.IdempotencyKey = key
	return m
}

// longHistory runs the same commands on h: renames under idempotency
// keys, replays of keys recorded long before, and changes the rules
// refuse; between steps it calls between(i). It returns every answer.
func longHistory(t *testing.T, h *commands.Handler, steps int, between func(i int)) []string {
	t.Helper()
	ctx := context.Background()
	answers := []string{answer(h.Customers.RegisterTargetCustomer(ctx, customerRep, customerRegistration))}
	for i := 1; i <= steps; i++ {
		answers = append(answers, answer(h.Customers.UpdateCustomerProfile(ctx, withIdempotencyKey(customerRep, fmt.Sprintf("rename-%d", i)), rename(i))))
		if i%4 == 0 { // a key recorded before the newest snapshot
			answers = append(answers, answer(h.Customers.UpdateCustomerProfile(ctx, withIdempotencyKey(customerRep, fmt.Sprintf("rename-%d", i-3)), rename(i-3))))
		}
		if i%7 == 0 { // the name cannot be cleared (C2)
			clear := commands.UpdateCustomerProfile{CustomerID: "c-1", Changes: map[string]string{customer.FieldName: ""}}
			answers = append(answers, answer(h.Customers.UpdateCustomerProfile(ctx, customerRep, clear)))
		}
		if i%9 == 0 { // the same name again changes nothing
			answers = append(answers, answer(h.Customers.UpdateCustomerProfile(ctx, customerRep, rename(i))))
		}
		between(i)
	}
	return answers
}

func TestSnapshots_deletingEverySnapshotChangesNoAnswer(t *testing.T) {
	for _, b := range snapshotBackends {
		t.Run(b.name, func(t *testing.T) {
			// Given the same long history run with snapshots (taken,
			// then all deleted halfway, then taken again) and without
			// any, each on its own store, with the cache off so that
			// every command loads the stream
			store, snaps := b.open(t)
			with := snapshotHandler(t, store, snaps, 0)
			var takenAt uint64
			taken := false
			withAnswers := longHistory(t, with, 40, func(i int) {
				commands.FlushSnapshots(with)
				if i == 20 {
					takenAt, taken = snaps.newest(t, customer.Stream("c-1"), customerSchema)
					snaps.deleteAll(t)
				}
			})
			without := commands.New(memory.New(), newCustomerWorld(t).codec, func() time.Time { return customerNow }, commands.WithAggregateCache(0))
			withoutAnswers := longHistory(t, without, 40, func(int) {})

			// Then snapshots were used, and every answer is the same
			if !taken {
				t.Fatal("no snapshot of customer-c-1 was taken")
			}
			if got, want := strings.Join(withAnswers, "\n"), strings.Join(withoutAnswers, "\n"); got != want {
				t.Errorf("answers with snapshots:\n%s\nwant those without:\n%s", got, want)
			}
			if v, ok := snaps.newest(t, customer.Stream("c-1"), customerSchema); !ok || v <= takenAt {
				t.Errorf("newest snapshot after the deletion = version %d, %v; want one taken again", v, ok)
			}
		})
	}
}

func TestSnapshots_cacheMissReadsOnlyTheEventsAfterTheSnapshot(t *testing.T) {
	for _, b := range snapshotBackends {
		t.Run(b.name, func(t *testing.T) {
			// Given a stream of 41 events whose newest snapshot is at 40
			store, snaps := b.open(t)
			counted := countEvents(store)
			h := snapshotHandler(t, counted, snaps, commands.DefaultAggregateCache)
			longHistory(t, h, 40, func(int) {})
			commands.FlushSnapshots(h)
			snapped, ok := snaps.newest(t, customer.Stream("c-1"), customerSchema)
			if !ok {
				t.Fatal("no snapshot taken")
			}
			// When another process, its cache empty, decides on it
			other := snapshotHandler(t, counted, snaps, commands.DefaultAggregateCache)
			counted.since(customer.Stream("c-1"))
			res, err := other.Customers.UpdateCustomerProfile(context.Background(), customerRep, rename(100))
			if err != nil {
				t.Fatal(err)
			}
			// Then it read the snapshot's own event (the proof it continues
			// this stream) and those after it, not the history
			if got, want := counted.since(customer.Stream("c-1")), int(res.Version-1-snapped)+1; got != want {
				t.Errorf("events read = %d, want %d (snapshot at %d, stream at %d)", got, want, snapped, res.Version-1)
			}
		})
	}
}

func TestSnapshots_staleCachedAggregateCatchesUpWithoutAFullRead(t *testing.T) {
	for _, b := range snapshotBackends {
		t.Run(b.name, func(t *testing.T) {
			// Given h holds customer c-1 cached after a long history, and
			// another process appended 3 events since
			store, snaps := b.open(t)
			counted := countEvents(store)
			h := snapshotHandler(t, counted, snaps, commands.DefaultAggregateCache)
			other := snapshotHandler(t, counted, snaps, commands.DefaultAggregateCache)
			ctx := context.Background()
			longHistory(t, h, 30, func(int) {})
			for i := 200; i < 203; i++ {
				if _, err := other.Customers.UpdateCustomerProfile(ctx, customerRep, rename(i)); err != nil {
					t.Fatal(err)
				}
			}
			counted.since(customer.Stream("c-1"))

			// When h decides on its stale aggregate
			res, err := h.Customers.UpdateCustomerProfile(ctx, customerRep, rename(300))
			if err != nil {
				t.Fatal(err)
			}

			// Then it read the 3 events it missed, nothing more, and
			// decided on the current state
			if got := counted.since(customer.Stream("c-1")); got != 3 {
				t.Errorf("events read = %d, want 3", got)
			}
			if res.Events != 1 {
				t.Errorf("result = %+v, want the rename recorded", res)
			}
		})
	}
}
