package commands_test

import (
	"context"
	"errors"
	"testing"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

// TestInitiateDeparture_UnknownTypeIsInvalidNotForbidden: given a regular
// employee, when anyone initiates a departure of a type that does not
// exist (or one only the system's own paths take), then the answer is the
// invalid field "type" (422), not a 403 that would send them looking for
// a role that could issue it; an actor without any role is still refused.
func TestInitiateDeparture_UnknownTypeIsInvalidNotForbidden(t *testing.T) {
	ctx := context.Background()
	for _, typ := range []employee.DepartureType{"RETIRE", "", employee.DepartureAuto} {
		w := newEmployeeWorld(t).regular()

		_, err := w.h.Employees.InitiateDeparture(ctx, employeeHR, commands.InitiateDeparture{EmployeeID: "e-1", Type: typ, Reason: "r"})

		var fe *domain.FieldError
		if !errors.As(err, &fe) || fe.Field != "type" || errors.Is(err, domain.ErrForbidden) {
			t.Errorf("type %q: error %v, want an invalid field \"type\"", typ, err)
		}
	}
	t.Run("an actor without a role is refused first", func(t *testing.T) {
		w := newEmployeeWorld(t).regular()

		_, err := w.h.Employees.InitiateDeparture(ctx, commands.Meta{}, commands.InitiateDeparture{EmployeeID: "e-1", Type: "RETIRE", Reason: "r"})

		if !errors.Is(err, domain.ErrForbidden) {
			t.Errorf("error %v, want forbidden", err)
		}
	})
}
