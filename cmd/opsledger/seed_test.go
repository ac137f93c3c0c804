package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/app"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/contract"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/domain/order"
	"github.com/opsledger/opsledger/domain/quotation"
	"github.com/opsledger/opsledger/domain/salesplan"
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

// seed runs the seed command with args and returns what it printed.
func (e *seedEnv) seed(t *testing.T, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := seed(ctx, e.cfg, args, &out); err != nil {
		t.Fatalf("seed %v error = %v\noutput:\n%s", args, err, out.String())
	}
	return out.String()
}

func (e *seedEnv) head(t *testing.T) eventstore.Position {
	t.Helper()
	h, err := e.app.Store.Head(context.Background())
	if err != nil {
		t.Fatalf("Head() error = %v", err)
	}
	return h
}

// events decodes the whole event log, by stream.
func (e *seedEnv) events(t *testing.T) map[string][]domain.Event {
	t.Helper()
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

func TestSeed_DemoCompany(t *testing.T) {
	e := newSeedEnv(t)
	out := e.seed(t, "--demo")
	log := e.events(t)

	t.Run("hires at least 50 employees, most confirmed regular, some on probation", func(t *testing.T) {
		staff := fold(log, "employee-", employee.Employee.Evolve)
		var hired, regular, probation int
		for _, s := range staff {
			hired++
			switch s.Status {
			case employee.StatusRegular:
				regular++
			case employee.StatusOnProbation:
				probation++
			}
		}
		if hired < 50 || regular <= hired/2 || probation == 0 || regular+probation != hired {
			t.Errorf("employees: %d hired, %d regular, %d on probation; want >= 50, mostly regular, some on probation", hired, regular, probation)
		}
	})
	t.Run("contracts cover every state of the chain", func(t *testing.T) {
		got := map[contract.Status]bool{}
		for _, c := range fold(log, "contract-", contract.Contract.Evolve) {
			got[c.Status] = true
		}
		want := []contract.Status{contract.StatusDraft, contract.StatusRegistered, contract.StatusDeptApproved,
			contract.StatusLegalCleared, contract.StatusApproved, contract.StatusSigned, contract.StatusInExecution,
			contract.StatusCompleted, contract.StatusClosed, contract.StatusTerminated}
		for _, s := range want {
			if !got[s] {
				t.Errorf("no demo contract in state %s", s)
			}
		}
		returned := 0
		for stream, c := range fold(log, "contract-", contract.Contract.Evolve) {
			sentBack := slices.ContainsFunc(log[stream], func(ev domain.Event) bool {
				return isA[contract.Returned](ev) || isA[contract.LegalReviewFailed](ev)
			})
			if sentBack && c.Status == contract.StatusDraft {
				returned++
			}
		}
		if returned < 2 {
			t.Errorf("%d contracts returned for revision (by the department head or legal), want >= 2", returned)
		}
	})
	t.Run("quotations are approved at every approver tier", func(t *testing.T) {
		roles := map[domain.Role]bool{}
		for _, evs := range log {
			for _, ev := range evs {
				if a, ok := ev.(quotation.Approved); ok {
					roles[a.ApproverRole] = true
				}
			}
		}
		for _, r := range []domain.Role{domain.RoleDeptHead, domain.RoleGMOffice, domain.RoleGM} {
			if !roles[r] {
				t.Errorf("no quotation approved by %s", r)
			}
		}
	})
	t.Run("orders, collections, complaints and the sales plan reach their states", func(t *testing.T) {
		checks := []struct {
			what string
			is   func(domain.Event) bool
		}{
			{"delivery with sign-off", isA[order.Delivered]},
			{"order in transit", isA[order.Dispatched]},
			{"delayed order", isA[order.DeliveryDelayed]},
			{"settled order", isA[order.Settled]},
			{"instalment payment", isA[contract.PaymentReceived]},
			{"dunning letter", isA[contract.DunningLetterSent]},
			{"on-site collection visit", isA[contract.CollectionVisitMade]},
			{"complaint closed satisfied", isA[complaint.Closed]},
			{"complaint routed", isA[complaint.Routed]},
			{"sales plan activated", isA[salesplan.Activated]},
			{"person target", func(ev domain.Event) bool {
				a, ok := ev.(salesplan.TargetAllocated)
				return ok && a.Allocation.Level == salesplan.LevelPerson
			}},
		}
		for _, c := range checks {
			if count(log, c.is) == 0 {
				t.Errorf("the demo has no %s", c.what)
			}
		}
		open := slices.ContainsFunc(demoComplaints, func(c demoComplaint) bool { return c.Flow == complaintOpen })
		if !open || count(log, isA[complaint.Received]) <= count(log, isA[complaint.Routed]) {
			t.Errorf("the demo has no complaint still waiting to be routed")
		}
	})
	t.Run("the summary counts what was created", func(t *testing.T) {
		flat := strings.Join(strings.Fields(out), " ")
		for _, want := range []string{"employees hired 53", "contracts 15", "customers 22", "0 replayed"} {
			if !strings.Contains(flat, want) {
				t.Errorf("summary lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("rerunning writes nothing new", func(t *testing.T) {
		before := e.head(t)
		again := e.seed(t, "--demo")
		if after := e.head(t); after != before {
			t.Errorf("head moved from %s to %s on a rerun", before, after)
		}
		if !strings.Contains(again, ": 0 events written") {
			t.Errorf("rerun summary = %q, want 0 events written", again)
		}
	})
	t.Run("--once does nothing when the demo exists", func(t *testing.T) {
		before := e.head(t)
		got := e.seed(t, "--demo", "--once")
		if !strings.Contains(got, "already exists") || e.head(t) != before {
			t.Errorf("seed --once = %q, head %s → %s; want nothing done", got, before, e.head(t))
		}
	})
}

func TestSeed_NeedsDemoFlag(t *testing.T) {
	err := seed(context.Background(), config{}, nil, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "--demo") {
		t.Errorf("seed without --demo error = %v, want one naming --demo", err)
	}
}
