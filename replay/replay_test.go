package replay_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/opsledger/opsledger/app/apptest"
	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/replay"
)

var (
	gm   = domain.Actor{EmployeeID: "wi-gm", Roles: []domain.Role{domain.RoleGM}, OrgUnitID: "HQ"}
	head = domain.Actor{EmployeeID: "wi-head", Roles: []domain.Role{domain.RoleDeptHead}, OrgUnitID: "EAST-SALES"}
	rep  = domain.Actor{EmployeeID: "wi-rep", Roles: []domain.Role{domain.RoleSalesRep}, OrgUnitID: "EAST-SALES"}
)

// newFines is the fine schedule of the employee regulation's second
// version: a sloppy report costs 35.50 instead of 20.00, being unreachable
// is no longer fined, and lateness is, 10.00.
const newFines = `[{"code": "SLOPPY_REPORT", "amount": "35.50", "rule_ref": "E12"}, {"code": "LATE", "amount": "10.00", "rule_ref": "E12-b"}]`

// whatIfWorld is an application with four fines of one rep, two on each
// side of newFrom, when the employee regulation's version "v2" takes
// effect (the employees are hired before, so they exist on both sides):
//
//	f-phone  PHONE_UNREACHABLE  newFrom - 1s   default: 20.00
//	f-june   SLOPPY_REPORT      newFrom - 1µs  default: 20.00 (the last instant before)
//	f-july   SLOPPY_REPORT      newFrom        v2:      35.50 (the first instant of)
//	f-late   LATE               after newFrom  v2:      10.00
type whatIfWorld struct {
	env     *apptest.Env
	pool    *pgxpool.Pool // the replays'
	catalog replay.Catalogue
	newFrom time.Time
	// recorded[id] is when fine id was recorded.
	recorded map[string]time.Time
}

func newWhatIfWorld(t *testing.T) whatIfWorld {
	t.Helper()
	env := apptest.New(t, nil)
	ctx := context.Background()
	if err := env.App.HireStaff(ctx, gm, head, rep); err != nil {
		t.Fatal(err)
	}
	w := whatIfWorld{env: env, recorded: map[string]time.Time{}, newFrom: time.Now().Add(1500 * time.Millisecond).Truncate(time.Microsecond)}
	h := env.App.Commands
	versions, _ := h.Regulations.Versions("employee")
	params := versions[0].Parameters
	params["fines"] = json.RawMessage(newFines)
	raw, err := json.Marshal(params)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Regulations.AdoptRegulationVersion(ctx, commands.Meta{Actor: gm, Reason: "what-if test"}, commands.AdoptRegulationVersion{
		Name: "employee", Version: "v2", EffectiveFrom: w.newFrom, Parameters: raw}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Until(w.newFrom.Add(50 * time.Millisecond))) // fines are filed in the past only
	fine := func(id, item string, at time.Time) {
		m := commands.Meta{Actor: head, Reason: "what-if test", EffectiveAt: at}
		res, err := h.Employees.IssueFine(ctx, m, commands.IssueFine{EmployeeID: rep.EmployeeID, FineID: id, Item: item, Reason: "as the schedule says"})
		if err != nil {
			t.Fatalf("fine %s: %v", id, err)
		}
		w.recorded[id] = w.recordedAt(t, res.Position)
		time.Sleep(5 * time.Millisecond) // distinct recorded times
	}
	fine("f-phone", employee.FinePhoneUnreachable, w.newFrom.Add(-time.Second))
	fine("f-june", employee.FineSloppyReport, w.newFrom.Add(-time.Microsecond))
	fine("f-july", employee.FineSloppyReport, w.newFrom)
	fine("f-late", "LATE", time.Now())
	if w.catalog, err = replay.LoadCatalogue(ctx, env.App.Store, env.App.Codec); err != nil {
		t.Fatal(err)
	}
	w.pool = replayPool(t)
	return w
}

// recordedAt is the recorded time of the event at position at.
func (w whatIfWorld) recordedAt(t *testing.T, at eventstore.Position) time.Time {
	t.Helper()
	var recorded time.Time
	q := fmt.Sprintf("SELECT recorded_at FROM %s.events WHERE xid = $1 AND seq = $2", w.env.App.Config.EventSchema)
	if err := w.env.App.Pool.QueryRow(context.Background(), q, int64(at.Major), int64(at.Minor)).Scan(&recorded); err != nil {
		t.Fatalf("recorded time: %v", err)
	}
	return recorded
}

func (w whatIfWorld) deps(t *testing.T) replay.Deps {
	t.Helper()
	a := w.env.App
	return replay.Deps{Pool: w.pool, Store: a.Store, Projections: a.Projections, Catalogue: w.catalog}
}

// replayPool is a pool of its own for the replays, beside the running
// application's, which its projection runners hold: a replay takes a
// connection per read model.
func replayPool(t *testing.T) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxConns = 4 // the tests replay one read model: one connection to build it, one to read the log
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// build replays req into a fresh schema, dropped when the test ends.
func (w whatIfWorld) build(t *testing.T, req replay.Request) replay.Result {
	t.Helper()
	req.Schema = "rpl_" + fmt.Sprint(time.Now().UnixNano()%1e12)
	res, err := replay.Build(context.Background(), w.deps(t), req)
	if err != nil {
		t.Fatalf("Build(%+v) error = %v", req, err)
	}
	t.Cleanup(func() { replay.Drop(context.Background(), w.env.App.Pool, req.Schema) }) //nolint:errcheck // best effort
	return res
}

// fines reads each fine's amount (minor units) and the rep's fine total
// from schema.
func (w whatIfWorld) fines(t *testing.T, schema string) (map[string]int64, int64) {
	t.Helper()
	ctx := context.Background()
	rows, err := w.env.App.Pool.Query(ctx, fmt.Sprintf(`SELECT record_id, amount_minor FROM %s.employee_conduct WHERE kind = 'FINE' AND employee_id = $1`, schema), rep.EmployeeID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for rows.Next() {
		var id string
		var amount int64
		if err := rows.Scan(&id, &amount); err != nil {
			t.Fatal(err)
		}
		got[id] = amount
	}
	var total int64
	if err := w.env.App.Pool.QueryRow(ctx, fmt.Sprintf(`SELECT fine_total_minor FROM %s.employees WHERE employee_id = $1`, schema), rep.EmployeeID).Scan(&total); err != nil {
		t.Fatal(err)
	}
	return got, total
}

func TestReplay_whatIfFinesUnderAnotherEmployeeRegulation(t *testing.T) {
	w := newWhatIfWorld(t)
	asOf := time.Now()
	tests := []struct {
		name      string
		version   string
		want      map[string]int64
		wantTotal int64
	}{
		{
			// as recorded: each fine under the version of its business time,
			// f-june the last instant of the default, f-july the first of v2
			name: "as recorded", version: "",
			want:      map[string]int64{"f-phone": 2000, "f-june": 2000, "f-july": 3550, "f-late": 1000},
			wantTotal: 8550,
		},
		{
			// under the default: every sloppy report 20.00, lateness is not on its schedule
			name: "under default", version: "default",
			want:      map[string]int64{"f-phone": 2000, "f-june": 2000, "f-july": 2000, "f-late": 0},
			wantTotal: 6000,
		},
		{
			// under v2: every sloppy report 35.50, unreachable is not on its schedule
			name: "under v2", version: "v2",
			want:      map[string]int64{"f-phone": 0, "f-june": 3550, "f-july": 3550, "f-late": 1000},
			wantTotal: 8100,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Only the employees read model: a replay takes a connection per
			// read model, and the test server is shared.
			req := replay.Request{AsOf: asOf, Models: []string{"employees"}}
			if tt.version != "" {
				req.Regulations = []replay.Override{{Name: "employee", Version: tt.version}}
			}
			res := w.build(t, req)
			got, total := w.fines(t, res.Schema)
			for id, want := range tt.want {
				if got[id] != want {
					t.Errorf("fine %s = %d, want %d", id, got[id], want)
				}
			}
			if total != tt.wantTotal {
				t.Errorf("fine total = %d, want %d", total, tt.wantTotal)
			}
		})
	}
	t.Run("a what-if builds only the read models that depend on the regulation", func(t *testing.T) {
		res := w.build(t, replay.Request{AsOf: asOf, Regulations: []replay.Override{{Name: "employee", Version: "default"}}})
		if len(res.Models) != 1 || res.Models[0] != "employees" {
			t.Errorf("models = %v, want [employees]", res.Models)
		}
	})
}

func TestReplay_cutsTheLogOnBothTimeAxes(t *testing.T) {
	w := newWhatIfWorld(t)
	at := func(id string) time.Time { return w.recorded[id] }
	tests := []struct {
		name    string
		req     replay.Request
		want    []string
		wantSum int64
	}{
		{"as of the instant f-july was recorded: it is in", replay.Request{AsOf: at("f-july")}, []string{"f-phone", "f-june", "f-july"}, 7550},
		{"as of a microsecond before: it is not", replay.Request{AsOf: at("f-july").Add(-time.Microsecond)}, []string{"f-phone", "f-june"}, 4000},
		{"valid at the last instant before v2: the fines after it are not in force", replay.Request{AsOf: time.Now(), ValidAt: w.newFrom.Add(-time.Microsecond)}, []string{"f-phone", "f-june"}, 4000},
		{"valid at the first instant of v2: f-july is", replay.Request{AsOf: time.Now(), ValidAt: w.newFrom}, []string{"f-phone", "f-june", "f-july"}, 7550},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Models = []string{"employees"}
			res := w.build(t, tt.req)
			got, total := w.fines(t, res.Schema)
			if len(got) != len(tt.want) || total != tt.wantSum {
				t.Errorf("fines = %v (total %d), want %v (total %d)", got, total, tt.want, tt.wantSum)
			}
			for _, id := range tt.want {
				if _, ok := got[id]; !ok {
					t.Errorf("fine %s missing", id)
				}
			}
		})
	}
}

func TestReplay_badInputWritesNothing(t *testing.T) {
	w := newWhatIfWorld(t)
	d := w.deps(t)
	pool := w.env.App.Pool
	taken := "rpl_taken_" + fmt.Sprint(time.Now().UnixNano()%1e9)
	if _, err := pool.Exec(context.Background(), "CREATE SCHEMA "+taken); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pool.Exec(context.Background(), "DROP SCHEMA "+taken+" CASCADE") }) //nolint:errcheck // best effort
	ok := replay.Request{AsOf: time.Now(), Schema: "rpl_never_made"}
	tests := []struct {
		name   string
		change func(*replay.Request)
		field  string
	}{
		{"a schema name that is not an identifier", func(r *replay.Request) { r.Schema = "q3; drop table x" }, "--schema"},
		{"an upper-case schema name", func(r *replay.Request) { r.Schema = "Q3" }, "--schema"},
		{"a schema PostgreSQL keeps", func(r *replay.Request) { r.Schema = "pg_q3" }, "--schema"},
		{"a schema that exists", func(r *replay.Request) { r.Schema = taken }, "--schema"},
		{"no as-of", func(r *replay.Request) { r.AsOf = time.Time{} }, "--as-of"},
		{"an as-of in the future", func(r *replay.Request) { r.AsOf = time.Now().Add(time.Hour) }, "--as-of"},
		{"an unknown read model", func(r *replay.Request) { r.Models = []string{"employees", "payroll"} }, "--models"},
		{"an unknown regulation", func(r *replay.Request) { r.Regulations = []replay.Override{{Name: "travel", Version: "default"}} }, "--regulation"},
		{"an unknown version", func(r *replay.Request) { r.Regulations = []replay.Override{{Name: "employee", Version: "2030-01"}} }, "--regulation"},
		{"a regulation no read model depends on", func(r *replay.Request) {
			r.Regulations = []replay.Override{{Name: "quotation", Version: "default"}}
		}, "--regulation"},
		{"a regulation named twice", func(r *replay.Request) {
			r.Regulations = []replay.Override{{Name: "employee", Version: "default"}, {Name: "employee", Version: "v2"}}
		}, "--regulation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := ok
			tt.change(&req)
			_, err := replay.Build(context.Background(), d, req)
			var input *replay.InputError
			if !errors.As(err, &input) || input.Field != tt.field {
				t.Fatalf("Build() error = %v, want an input error on %s", err, tt.field)
			}
			assertNoReplaySchemas(t, w, "rpl_never_made")
		})
	}
	t.Run("a failure halfway leaves nothing", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		d := d
		d.Batch = 1
		d.Progress = func(n int64, _ eventstore.Position) {
			if n >= 2 {
				cancel()
			}
		}
		req := ok
		req.Models = []string{"employees"}
		_, err := replay.Build(ctx, d, req)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Build() error = %v, want the context's end", err)
		}
		assertNoReplaySchemas(t, w, "rpl_never_made")
	})
	t.Run("a pool too small for the read models is refused before anything is written", func(t *testing.T) {
		_, err := replay.Build(context.Background(), d, ok) // every read model, a pool of four
		// one connection per read model, one to read the log, one to spare
		need := fmt.Sprintf("need a pool of at least %d connections", len(d.Projections)+2)
		if err == nil || !strings.Contains(err.Error(), need) {
			t.Fatalf("Build() error = %v, want the pool named too small", err)
		}
		assertNoReplaySchemas(t, w, "rpl_never_made")
	})
}

// assertNoReplaySchemas fails when schema or any scratch schema exists.
func assertNoReplaySchemas(t *testing.T, w whatIfWorld, schema string) {
	t.Helper()
	var n int
	err := w.env.App.Pool.QueryRow(context.Background(),
		`SELECT count(*) FROM pg_namespace WHERE nspname = $1 OR starts_with(nspname, 'replay_scratch_')`, schema).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d replay schemas left behind", n)
	}
}

func TestReplay_drop(t *testing.T) {
	w := newWhatIfWorld(t)
	pool := w.env.App.Pool
	res := w.build(t, replay.Request{AsOf: time.Now(), Models: []string{"employees"}})
	t.Run("refuses a schema that is not a replay", func(t *testing.T) {
		var input *replay.InputError
		if err := replay.Drop(context.Background(), pool, string(w.env.App.Config.ReadNamespace)); !errors.As(err, &input) {
			t.Errorf("Drop(read namespace) error = %v, want an input error", err)
		}
	})
	t.Run("refuses a schema that does not exist", func(t *testing.T) {
		var input *replay.InputError
		if err := replay.Drop(context.Background(), pool, "rpl_no_such_schema"); !errors.As(err, &input) {
			t.Errorf("Drop() error = %v, want an input error", err)
		}
	})
	t.Run("drops a replay", func(t *testing.T) {
		if err := replay.Drop(context.Background(), pool, res.Schema); err != nil {
			t.Fatal(err)
		}
		assertNoReplaySchemas(t, w, res.Schema)
	})
}
