package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/projections"
	"github.com/opsledger/opsledger/readmodels"
	"github.com/opsledger/opsledger/replay"
)

// TestReplay_asOfAMomentGivesTheRowsLiveThen: the demo company is seeded
// up to the middle of its contracts with the read models running live;
// at a moment when they have caught up, every table of every read model
// is read. The rest of the demo is seeded. A replay as of that moment
// gives exactly the rows read then, table by table.
func TestReplay_asOfAMomentGivesTheRowsLiveThen(t *testing.T) {
	a, clock := openLiveApp(t)
	s := newSeeder(context.Background(), a.Commands, clock)
	s.hireEveryone()
	s.regulations()
	s.salesPlan()
	s.registerCustomers()
	s.standaloneQuotations()
	half := len(demoContracts) / 2
	for _, c := range demoContracts[:half] {
		s.contract(c)
	}
	if s.err != nil {
		t.Fatal(s.err)
	}
	moment, live := quietCapture(t, a)
	time.Sleep(20 * time.Millisecond)

	for _, c := range demoContracts[half:] {
		s.contract(c)
	}
	s.complaints()
	if s.err != nil {
		t.Fatal(s.err)
	}
	settle(t, a)
	later := readModelRows(t, a)

	schema := "rpl_exact_" + randomSuffix()
	res, err := replay.Build(context.Background(), replay.Deps{Pool: replayPool(t), Store: a.Store, Projections: a.Projections},
		replay.Request{AsOf: moment, Schema: schema})
	if err != nil {
		t.Fatalf("Build() error = %v", err)
	}
	t.Cleanup(func() { replay.Drop(context.Background(), a.Pool, schema) }) //nolint:errcheck // best effort
	if len(res.Models) != len(a.Projections) {
		t.Errorf("replayed %v, want every read model", res.Models)
	}
	changed := 0
	for table, rows := range live {
		got := tableRows(t, a, schema, table)
		if !slices.Equal(got, rows) {
			t.Errorf("table %s: replay has %d rows, live had %d then; first difference:\n%s", table, len(got), len(rows), firstDifference(got, rows))
		}
		if !slices.Equal(later[table], rows) {
			changed++
		}
	}
	if changed < 3 {
		t.Errorf("only %d tables changed after the moment: the test would not tell a replay as of it from one as of now", changed)
	}
	var replayed int
	if err := a.Pool.QueryRow(context.Background(), `SELECT count(*) FROM pg_tables WHERE schemaname = $1`, schema).Scan(&replayed); err != nil {
		t.Fatal(err)
	}
	if replayed != len(live)+1 { // and replay_info
		t.Errorf("replay schema has %d tables, want the %d of the read models and replay_info", replayed, len(live))
	}
}

// openLiveApp opens the application on scratch schemas on the demo's
// clock with its projection runners and reactions running, and without
// the deadline runner: the demo's dates are long past, so every daily
// report deadline would fire at once and schedule the next day's, a chain
// of events up to today that under the race detector outlasts the test
// (no capture finds the log still). Time-driven events are not what a
// replay as of a moment is about.
func openLiveApp(t *testing.T) (*app.App, *demoClock) {
	t.Helper()
	prefix := "rpl_" + randomSuffix()
	clock := &demoClock{}
	cfg := app.Config{
		PostgresURL: pgtest.URL(t) + "&pool_max_conns=" + strconv.Itoa(app.PoolConnsNeeded()), JWTSecret: []byte(devJWTSecret), EventSchema: prefix + "_events",
		ReadNamespace: projections.Namespace(prefix + "_read"), ControlSchema: prefix + "_control", Now: clock.Now,
		NoDeadlines: true,
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	a, err := app.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("app.Open() error = %v", err)
	}
	run, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); a.RunProjections(run) }() //nolint:errcheck // ends with the test
	t.Cleanup(func() {
		stop()
		<-done
		dropSchemas(a, prefix)
		a.Close()
	})
	return a, clock
}

// replayPool is a pool of its own for a replay, beside the running
// application's, whose projection runners hold connections: a replay
// takes one per read model.
func replayPool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxConns = int32(len(readmodels.All()) + 2) // one per read model, one to read the log, one to spare
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// settle waits until every read model has applied the whole log and no
// reaction appends anything more.
func settle(t *testing.T, a *app.App) {
	t.Helper()
	ctx := context.Background()
	for range 100 {
		head, err := a.Store.Head(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := projections.WaitFor(ctx, a.Pool, a.Store, a.Config.ReadNamespace, head, time.Minute, a.Projections...); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
		if again, err := a.Store.Head(ctx); err == nil && again == head {
			return
		}
	}
	t.Fatal("the log kept growing")
}

// quietCapture settles the log, then takes the moment and every read
// model's rows, and keeps them only if the log did not move meanwhile: a
// reaction may still append after the read models caught up, and a
// capture it overlapped would hold rows of after the moment.
func quietCapture(t *testing.T, a *app.App) (time.Time, map[string][]string) {
	t.Helper()
	ctx := context.Background()
	for range 50 {
		settle(t, a)
		before, err := a.Store.Head(ctx)
		if err != nil {
			t.Fatal(err)
		}
		moment := time.Now()
		live := readModelRows(t, a)
		after, err := a.Store.Head(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if after == before {
			return moment, live
		}
	}
	t.Fatal("the log never stayed still for a capture")
	return time.Time{}, nil
}

// readModelRows reads every table of every read model's live generation:
// its rows as JSON, sorted, by table name.
func readModelRows(t *testing.T, a *app.App) map[string][]string {
	t.Helper()
	ctx := context.Background()
	ns := string(a.Config.ReadNamespace)
	out := map[string][]string{}
	for _, p := range a.Projections {
		var gen int
		q := "SELECT active_generation FROM " + pgx.Identifier{ns, "projection_state"}.Sanitize() + " WHERE name = $1"
		if err := a.Pool.QueryRow(ctx, q, p.Name()).Scan(&gen); err != nil {
			t.Fatal(err)
		}
		schema := fmt.Sprintf("%s_%s_g%d", ns, p.Name(), gen)
		rows, err := a.Pool.Query(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = $1`, schema)
		if err != nil {
			t.Fatal(err)
		}
		tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		for _, table := range tables {
			out[table] = tableRows(t, a, schema, table)
		}
	}
	return out
}

func tableRows(t *testing.T, a *app.App, schema, table string) []string {
	t.Helper()
	q := "SELECT to_jsonb(r)::text AS j FROM " + pgx.Identifier{schema, table}.Sanitize() + " r ORDER BY j"
	rows, err := a.Pool.Query(context.Background(), q)
	if err != nil {
		t.Fatalf("read %s.%s: %v", schema, table, err)
	}
	got, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func firstDifference(got, want []string) string {
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			return "replay: " + g + "\nlive:   " + w
		}
	}
	return ""
}

func randomSuffix() string {
	b := make([]byte, 5)
	rand.Read(b) //nolint:errcheck // never fails
	return hex.EncodeToString(b)
}

func TestReplay_badCommandLines(t *testing.T) {
	tests := []struct {
		name string
		f    replayFlags
		want string
	}{
		{"no schema", replayFlags{asOf: "2026-09-30"}, "--schema: is required"},
		{"a schema that is not an identifier", replayFlags{asOf: "2026-09-30", schema: "q3-2026"}, "not a lowercase SQL identifier"},
		{"no as-of", replayFlags{schema: "q3"}, "--as-of: is required"},
		{"an as-of that is not a time", replayFlags{asOf: "end of Q3", schema: "q3"}, "--as-of: \"end of Q3\" is neither"},
		{"an as-of in the future", replayFlags{asOf: time.Now().Add(time.Hour).Format(time.RFC3339), schema: "q3"}, "is in the future"},
		{"a valid-at that is not a time", replayFlags{asOf: "2026-09-30", validAt: "soon", schema: "q3"}, "--valid-at"},
		{"a regulation without a version", replayFlags{asOf: "2026-09-30", schema: "q3", regulations: []string{"employee"}}, "not NAME@VERSION"},
		{"drop with a time", replayFlags{drop: true, asOf: "2026-09-30", schema: "q3"}, "--drop takes only --schema"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.f.request()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("request() error = %v, want one containing %q", err, tt.want)
			}
		})
	}
	t.Run("a quarter end with a valid time and two what-ifs", func(t *testing.T) {
		req, err := replayFlags{asOf: "2026-09-30T23:59:59+08:00", validAt: "2026-09-30", schema: "q3_2026",
			regulations: []string{"employee@2026-07", "salesplan@default"}}.request()
		if err != nil {
			t.Fatal(err)
		}
		if len(req.Regulations) != 2 || req.Regulations[1] != (replay.Override{Name: "salesplan", Version: "default"}) {
			t.Errorf("regulations = %v", req.Regulations)
		}
		var input *replay.InputError
		if errors.As(err, &input) {
			t.Errorf("unexpected input error %v", input)
		}
	})
}
