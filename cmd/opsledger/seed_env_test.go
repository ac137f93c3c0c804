package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/projections"
)

// seedEnv is a scratch set of schemas in the TEST_POSTGRES_URL database
// and the application opened on them for inspection.
type seedEnv struct {
	cfg config
	app *app.App
}

func newSeedEnv(t *testing.T) *seedEnv {
	t.Helper()
	b := make([]byte, 5)
	rand.Read(b) //nolint:errcheck // never fails
	prefix := "seed_" + hex.EncodeToString(b)
	cfg := config{app: app.Config{
		PostgresURL: pgtest.URL(t), JWTSecret: []byte(devJWTSecret), EventSchema: prefix + "_events",
		ReadNamespace: projections.Namespace(prefix + "_read"), ControlSchema: prefix + "_control",
	}}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	a, err := app.Open(ctx, cfg.app)
	if err != nil {
		t.Fatalf("app.Open() error = %v", err)
	}
	t.Cleanup(func() {
		dropSchemas(a, prefix)
		a.Close()
	})
	return &seedEnv{cfg: cfg, app: a}
}

func dropSchemas(a *app.App, prefix string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rows, err := a.Pool.Query(ctx, `SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, prefix+"%")
	if err != nil {
		return
	}
	names, _ := pgx.CollectRows(rows, pgx.RowTo[string])
	for _, n := range names {
		a.Pool.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{n}.Sanitize()+" CASCADE") //nolint:errcheck // best effort
	}
}

// seed runs the seed command with opts and returns what it printed.
func (e *seedEnv) seed(t *testing.T, opts seedOptions) string {
	t.Helper()
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := seed(ctx, e.cfg, opts, &out, io.Discard); err != nil {
		t.Fatalf("seed %+v error = %v\noutput:\n%s", opts, err, out.String())
	}
	return out.String()
}

// head is the position of the last event once every stored event is
// visible to readers of $all. A reader of $all is held back while any
// transaction older than an event is still open on the server, and tests
// of other packages running beside this one hold some: reading at once
// could see part of the log.
func (e *seedEnv) head(t *testing.T) eventstore.Position {
	t.Helper()
	e.waitVisible(t)
	h, err := e.app.Store.Head(context.Background())
	if err != nil {
		t.Fatalf("Head() error = %v", err)
	}
	return h
}

// stored counts the events in the log's table, visible to $all or not.
func (e *seedEnv) stored(t *testing.T) int {
	t.Helper()
	var n int
	table := pgx.Identifier{e.cfg.app.EventSchema, "events"}.Sanitize()
	if err := e.app.Pool.QueryRow(context.Background(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		t.Fatalf("count events: %v", err)
	}
	return n
}

// waitVisible waits until $all shows every stored event.
func (e *seedEnv) waitVisible(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		want, got := e.stored(t), e.visible(t)
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("$all shows %d of %d stored events after a minute", got, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// visible counts the events a reader of $all sees now.
func (e *seedEnv) visible(t *testing.T) int {
	t.Helper()
	n := 0
	for from := eventstore.Start; ; {
		recs, err := e.app.Store.ReadAll(context.Background(), from, 1000, eventstore.Filter{})
		if err != nil {
			t.Fatalf("ReadAll() error = %v", err)
		}
		if len(recs) == 0 {
			return n
		}
		n += len(recs)
		from = recs[len(recs)-1].Position
	}
}

// events decodes the whole event log, by stream.
func (e *seedEnv) events(t *testing.T) map[string][]domain.Event {
	t.Helper()
	e.waitVisible(t)
	out := map[string][]domain.Event{}
	for from := eventstore.Start; ; {
		recs, err := e.app.Store.ReadAll(context.Background(), from, 1000, eventstore.Filter{})
		if err != nil {
			t.Fatalf("ReadAll() error = %v", err)
		}
		if len(recs) == 0 {
			return out
		}
		for _, r := range recs {
			ev, err := e.app.Codec.DecodeRecorded(r)
			if err != nil {
				t.Fatalf("decode %s of %s: %v", r.Type, r.Stream, err)
			}
			out[r.Stream] = append(out[r.Stream], ev)
		}
		from = recs[len(recs)-1].Position
	}
}

// fold rebuilds the state of every stream starting with prefix.
func fold[S any](log map[string][]domain.Event, prefix string, evolve func(S, domain.Event) S) map[string]S {
	out := map[string]S{}
	for stream, evs := range log {
		if strings.HasPrefix(stream, prefix) {
			out[stream] = domain.Fold(evolve, evs...)
		}
	}
	return out
}

// count returns how many events of the log satisfy is.
func count(log map[string][]domain.Event, is func(domain.Event) bool) int {
	n := 0
	for _, evs := range log {
		for _, ev := range evs {
			if is(ev) {
				n++
			}
		}
	}
	return n
}

func isA[E domain.Event](ev domain.Event) bool { _, ok := ev.(E); return ok }
