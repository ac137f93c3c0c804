package employee_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

var (
	resigning   = employee.DepartureInitiated{EmployeeID: "e-1", Type: employee.DepartureResign, Reason: "moving", InitiatedAt: t1}
	moonlighter = employee.DepartureInitiated{EmployeeID: "e-1", Type: employee.DepartureSummaryDismissal, Reason: "second job", Violation: employee.ViolationPartTimeJob, InitiatedAt: t1}
	archived    = employee.FilesArchived{EmployeeID: "e-1", Items: []string{"customer files"}, ArchivedBy: "adm-1", ArchivedAt: t1}
	settled     = employee.FinalPaySettled{EmployeeID: "e-1", Amount: domain.Yuan(3000), SettledBy: "fin-1", SettledAt: t1}
	forfeited   = employee.FinalPayForfeited{EmployeeID: "e-1", Violation: employee.ViolationPartTimeJob, RuleRef: "E9", DecidedBy: "hr-1", ForfeitedAt: t1}
)

func TestEmployee_InitiateDeparture(t *testing.T) {
	initiate := func(tp employee.DepartureType, basis *employee.RecordRef) decide {
		return func(s employee.Employee) ([]domain.Event, error) { return s.InitiateDeparture(tp, "moving", basis, t1) }
	}
	failA := appraised("a-5", employee.CycleMonthly, month(5), employee.GradeFail)
	basis := &employee.RecordRef{Kind: employee.RecordAppraisal, ID: "a-5"}
	run(t, "InitiateDeparture", []testCase{
		{name: "a resignation starts the departure", given: atWork, when: initiate(employee.DepartureResign, nil), want: []domain.Event{resigning}},
		{name: "a dismissal names the appraisal it rests on", given: given(atWork, failA), when: initiate(employee.DepartureDismiss, basis), want: []domain.Event{employee.DepartureInitiated{
			EmployeeID: "e-1", Type: employee.DepartureDismiss, Reason: "moving", Basis: basis, InitiatedAt: t1,
		}}},
		{name: "an automatic resignation may start during probation", given: onProbation, when: initiate(employee.DepartureAutoResign, nil), want: []domain.Event{employee.DepartureInitiated{
			EmployeeID: "e-1", Type: employee.DepartureAutoResign, Reason: "moving", InitiatedAt: t1,
		}}},
		{name: "the same departure again records nothing", given: given(atWork, resigning), when: initiate(employee.DepartureResign, nil)},
		{name: "another departure type while leaving is a conflict", given: given(atWork, resigning), when: initiate(employee.DepartureDismiss, nil), wantErr: employee.ErrAlreadyLeaving},
		{name: "summary dismissal goes through SummarilyDismiss", given: atWork, when: initiate(employee.DepartureSummaryDismissal, nil), wantErr: employee.ErrBadDepartureType},
		{name: "a basis that is not on record is refused", given: atWork, when: initiate(employee.DepartureDismiss, basis), wantErr: employee.ErrUnknownBasis},
		{name: "an applicant cannot depart", given: []domain.Event{checked}, when: initiate(employee.DepartureResign, nil), wantErr: employee.ErrNotHired},
	})
}

func TestEmployee_SummarilyDismiss(t *testing.T) {
	dismiss := func(v employee.Violation) decide {
		return func(s employee.Employee) ([]domain.Event, error) { return s.SummarilyDismiss(v, "second job", t1) }
	}
	run(t, "SummarilyDismiss", []testCase{
		{name: "an outside part-time job means immediate dismissal (E9)", given: atWork, when: dismiss(employee.ViolationPartTimeJob), want: []domain.Event{moonlighter}},
		{name: "a probationer is dismissed the same way (E9)", given: onProbation, when: dismiss(employee.ViolationPartTimeJob), want: []domain.Event{moonlighter}},
		{name: "repeating it records nothing", given: given(atWork, moonlighter), when: dismiss(employee.ViolationPartTimeJob)},
		{name: "lateness is no ground for summary dismissal", given: atWork, when: dismiss("LATENESS"), wantErr: employee.ErrBadViolation},
	})
}

func TestEmployee_ArchiveFiles(t *testing.T) {
	archive := func(s employee.Employee) ([]domain.Event, error) {
		return s.ArchiveFiles([]string{"customer files"}, "adm-1", t1)
	}
	run(t, "ArchiveFiles", []testCase{
		{name: "a leaving employee's files are archived (E11)", given: given(atWork, resigning), when: archive, want: []domain.Event{archived}},
		{name: "archiving twice records nothing", given: given(atWork, resigning, archived), when: archive},
		{name: "files are archived only on departure", given: atWork, when: archive, wantErr: employee.ErrNotLeaving},
	})
}

func TestEmployee_SettleFinalPay(t *testing.T) {
	settle := func(s employee.Employee) ([]domain.Event, error) {
		return s.SettleFinalPay(domain.Yuan(3000), "fin-1", t1)
	}
	run(t, "SettleFinalPay", []testCase{
		{name: "a resigning employee's pay is settled", given: given(atWork, resigning), when: settle, want: []domain.Event{settled}},
		{name: "no pay is settled after dismissal for a part-time job (E9)", given: given(atWork, moonlighter), when: settle, wantErr: employee.ErrPayForfeitRule},
		{name: "settling twice records nothing", given: given(atWork, resigning, settled), when: settle},
		{name: "pay is settled only on departure", given: atWork, when: settle, wantErr: employee.ErrNotLeaving},
	})
}

func TestEmployee_ForfeitFinalPay(t *testing.T) {
	forfeit := func(s employee.Employee) ([]domain.Event, error) { return s.ForfeitFinalPay("hr-1", t1) }
	run(t, "ForfeitFinalPay", []testCase{
		{name: "pay is forfeited after dismissal for a part-time job (E9)", given: given(atWork, moonlighter), when: forfeit, want: []domain.Event{forfeited}},
		{name: "a resignation forfeits nothing (E9: only the stated violations)", given: given(atWork, resigning), when: forfeit, wantErr: employee.ErrNotForfeitable},
		{name: "a failed probation forfeits nothing", given: given(onProbation, employee.ProbationFailed{EmployeeID: "e-1"}, employee.DepartureInitiated{EmployeeID: "e-1", Type: employee.DepartureAuto}), when: forfeit, wantErr: employee.ErrNotForfeitable},
		{name: "forfeiting twice records nothing", given: given(atWork, moonlighter, forfeited), when: forfeit},
	})
}

func TestEmployee_CompleteDeparture(t *testing.T) {
	complete := func(s employee.Employee) ([]domain.Event, error) { return s.CompleteDeparture(t1) }
	departed := employee.Departed{EmployeeID: "e-1", Type: employee.DepartureResign, DepartedAt: t1}
	run(t, "CompleteDeparture", []testCase{
		{name: "archived files, settled pay and no customers complete it", given: given(atWork, resigning, archived, settled), when: complete, want: []domain.Event{departed}},
		{name: "a forfeited summary dismissal completes too", given: given(atWork, moonlighter, archived, forfeited), when: complete, want: []domain.Event{employee.Departed{
			EmployeeID: "e-1", Type: employee.DepartureSummaryDismissal, DepartedAt: t1,
		}}},
		{name: "files not archived refuse completion (E11)", given: given(atWork, resigning, settled), when: complete, wantErr: employee.ErrFilesNotArchived},
		// The customers owned are the portfolio's to check (TestPortfolio_Close).
		{name: "ownership an earlier version recorded on the employee's stream is not the employee's to check", given: given(atWork, assignedC1, recordedC1, resigning, archived, settled), when: complete, want: []domain.Event{departed}},
		{name: "unresolved pay refuses completion", given: given(atWork, resigning, archived), when: complete, wantErr: employee.ErrPayUnresolved},
		{name: "completing twice records nothing", given: given(atWork, resigning, archived, settled, departed), when: complete},
		{name: "an employee at work has no departure to complete", given: atWork, when: complete, wantErr: employee.ErrNotLeaving},
	})
}
