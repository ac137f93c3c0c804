package employee_test

import (
	"testing"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

func TestEmployee_ConfirmRegular(t *testing.T) {
	confirm := func(role domain.Role, a employee.Assessment, p employee.Regulation, at time.Time) decide {
		return func(s employee.Employee) ([]domain.Event, error) { return s.ConfirmRegular("gm-1", role, a, p, at) }
	}
	targetMet := assessed
	targetMet.TargetMet = true
	noEarly := reg
	noEarly.EarlyConversion = false
	early := employee.ConfirmedRegular{EmployeeID: "e-1", Assessment: targetMet, Early: true, ConfirmedBy: "gm-1", ConfirmedAt: t1}
	extended := employee.ProbationExtended{EmployeeID: "e-1", Reason: "responsible", ProbationEndsOn: tLate.AddDate(0, 1, 0), ExtendedBy: "gm-1", ExtendedAt: t0}
	run(t, "ConfirmRegular", []testCase{
		{name: "the GM confirms a probationer after probation", given: onProbation, when: confirm(domain.RoleGM, assessed, reg, tLate), want: []domain.Event{regular}},
		{name: "a department head may not confirm (E3)", given: onProbation, when: confirm(domain.RoleDeptHead, assessed, reg, tLate), wantErr: employee.ErrConfirmNeedsGM},
		{name: "HR may not confirm (E3)", given: onProbation, when: confirm(domain.RoleHR, assessed, reg, tLate), wantErr: employee.ErrConfirmNeedsGM},
		{name: "early conversion needs the target met (E3)", given: onProbation, when: confirm(domain.RoleGM, assessed, reg, t1), wantErr: employee.ErrProbationNotOver},
		{name: "early conversion with the target met is recorded as early", given: onProbation, when: confirm(domain.RoleGM, targetMet, reg, t1), want: []domain.Event{early}},
		{name: "a regulation without early conversion refuses it", given: onProbation, when: confirm(domain.RoleGM, targetMet, noEarly, t1), wantErr: employee.ErrProbationNotOver},
		{name: "an extended probation is not over at its first end", given: given(onProbation, extended), when: confirm(domain.RoleGM, assessed, reg, tLate), wantErr: employee.ErrProbationNotOver},
		{name: "the assessment covers all three aspects", given: onProbation, when: confirm(domain.RoleGM, employee.Assessment{Responsibility: "x"}, reg, tLate), wantErr: employee.ErrAssessmentIncomplete},
		{name: "confirming twice records nothing", given: atWork, when: confirm(domain.RoleGM, assessed, reg, tLate)},
		{name: "a hire not at work is not on probation", given: onboarding, when: confirm(domain.RoleGM, assessed, reg, tLate), wantErr: employee.ErrNotOnProbation},
	})
}

func TestEmployee_FailProbation(t *testing.T) {
	fail := func(role domain.Role) decide {
		return func(s employee.Employee) ([]domain.Event, error) {
			return s.FailProbation("gm-1", role, assessed, tLate)
		}
	}
	run(t, "FailProbation", []testCase{
		{name: "a failed probation starts an automatic departure (E4)", given: onProbation, when: fail(domain.RoleGM), want: []domain.Event{
			employee.ProbationFailed{EmployeeID: "e-1", Assessment: assessed, DecidedBy: "gm-1", FailedAt: tLate},
			employee.DepartureInitiated{EmployeeID: "e-1", Type: employee.DepartureAuto, Reason: "probation failed", InitiatedAt: tLate},
		}},
		{name: "the department head only proposes; the GM decides", given: onProbation, when: fail(domain.RoleDeptHead), wantErr: employee.ErrProbationNeedsGM},
		{name: "a regular employee is not on probation", given: atWork, when: fail(domain.RoleGM), wantErr: employee.ErrNotOnProbation},
		{name: "a leaving employee is not active", given: given(onProbation, employee.ProbationFailed{EmployeeID: "e-1"}), when: fail(domain.RoleGM), wantErr: employee.ErrNotActive},
	})
}

func TestEmployee_GrantLeniency(t *testing.T) {
	grant := func(role domain.Role, at time.Time) decide {
		return func(s employee.Employee) ([]domain.Event, error) {
			return s.GrantLeniency("gm-1", role, "responsible", reg, at)
		}
	}
	strict := reg
	strict.LeniencyMonths = 0
	grantUnder := func(p employee.Regulation) decide {
		return func(s employee.Employee) ([]domain.Event, error) {
			return s.GrantLeniency("gm-1", domain.RoleGM, "responsible", p, t1)
		}
	}
	extended := employee.ProbationExtended{EmployeeID: "e-1", Reason: "responsible", ProbationEndsOn: t0.AddDate(0, 4, 0), ExtendedBy: "gm-1", ExtendedAt: t1}
	run(t, "GrantLeniency", []testCase{
		{name: "the GM extends probation by the regulation's months instead of failing (E4)", given: onProbation, when: grant(domain.RoleGM, t1), want: []domain.Event{extended}},
		{name: "leniency is granted once", given: given(onProbation, extended), when: grant(domain.RoleGM, t1), wantErr: employee.ErrLeniencyUsed},
		{name: "a regulation without leniency refuses it", given: onProbation, when: grantUnder(strict), wantErr: employee.ErrLeniencyDisabled},
		{name: "only the GM grants leniency", given: onProbation, when: grant(domain.RoleDeptHead, t1), wantErr: employee.ErrProbationNeedsGM},
		{name: "a regular employee is not on probation", given: atWork, when: grant(domain.RoleGM, t1), wantErr: employee.ErrNotOnProbation},
	})
}
