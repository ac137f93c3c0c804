package projections_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/projections/projectiontest"
	"github.com/opsledger/opsledger/queries"
)

// notes is a test projection that selects only "note-" streams.
type notes struct{}

func (notes) Name() string              { return "notes" }
func (notes) Tables() []string          { return []string{"notes"} }
func (notes) Filter() eventstore.Filter { return eventstore.Filter{StreamPrefixes: []string{"note-"}} }
func (notes) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `CREATE TABLE notes (event_id text PRIMARY KEY)`)
	return err
}

func (notes) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	for _, e := range events {
		if _, err := tx.Exec(ctx, `INSERT INTO notes VALUES ($1)`, e.ID); err != nil {
			return err
		}
	}
	return nil
}

// enteringLedger is the ledger telling when its first Apply starts.
type enteringLedger struct {
	*ledger
	entered chan struct{}
	once    sync.Once
}

func (l *enteringLedger) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Recorded) error {
	l.once.Do(func() { close(l.entered) })
	return l.ledger.Apply(ctx, tx, events)
}

func lastEvent(t *testing.T, store eventstore.Store) eventstore.Recorded {
	t.Helper()
	all, err := store.ReadAll(context.Background(), eventstore.Start, 1000, eventstore.Filter{})
	if err != nil || len(all) == 0 {
		t.Fatalf("ReadAll: %d events, %v", len(all), err)
	}
	return all[len(all)-1]
}

func TestSelecting_keepsTheProjectionsWhoseFilterTakesAnEventOfTheBatch(t *testing.T) {
	ps := []projections.Projection{&ledger{}, notes{}, journal{}}
	names := func(ps []projections.Projection) (out []string) {
		for _, p := range ps {
			out = append(out, p.Name())
		}
		return out
	}
	for _, c := range []struct {
		name    string
		streams []string
		want    []string
	}{
		{"a note: the notes and the journal, which takes all", []string{"note-1"}, []string{"notes", "journal"}},
		{"an account and a note: all three, in their order", []string{"note-1", "acct-1"}, []string{"ledger", "notes", "journal"}},
		{"a stream only the journal takes", []string{"other-1"}, []string{"journal"}},
		{"no event: none", nil, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var batch []eventstore.Recorded
			for _, s := range c.streams {
				batch = append(batch, eventstore.Recorded{Stream: s, EventData: eventstore.EventData{Type: "test.noted"}})
			}
			if got := names(projections.Selecting(ps, batch)); !slices.Equal(got, c.want) {
				t.Errorf("Selecting = %v, want %v", got, c.want)
			}
		})
	}
}

// Given a ledger whose runner is stuck applying an account event and a
// notes read model that keeps up, when a note is appended after the
// account event, then a wait on the read models selecting the note ends
// once the notes have applied it, although the ledger has not read past
// it, and a wait on those selecting the account event ends only once the
// ledger has applied it.
func TestWaitFor_theSelectingReadModels_isNotHeldByOneBusyWithOtherEvents(t *testing.T) {
	ctx := context.Background()
	pool, ns := testPool(t)
	store := memory.New()
	stuck := &enteringLedger{ledger: &ledger{block: make(chan struct{})}, entered: make(chan struct{})}
	all := []projections.Projection{stuck, notes{}}
	if err := projections.Ensure(ctx, pool, ns, all...); err != nil {
		t.Fatal(err)
	}
	for _, p := range all {
		projectiontest.Run(t, projections.NewRunner(pool, store, ns, p, projectiontest.FastOptions()))
	}
	appendEvents(t, store, "acct-1", "test.credited", 1)
	account := lastEvent(t, store)
	select {
	case <-stuck.entered:
	case <-time.After(10 * time.Second):
		t.Fatal("the ledger never applied the account event")
	}
	appendEvents(t, store, "note-1", "test.noted", 1)
	note := lastEvent(t, store)

	noteWaiters := projections.Selecting(all, []eventstore.Recorded{note})
	if err := projections.WaitFor(ctx, pool, store, ns, note.Position, 5*time.Second, noteWaiters...); err != nil {
		t.Fatalf("wait for the note's read models while the ledger is stuck: %v", err)
	}
	var n int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM "+pgx.Identifier{string(ns), "notes"}.Sanitize()+" WHERE event_id = $1", note.ID).Scan(&n); err != nil || n != 1 {
		t.Fatalf("notes holding the note after the wait: %d (%v), want 1", n, err)
	}

	accountWaiters := projections.Selecting(all, []eventstore.Recorded{account})
	err := projections.WaitFor(ctx, pool, store, ns, account.Position, 200*time.Millisecond, accountWaiters...)
	if !errors.Is(err, queries.ErrNotCaughtUp) {
		t.Fatalf("wait for the account event's read models while the ledger is stuck = %v, want not caught up", err)
	}
	close(stuck.block)
	if err := projections.WaitFor(ctx, pool, store, ns, account.Position, 5*time.Second, accountWaiters...); err != nil {
		t.Fatalf("wait for the account event's read models once the ledger goes on: %v", err)
	}
}
