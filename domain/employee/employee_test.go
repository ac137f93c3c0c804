package employee_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

var (
	t0 = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	t1 = t0.Add(time.Hour)

	// after probation: started t0 + 3 months
	tLate = time.Date(2026, 4, 6, 9, 0, 0, 0, time.UTC)

	reg = employee.DefaultRegulation()

	checked  = employee.QualificationChecked{EmployeeID: "e-1", CandidateName: "Li Lei", Passed: true, CheckedBy: "hr-1", CheckedAt: t0}
	failedQC = employee.QualificationChecked{EmployeeID: "e-1", CandidateName: "Li Lei", Passed: false, CheckedBy: "hr-1", CheckedAt: t0}
	hired    = employee.Hired{EmployeeID: "e-1", Name: "Li Lei", Role: domain.RoleSalesRep, OrgUnitID: "sales", SupervisorID: "dh-1", ProbationMonths: 3, ProbationRegulationVersion: "employee/default", HiredBy: "hr-1", HiredAt: t0}
	filed    = employee.DocumentsFiled{EmployeeID: "e-1", Documents: []string{"ID", "DIPLOMA"}, VerifiedBy: "hr-1", FiledAt: t0}
	trained  = employee.PreJobTrainingCompleted{EmployeeID: "e-1", Passed: true, RecordedBy: "hr-1", CompletedAt: t0}
	started  = employee.StartedWork{EmployeeID: "e-1", StartedAt: t0, ProbationEndsOn: t0.AddDate(0, 3, 0)}
	assessed = employee.Assessment{Responsibility: "strong", Ability: "good", Contribution: "steady"}
	regular  = employee.ConfirmedRegular{EmployeeID: "e-1", Assessment: assessed, ConfirmedBy: "gm-1", ConfirmedAt: tLate}

	onboarding  = []domain.Event{checked, hired}
	onProbation = []domain.Event{checked, hired, filed, trained, started}
	atWork      = []domain.Event{checked, hired, filed, trained, started, regular}
)

// given returns the events of history followed by more.
func given(history []domain.Event, more ...domain.Event) []domain.Event {
	return append(append([]domain.Event{}, history...), more...)
}

// decide is the "when" of a test case: one decision on the given state.
type decide func(employee.Employee) ([]domain.Event, error)

type testCase struct {
	name    string
	given   []domain.Event
	when    decide
	want    []domain.Event
	wantErr error
}

// run folds each case's history, runs its decision and compares events and
// error kind.
func run(t *testing.T, method string, tests []testCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := domain.Fold(employee.Employee.Evolve, tt.given...)

			got, err := tt.when(s)

			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("%s() error = %v, want %v", method, err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s() events mismatch (-want +got):\n%s", method, diff)
			}
		})
	}
}

func TestEvents_HaveStableStoredNames(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range employee.Events() {
		name := e.EventType()
		if seen[name] || len(name) < len("employee.") || name[:9] != "employee." {
			t.Errorf("event type %q is duplicated or not in the employee namespace", name)
		}
		seen[name] = true
	}
	// 36 of the employee stream, 9 of the portfolio stream and its upgrade.
	if len(seen) != 45 {
		t.Errorf("Events() lists %d events, want 45", len(seen))
	}
}

func TestEmployee_RecordQualificationCheck(t *testing.T) {
	record := func(passed bool) decide {
		return func(s employee.Employee) ([]domain.Event, error) {
			return s.RecordQualificationCheck("e-1", "Li Lei", passed, "", "hr-1", t0)
		}
	}
	run(t, "RecordQualificationCheck", []testCase{
		{name: "a candidate's check is recorded", when: record(true), want: []domain.Event{checked}},
		{name: "a failed candidate may be checked again", given: []domain.Event{failedQC}, when: record(true), want: []domain.Event{checked}},
		{name: "a hired employee is not checked again", given: onboarding, when: record(true), wantErr: employee.ErrAlreadyHired},
		{name: "the candidate's name is required", when: func(s employee.Employee) ([]domain.Event, error) {
			return s.RecordQualificationCheck("e-1", " ", true, "", "hr-1", t0)
		}, wantErr: domain.ErrInvalid},
	})
}

func TestEmployee_Hire(t *testing.T) {
	hire := func(s employee.Employee) ([]domain.Event, error) {
		return s.Hire(employee.Hiring{Name: "Li Lei", Role: domain.RoleSalesRep, OrgUnitID: "sales", SupervisorID: "dh-1"}, "hr-1", reg, "employee/default", t0)
	}
	oneMonth := reg
	oneMonth.ProbationMonths = 1
	hired1 := hired
	hired1.ProbationMonths, hired1.ProbationRegulationVersion = 1, "employee/v2"
	run(t, "Hire", []testCase{
		{name: "a candidate who passed the check is hired", given: []domain.Event{checked}, when: hire, want: []domain.Event{hired}},
		{name: "the probation length of the regulation in force is recorded", given: []domain.Event{checked},
			when: func(s employee.Employee) ([]domain.Event, error) {
				return s.Hire(employee.Hiring{Name: "Li Lei", Role: domain.RoleSalesRep, OrgUnitID: "sales", SupervisorID: "dh-1"}, "hr-1", oneMonth, "employee/v2", t0)
			}, want: []domain.Event{hired1}},
		{name: "a candidate who failed the check is not hired (E2)", given: []domain.Event{failedQC}, when: hire, wantErr: employee.ErrQualificationNotPassed},
		{name: "a candidate without a check is unknown (E2)", when: hire, wantErr: employee.ErrNotFound},
		{name: "hiring twice is a conflict", given: onboarding, when: hire, wantErr: employee.ErrAlreadyHired},
		{name: "an unknown role is invalid", given: []domain.Event{checked}, when: func(s employee.Employee) ([]domain.Event, error) {
			return s.Hire(employee.Hiring{Name: "Li Lei", Role: "CEO", OrgUnitID: "sales"}, "hr-1", reg, "v", t0)
		}, wantErr: employee.ErrBadRole},
	})
}

func TestEmployee_FileDocuments(t *testing.T) {
	file := func(s employee.Employee) ([]domain.Event, error) {
		return s.FileDocuments([]string{"ID", "DIPLOMA"}, "hr-1", t0)
	}
	run(t, "FileDocuments", []testCase{
		{name: "a new hire's documents are filed", given: onboarding, when: file, want: []domain.Event{filed}},
		{name: "filing again records nothing", given: given(onboarding, filed), when: file},
		{name: "an applicant has no documents to file", given: []domain.Event{checked}, when: file, wantErr: employee.ErrNotHired},
		{name: "an empty document list is invalid", given: onboarding, when: func(s employee.Employee) ([]domain.Event, error) {
			return s.FileDocuments(nil, "hr-1", t0)
		}, wantErr: domain.ErrInvalid},
	})
}

func TestEmployee_RecordPreJobTraining(t *testing.T) {
	record := func(passed bool) decide {
		return func(s employee.Employee) ([]domain.Event, error) {
			return s.RecordPreJobTraining(passed, "", "hr-1", t0)
		}
	}
	failed := trained
	failed.Passed = false
	run(t, "RecordPreJobTraining", []testCase{
		{name: "a pass is recorded", given: onboarding, when: record(true), want: []domain.Event{trained}},
		{name: "a fail is recorded and may be retaken", given: given(onboarding, failed), when: record(true), want: []domain.Event{trained}},
		{name: "recording after a pass records nothing", given: given(onboarding, trained), when: record(false)},
		{name: "an employee at work is past onboarding", given: onProbation, when: record(true), wantErr: employee.ErrAlreadyHired},
		{name: "an unknown employee is not found", when: record(true), wantErr: employee.ErrNotFound},
	})
}

func TestEmployee_StartWork(t *testing.T) {
	start := func(s employee.Employee) ([]domain.Event, error) { return s.StartWork(t0) }
	failed := trained
	failed.Passed = false
	run(t, "StartWork", []testCase{
		{name: "a trained hire starts work and probation", given: given(onboarding, filed, trained), when: start, want: []domain.Event{started}},
		{name: "no work before pre-job training (E1)", given: given(onboarding, filed), when: start, wantErr: employee.ErrTrainingNotPassed},
		{name: "no work after a failed training (E1)", given: given(onboarding, filed, failed), when: start, wantErr: employee.ErrTrainingNotPassed},
		{name: "no work before documents are filed", given: given(onboarding, trained), when: start, wantErr: employee.ErrDocumentsNotFiled},
		{name: "starting again records nothing", given: onProbation, when: start},
		{name: "an applicant cannot start", given: []domain.Event{checked}, when: start, wantErr: employee.ErrNotHired},
	})
}
