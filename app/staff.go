package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

// staffHR is the HR employee in whose name HireStaff hires.
var staffHR = domain.Actor{EmployeeID: "staff-hr", Roles: []domain.Role{domain.RoleHR}, OrgUnitID: "HR"}

// HireStaff hires, through the command layer, each actor's employee who
// is not hired yet: a qualification check and a hire as the actor's
// first role (CLERK without one) in its org unit (HQ without one). Tests
// and benchmarks that issue tokens call it, since a token's subject must
// be a known, active employee (§2.5-token-subject); real employees are
// hired through the API or `opsledger seed`. An employee already hired,
// or departed, is left as is.
func (a *App) HireStaff(ctx context.Context, staff ...domain.Actor) error {
	for _, s := range staff {
		if a.roster.set.Standing(s.EmployeeID) != auth.Unknown {
			continue
		}
		if err := a.hire(ctx, s); err != nil {
			return fmt.Errorf("hire staff %s: %w", s.EmployeeID, err)
		}
	}
	return nil
}

func (a *App) hire(ctx context.Context, s domain.Actor) error {
	m := commands.Meta{Actor: staffHR, CorrelationID: "hire-staff"}
	name := "Staff " + s.EmployeeID
	_, err := a.Commands.Employees.RecordQualificationCheck(ctx, m, commands.RecordQualificationCheck{
		EmployeeID: s.EmployeeID, CandidateName: name, Passed: true})
	if errors.Is(err, employee.ErrAlreadyHired) {
		return nil
	}
	if err != nil {
		return err
	}
	role, unit := domain.RoleClerk, "HQ"
	if len(s.Roles) > 0 {
		role = s.Roles[0]
	}
	if s.OrgUnitID != "" {
		unit = s.OrgUnitID
	}
	_, err = a.Commands.Employees.HireEmployee(ctx, m, commands.HireEmployee{EmployeeID: s.EmployeeID, Name: name, Role: role, OrgUnitID: unit})
	return err
}
