package commands

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
	"github.com/opsledger/opsledger/eventstore/postgres/pgtest"
	"github.com/opsledger/opsledger/privacy"
	privacypg "github.com/opsledger/opsledger/privacy/postgres"
	"github.com/opsledger/opsledger/snapshots"
	snapmemory "github.com/opsledger/opsledger/snapshots/memory"
)

// erasureWorld is a handler over an encrypting store (keys in
// PostgreSQL), with the cache on and snapshots every 2 events, and an
// employee hired through to a base salary.
type erasureWorld struct {
	h       *Handler
	store   eventstore.Store
	snaps   *snapmemory.Store
	keyring *privacy.Keyring
}

var (
	erasureHR   = Meta{Actor: domain.Actor{EmployeeID: "hr-1", Roles: []domain.Role{domain.RoleHR}, OrgUnitID: "ou-hr"}, Reason: "erasure request E-1"}
	erasureHead = Meta{Actor: domain.Actor{EmployeeID: "head-1", Roles: []domain.Role{domain.RoleDeptHead}, OrgUnitID: "ou-1"}}
	erasureGM   = Meta{Actor: domain.Actor{EmployeeID: "gm-1", Roles: []domain.Role{domain.RoleGM}, OrgUnitID: "ou-gm"}}
)

func newErasureWorld(t *testing.T) *erasureWorld {
	t.Helper()
	pool, schema := pgtest.Pool(t)
	keys, err := privacypg.Open(context.Background(), pool, schema)
	if err != nil {
		t.Fatal(err)
	}
	master, _ := privacy.ParseMasterKey(privacy.GenerateMasterKey())
	w := &erasureWorld{snaps: snapmemory.New(), keyring: privacy.NewKeyring(master, keys, privacy.KeyringOptions{})}
	w.store = privacy.Wrap(memory.New(), w.keyring)
	w.h = cacheHandler(w.store, WithSnapshots(w.snaps, 2, nil))
	w.h.log.codec.Register(privacy.Events()...)
	t.Cleanup(w.h.Close)
	ctx, e := context.Background(), w.h.Employees
	hr := erasureHR
	hr.Reason = ""
	steps := []func() (Result, error){
		func() (Result, error) {
			return e.RecordQualificationCheck(ctx, hr, RecordQualificationCheck{EmployeeID: "e-1", CandidateName: "Zhou Secret", Passed: true})
		},
		func() (Result, error) {
			return e.HireEmployee(ctx, hr, HireEmployee{EmployeeID: "e-1", Name: "Zhou Secret", Role: domain.RoleSalesRep, OrgUnitID: "ou-1", SupervisorID: "head-1"})
		},
		func() (Result, error) {
			return e.RecordOnboardingDocuments(ctx, hr, RecordOnboardingDocuments{EmployeeID: "e-1", Documents: []string{"ID card"}})
		},
		func() (Result, error) {
			return e.RecordPreJobTraining(ctx, hr, RecordPreJobTraining{EmployeeID: "e-1", Passed: true})
		},
		func() (Result, error) { return e.StartWork(ctx, erasureHead, StartWork{EmployeeID: "e-1"}) },
		func() (Result, error) {
			return e.ConfirmRegular(ctx, erasureGM, ConfirmRegular{EmployeeID: "e-1", Assessment: employee.Assessment{
				Responsibility: "good", Ability: "good", Contribution: "good", TargetMet: true}})
		},
		func() (Result, error) {
			return e.SetBaseSalary(ctx, erasureHead, SetBaseSalary{EmployeeID: "e-1", Amount: domain.Yuan(7654)})
		},
		func() (Result, error) {
			return e.SetBaseSalary(ctx, erasureGM, SetBaseSalary{EmployeeID: "e-1", Amount: domain.Yuan(7654)})
		},
	}
	for _, step := range steps {
		if _, err := step(); err != nil {
			t.Fatal(err)
		}
		w.h.log.snapshots.flush()
	}
	return w
}

func TestErasure_EmployeeAsOfCacheAndSnapshots(t *testing.T) {
	w := newErasureWorld(t)
	ctx := context.Background()
	stream := employee.Stream("e-1")
	recs, err := w.store.ReadStream(ctx, stream, eventstore.ReadStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	salaried := recs[len(recs)-1].RecordedAt
	before, _, _, err := w.h.log.employees.LoadAsOf(ctx, stream, salaried)
	if err != nil || before.BaseSalary != domain.Yuan(7654) {
		t.Fatalf("before erasure: salary %v, %v; want it in clear", before.BaseSalary, err)
	}
	if _, ok, _ := w.snaps.Load(ctx, stream, employeeSnapshotSchema(t, w), snapshots.Bound{}); !ok {
		t.Fatal("no snapshot of the employee before erasure: the test proves nothing about them")
	}

	// When HR erases the employee
	res, err := w.h.Erasure(w.keyring).Erase(ctx, erasureHR, privacy.EmployeeSubject("e-1"))
	if err != nil || res.Stream != "subject-employee:e-1" || res.Events != 1 {
		t.Fatalf("Erase = %+v, %v", res, err)
	}

	t.Run("as of before the erasure, the state reads erased", func(t *testing.T) {
		s, version, ok, err := w.h.log.employees.LoadAsOf(ctx, stream, salaried)
		if err != nil || !ok || version != uint64(len(recs)) {
			t.Fatalf("LoadAsOf = version %d, %v, %v", version, ok, err)
		}
		if s.BaseSalary != (domain.Money{}) || s.Status != employee.StatusRegular || s.OrgUnitID != "ou-1" {
			t.Errorf("as-of state = %+v; want the salary erased and the rest kept", s)
		}
	})
	t.Run("no snapshot and no cached state of the employee is left", func(t *testing.T) {
		if _, ok, _ := w.snaps.Load(ctx, stream, employeeSnapshotSchema(t, w), snapshots.Bound{}); ok {
			t.Error("a snapshot of the employee survived the erasure")
		}
		if a := w.h.log.cache.take(stream); a != nil {
			t.Error("the cache still holds the employee")
		}
	})
	t.Run("commands go on with the erased state and snapshot nothing in clear", func(t *testing.T) {
		if _, err := w.h.Employees.CheckIn(ctx, Meta{Actor: domain.Actor{EmployeeID: "e-1", Roles: []domain.Role{domain.RoleSalesRep}, OrgUnitID: "ou-1"}},
			CheckIn{EmployeeID: "e-1", Slot: "MORNING"}); err != nil {
			t.Fatal(err)
		}
		w.h.log.snapshots.flush()
		if s, ok, _ := w.snaps.Load(ctx, stream, employeeSnapshotSchema(t, w), snapshots.Bound{}); ok && bytes.Contains(s.State, []byte("765400")) {
			t.Errorf("a new snapshot holds the salary: %s", s.State)
		}
	})
	t.Run("a second erasure is a conflict", func(t *testing.T) {
		if _, err := w.h.Erasure(w.keyring).Erase(ctx, erasureHR, privacy.EmployeeSubject("e-1")); !errors.Is(err, privacy.ErrSubjectErased) {
			t.Fatalf("err = %v, want ErrSubjectErased", err)
		}
	})
}

func TestErasure_Refusals(t *testing.T) {
	w := newErasureWorld(t)
	ctx := context.Background()
	erase := w.h.Erasure(w.keyring)
	noReason := erasureHR
	noReason.Reason = " "
	rep := Meta{Actor: domain.Actor{EmployeeID: "rep-1", Roles: []domain.Role{domain.RoleSalesRep}, OrgUnitID: "ou-1"}, Reason: "why not"}
	for _, tt := range []struct {
		name    string
		m       Meta
		subject string
		want    error
	}{
		{"without a reason", noReason, privacy.EmployeeSubject("e-1"), ErrErasureWithoutReason},
		{"by a sales rep", rep, privacy.EmployeeSubject("e-1"), domain.ErrForbidden},
		{"without an actor", Meta{Reason: "x"}, privacy.EmployeeSubject("e-1"), ErrNoActor},
		{"an employee never hired", erasureHR, privacy.EmployeeSubject("e-404"), privacy.ErrUnknownSubject},
		{"a contact of no customer", erasureHR, privacy.ContactSubject("c-404", "k1"), privacy.ErrUnknownSubject},
		{"an id of no known form", erasureHR, "person-1", privacy.ErrUnknownSubject},
	} {
		t.Run(tt.name+" is refused and erases nothing", func(t *testing.T) {
			if _, err := erase.Erase(ctx, tt.m, tt.subject); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			s, _, _, err := w.h.log.employees.LoadAsOf(ctx, employee.Stream("e-1"), cacheT0.AddDate(1, 0, 0))
			if err != nil || s.BaseSalary != domain.Yuan(7654) {
				t.Fatalf("salary = %v, %v; want it still in clear", s.BaseSalary, err)
			}
		})
	}
}

// employeeSnapshotSchema is the schema employee states are snapshotted
// under.
func employeeSnapshotSchema(t *testing.T, w *erasureWorld) string {
	t.Helper()
	c, ok := codecFor[employee.Employee]()
	if !ok {
		t.Fatal("employee states have no snapshot codec")
	}
	return c.schema
}
