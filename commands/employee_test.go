package commands_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
	"github.com/opsledger/opsledger/eventstore/memory"
)

var (
	employeeT0      = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	employeeHR      = employeeMeta("hr-1", domain.RoleHR)
	employeeHead    = inOrgUnit(employeeMeta("dh-1", domain.RoleDeptHead), "sales")
	employeeGM      = employeeMeta("gm-1", domain.RoleGM)
	employeeAdmin   = employeeMeta("adm-1", domain.RoleAdminOffice)
	employeeFinance = employeeMeta("fin-1", domain.RoleFinance)
	employeeRep     = employeeMeta("e-1", domain.RoleSalesRep)
	employeeAssess  = employee.Assessment{Responsibility: "strong", Ability: "good", Contribution: "steady"}
)

func employeeMeta(id string, role domain.Role) commands.Meta {
	return commands.Meta{Actor: domain.Actor{EmployeeID: id, Roles: []domain.Role{role}}, Reason: "test " + id}
}

// employeeWorld is a handler over a memory store with a clock tests move.
type employeeWorld struct {
	t     *testing.T
	h     *commands.Handler
	store *memory.Store
	now   time.Time
}

func newEmployeeWorld(t *testing.T) *employeeWorld {
	t.Helper()
	w := newEmployeeWorldBeforeUpgrade(t)
	if err := w.h.UpgradeCustomerOwnership(context.Background()); err != nil {
		t.Fatalf("UpgradeCustomerOwnership() error = %v", err)
	}
	return w
}

// newEmployeeWorldBeforeUpgrade is a world whose log has no record of the
// customer ownership upgrade.
func newEmployeeWorldBeforeUpgrade(t *testing.T) *employeeWorld {
	t.Helper()
	w := &employeeWorld{t: t, store: memory.New(), now: employeeT0}
	w.h = commands.New(w.store, commands.Codec(), func() time.Time { return w.now })
	return w
}

func (w *employeeWorld) ok(_ commands.Result, err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatalf("command error = %v", err)
	}
}

// records returns the stored events of employee e-1.
func (w *employeeWorld) records() []eventstore.Recorded {
	w.t.Helper()
	recs, err := w.store.ReadStream(context.Background(), employee.Stream("e-1"), eventstore.ReadStreamOptions{})
	if err != nil {
		w.t.Fatalf("ReadStream() error = %v", err)
	}
	return recs
}

func (w *employeeWorld) types() []string {
	var out []string
	for _, r := range w.records() {
		out = append(out, r.Type)
	}
	return out
}

// onProbation drives e-1 from the qualification check to started work.
func (w *employeeWorld) onProbation() *employeeWorld {
	ctx := context.Background()
	w.ok(w.h.Employees.RecordQualificationCheck(ctx, employeeHR, commands.RecordQualificationCheck{EmployeeID: "e-1", CandidateName: "Li Lei", Passed: true}))
	w.ok(w.h.Employees.HireEmployee(ctx, employeeHR, commands.HireEmployee{EmployeeID: "e-1", Name: "Li Lei", Role: domain.RoleSalesRep, OrgUnitID: "sales", SupervisorID: "dh-1"}))
	w.ok(w.h.Employees.RecordOnboardingDocuments(ctx, employeeAdmin, commands.RecordOnboardingDocuments{EmployeeID: "e-1", Documents: []string{"ID", "DIPLOMA", "CV"}}))
	w.ok(w.h.Employees.RecordPreJobTraining(ctx, employeeHR, commands.RecordPreJobTraining{EmployeeID: "e-1", Passed: true}))
	w.ok(w.h.Employees.StartWork(ctx, employeeHead, commands.StartWork{EmployeeID: "e-1"}))
	return w
}

// regular confirms e-1 after the three-month probation.
func (w *employeeWorld) regular() *employeeWorld {
	w.onProbation()
	w.now = employeeT0.AddDate(0, 3, 1)
	w.ok(w.h.Employees.ConfirmRegular(context.Background(), employeeGM, commands.ConfirmRegular{EmployeeID: "e-1", Assessment: employeeAssess}))
	return w
}

func TestEmployeeLifecycle_HiredToRegularByGM(t *testing.T) {
	w := newEmployeeWorld(t).regular()

	want := []string{
		"employee.qualification_checked", "employee.hired", "employee.documents_filed",
		"employee.pre_job_training_completed", "employee.started_work", "employee.confirmed_regular",
	}
	if diff := cmp.Diff(want, w.types()); diff != "" {
		t.Fatalf("employee stream mismatch (-want +got):\n%s", diff)
	}
	recs := w.records()
	hired, confirmed := recs[1].Metadata, recs[5].Metadata
	if hired.ActorID != "hr-1" || hired.ActorRole != domain.RoleHR || hired.RegulationVersion != "employee/default" || hired.Reason != "test hr-1" {
		t.Errorf("Hired metadata = %+v, want hr-1 acting as HR under employee/default", hired)
	}
	if confirmed.ActorID != "gm-1" || confirmed.ActorRole != domain.RoleGM {
		t.Errorf("ConfirmedRegular metadata = %+v, want gm-1 acting as GM", confirmed)
	}
}

func TestStartWork_BeforeTrainingIsRefused(t *testing.T) {
	ctx, w := context.Background(), newEmployeeWorld(t)
	w.ok(w.h.Employees.RecordQualificationCheck(ctx, employeeHR, commands.RecordQualificationCheck{EmployeeID: "e-1", CandidateName: "Li Lei", Passed: true}))
	w.ok(w.h.Employees.HireEmployee(ctx, employeeHR, commands.HireEmployee{EmployeeID: "e-1", Name: "Li Lei", Role: domain.RoleSalesRep, OrgUnitID: "sales"}))
	w.ok(w.h.Employees.RecordOnboardingDocuments(ctx, employeeHR, commands.RecordOnboardingDocuments{EmployeeID: "e-1", Documents: []string{"ID"}}))

	_, err := w.h.Employees.StartWork(ctx, employeeHead, commands.StartWork{EmployeeID: "e-1"})

	var rule *domain.RuleError
	if !errors.Is(err, employee.ErrTrainingNotPassed) || !errors.As(err, &rule) || rule.Rule != "E1" {
		t.Fatalf("StartWork() error = %v, want rule E1", err)
	}
}

func TestConfirmRegular(t *testing.T) {
	ctx := context.Background()
	confirm := commands.ConfirmRegular{EmployeeID: "e-1", Assessment: employeeAssess}

	t.Run("a department head confirming is refused (E3)", func(t *testing.T) {
		w := newEmployeeWorld(t).onProbation()
		w.now = employeeT0.AddDate(0, 4, 0)

		_, err := w.h.Employees.ConfirmRegular(ctx, employeeHead, confirm)

		if !errors.Is(err, domain.ErrForbidden) {
			t.Fatalf("ConfirmRegular() error = %v, want domain.ErrForbidden", err)
		}
		if got := w.types(); got[len(got)-1] != "employee.started_work" {
			t.Errorf("last event = %s, want nothing recorded after started_work", got[len(got)-1])
		}
	})
	t.Run("a repeated idempotency key has one effect", func(t *testing.T) {
		w := newEmployeeWorld(t).onProbation()
		w.now = employeeT0.AddDate(0, 4, 0)
		m := employeeGM
		m.IdempotencyKey = "confirm-e-1"

		first, err1 := w.h.Employees.ConfirmRegular(ctx, m, confirm)
		second, err2 := w.h.Employees.ConfirmRegular(ctx, m, confirm)

		if err1 != nil || err2 != nil {
			t.Fatalf("ConfirmRegular() errors = %v, %v", err1, err2)
		}
		if first.Replayed || !second.Replayed || second.Version != first.Version {
			t.Errorf("results = %+v then %+v, want the second replayed at the same version", first, second)
		}
	})
}

func TestEmployeeRegulation_VersionInForceIsApplied(t *testing.T) {
	ctx, w := context.Background(), newEmployeeWorld(t)
	var versions domain.RegulationVersions[employee.Regulation]
	oneMonth := employee.DefaultRegulation()
	oneMonth.ProbationMonths = 1
	versions.Add(domain.RegulationVersion{ID: "employee/2026-01", EffectiveFrom: employeeT0.AddDate(0, 0, -1)}, oneMonth)
	w.h = commands.Rebuilt(w.h, commands.WithRegulations(commands.Regulations{Employee: &versions}))
	w.ok(w.h.Employees.RecordQualificationCheck(ctx, employeeHR, commands.RecordQualificationCheck{EmployeeID: "e-1", CandidateName: "Li Lei", Passed: true}))

	w.ok(w.h.Employees.HireEmployee(ctx, employeeHR, commands.HireEmployee{EmployeeID: "e-1", Name: "Li Lei", Role: domain.RoleSalesRep, OrgUnitID: "sales"}))

	rec := w.records()[1]
	if rec.Metadata.RegulationVersion != "employee/2026-01" {
		t.Errorf("RegulationVersion = %q, want employee/2026-01", rec.Metadata.RegulationVersion)
	}
	if !strings.Contains(string(rec.Data), `"probation_months":1`) {
		t.Errorf("Hired body = %s, want probation_months 1", rec.Data)
	}
}

func TestSetBaseSalary(t *testing.T) {
	ctx := context.Background()
	salary := commands.SetBaseSalary{EmployeeID: "e-1", Amount: domain.Yuan(5000)}

	t.Run("the salary takes effect only with both approvals (E14)", func(t *testing.T) {
		w := newEmployeeWorld(t).regular()

		w.ok(w.h.Employees.SetBaseSalary(ctx, employeeHead, salary))
		afterHead := w.types()
		w.ok(w.h.Employees.SetBaseSalary(ctx, employeeGM, salary))

		if got := afterHead[len(afterHead)-1]; got != "employee.base_salary_approved" {
			t.Errorf("after the department head: last event = %s, want only an approval", got)
		}
		got := w.types()[len(afterHead):]
		if diff := cmp.Diff([]string{"employee.base_salary_approved", "employee.base_salary_set"}, got); diff != "" {
			t.Errorf("after the GM (-want +got):\n%s", diff)
		}
		recs := w.records()
		if r := recs[len(recs)-2].Metadata; r.ActorID != "gm-1" || r.ActorRole != domain.RoleGM {
			t.Errorf("second approval metadata = %+v, want gm-1 as GM", r)
		}
	})
	t.Run("HR may not approve a base salary", func(t *testing.T) {
		w := newEmployeeWorld(t).regular()

		_, err := w.h.Employees.SetBaseSalary(ctx, employeeHR, salary)

		if !errors.Is(err, domain.ErrForbidden) {
			t.Fatalf("SetBaseSalary() error = %v, want domain.ErrForbidden", err)
		}
	})
	t.Run("a probationer's salary is not set yet", func(t *testing.T) {
		w := newEmployeeWorld(t).onProbation()

		_, err := w.h.Employees.SetBaseSalary(ctx, employeeHead, salary)

		if !errors.Is(err, employee.ErrNotRegular) {
			t.Fatalf("SetBaseSalary() error = %v, want employee.ErrNotRegular", err)
		}
	})
}

func TestCheckIn_OnlyForOneself(t *testing.T) {
	ctx, w := context.Background(), newEmployeeWorld(t).onProbation()

	_, err := w.h.Employees.CheckIn(ctx, employeeMeta("e-2", domain.RoleSalesRep), commands.CheckIn{EmployeeID: "e-1", Slot: "MORNING"})
	if !errors.Is(err, domain.ErrForbidden) {
		t.Fatalf("CheckIn() for someone else error = %v, want domain.ErrForbidden", err)
	}
	w.ok(w.h.Employees.CheckIn(ctx, employeeRep, commands.CheckIn{EmployeeID: "e-1", Slot: "MORNING"}))
}

func TestRecordMonthlyResults_AutoResignationSwitch(t *testing.T) {
	ctx := context.Background()
	system := commands.Meta{Actor: domain.SystemActor}
	tests := []struct {
		name   string
		on     bool
		wantE6 bool
	}{
		{name: "with E6 on, two zero months raise an auto-resignation case", on: true, wantE6: true},
		{name: "with E6 off, two zero months raise nothing", on: false, wantE6: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newEmployeeWorld(t).regular()
			var versions domain.RegulationVersions[employee.Regulation]
			p := employee.DefaultRegulation()
			p.AutoResignOnNoResults = tt.on
			versions.Add(domain.RegulationVersion{ID: "employee/e6", EffectiveFrom: employeeT0}, p)
			w.h = commands.Rebuilt(w.h, commands.WithRegulations(commands.Regulations{Employee: &versions}))

			for _, m := range []time.Month{time.April, time.May} {
				month := time.Date(2026, m, 1, 0, 0, 0, 0, time.UTC)
				w.ok(w.h.Employees.RecordMonthlyResults(ctx, system, commands.RecordMonthlyResults{EmployeeID: "e-1", Month: month, Amount: domain.Yuan(0)}))
			}

			got := w.types()
			raised := got[len(got)-1] == "employee.auto_resignation_due"
			if raised != tt.wantE6 {
				t.Errorf("auto-resignation raised = %v, want %v (events %v)", raised, tt.wantE6, got)
			}
		})
	}
}
