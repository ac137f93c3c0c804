package commands

import (
	"context"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

// ConfirmRegular confirms a probationer as a regular employee. Only the GM
// may (E3); the domain checks the acting role again.
type ConfirmRegular struct {
	EmployeeID string
	Assessment employee.Assessment
}

// ConfirmRegular records employee.ConfirmedRegular.
func (h *Employees) ConfirmRegular(ctx context.Context, m Meta, cmd ConfirmRegular) (Result, error) {
	role, err := authorize(m, "ConfirmRegular", domain.RoleGM)
	if err != nil {
		return Result{}, err
	}
	reg, version := h.regulationFor(m)
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, version, func(s employee.Employee) ([]domain.Event, error) {
		return s.ConfirmRegular(m.Actor.EmployeeID, role, cmd.Assessment, reg, h.now())
	})
}

// FailProbation records the GM's decision that a probationer failed, which
// starts an automatic departure (E4).
type FailProbation struct {
	EmployeeID string
	Assessment employee.Assessment
}

// FailProbation records employee.ProbationFailed and DepartureInitiated
// and, in the same atomic append, freezes the employee's customer
// portfolio, as InitiateDeparture does.
func (h *Employees) FailProbation(ctx context.Context, m Meta, cmd FailProbation) (Result, error) {
	role, err := authorize(m, "FailProbation", domain.RoleGM)
	if err != nil {
		return Result{}, err
	}
	at := h.now()
	return h.onEmployeeWithPortfolio(ctx, m, cmd.EmployeeID, role, func(s employee.Employee) ([]domain.Event, error) {
		return s.FailProbation(m.Actor.EmployeeID, role, cmd.Assessment, at)
	}, freezeOnDeparture(cmd.EmployeeID, at))
}

// GrantProbationLeniency extends probation once instead of failing a rep
// who is very responsible but less able (E4).
type GrantProbationLeniency struct {
	EmployeeID string
	Reason     string
}

// GrantProbationLeniency records employee.ProbationExtended.
func (h *Employees) GrantProbationLeniency(ctx context.Context, m Meta, cmd GrantProbationLeniency) (Result, error) {
	role, err := authorize(m, "GrantProbationLeniency", domain.RoleGM)
	if err != nil {
		return Result{}, err
	}
	reg, version := h.regulationFor(m)
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, version, func(s employee.Employee) ([]domain.Event, error) {
		return s.GrantLeniency(m.Actor.EmployeeID, role, cmd.Reason, reg, h.now())
	})
}

// SetBaseSalary is one of the two approvals a regular employee's base
// salary needs, by the department manager and by the GM (E14). The salary
// takes effect with the second approval of the same amount.
type SetBaseSalary struct {
	EmployeeID string
	Amount     domain.Money
}

// SetBaseSalary records employee.BaseSalaryApproved, and BaseSalarySet
// when both approvals are in.
func (h *Employees) SetBaseSalary(ctx context.Context, m Meta, cmd SetBaseSalary) (Result, error) {
	role, err := authorize(m, "SetBaseSalary", domain.RoleDeptHead, domain.RoleGM)
	if err != nil {
		return Result{}, err
	}
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, "", inHeadsUnit(m, role, func(s employee.Employee) ([]domain.Event, error) {
		return s.ApproveBaseSalary(m.Actor.EmployeeID, role, cmd.Amount, h.now())
	}))
}
