package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/opsledger/opsledger/auth"
	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
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
//
// It returns once the hires are visible to every reader of the log (the
// head has passed them), so a test that compares the head before and
// after a request is not misled by a hire that becomes visible late.
func (a *App) HireStaff(ctx context.Context, staff ...domain.Actor) error {
	for _, s := range staff {
		if a.roster.set.Standing(s.EmployeeID) != auth.Unknown {
			continue
		}
		at, err := a.hire(ctx, s)
		if err == nil {
			err = a.awaitHead(ctx, at)
		}
		if err != nil {
			return fmt.Errorf("hire staff %s: %w", s.EmployeeID, err)
		}
	}
	return nil
}

// hire records the qualification check and the hire of s, and returns
// the hire's position (Start when s was hired already).
func (a *App) hire(ctx context.Context, s domain.Actor) (eventstore.Position, error) {
	m := commands.Meta{Actor: staffHR, CorrelationID: "hire-staff"}
	name := "Staff " + s.EmployeeID
	_, err := a.Commands.Employees.RecordQualificationCheck(ctx, m, commands.RecordQualificationCheck{
		EmployeeID: s.EmployeeID, CandidateName: name, Passed: true})
	if errors.Is(err, employee.ErrAlreadyHired) {
		return eventstore.Start, nil
	}
	if err != nil {
		return eventstore.Start, err
	}
	role, unit := domain.RoleClerk, "HQ"
	if len(s.Roles) > 0 {
		role = s.Roles[0]
	}
	if s.OrgUnitID != "" {
		unit = s.OrgUnitID
	}
	res, err := a.Commands.Employees.HireEmployee(ctx, m, commands.HireEmployee{EmployeeID: s.EmployeeID, Name: name, Role: role, OrgUnitID: unit})
	return res.Position, err
}

// awaitHead waits until the log's head has reached at: an event is
// visible to readers only once every transaction older than it has ended.
func (a *App) awaitHead(ctx context.Context, at eventstore.Position) error {
	for {
		head, err := a.Store.Head(ctx)
		if err != nil || head.Compare(at) >= 0 {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}
