package commands

import (
	"context"
	"fmt"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

// portfolioFollows decides what an employee's customer portfolio records
// given the events a decision on the employee recorded: the events, and
// what undoes them should the employee's append fail after them on a store
// without an atomic multi-stream append.
type portfolioFollows func(p employee.Portfolio, recorded []domain.Event) (events, undo []domain.Event, err error)

// onEmployeeWithPortfolio decides on employee id's stream and, in the
// same atomic append (a joint decision), on their customer portfolio: the
// start and the completion of a departure change what the portfolio may
// take, and a registration or reassignment to the employee racing them
// appends to the portfolio too, so one of the two conflicts and decides
// again on the other's outcome (E-reassign-leaving, E-departure). decide
// decides on the employee; when it records anything, follow decides on
// the portfolio. The portfolio comes first in the append: on a store
// without an atomic multi-stream append, a portfolio frozen or closed
// without its employee's event refuses customers, never allows one.
func (h *Employees) onEmployeeWithPortfolio(ctx context.Context, m Meta, id string, role domain.Role, decide func(employee.Employee) ([]domain.Event, error), follow portfolioFollows) (Result, error) {
	if err := h.employees.log.checkMeta(ctx, m, role); err != nil {
		return Result{}, err
	}
	staff := joinOn(h.employees, employee.Stream(id))
	folio := joinOn(h.portfolios, employee.PortfolioStream(id))
	return h.employees.log.decideJointly(ctx, m, joint{
		role: role, subject: h.employees.subject, parts: []jointPart{folio, staff}, primary: staff,
		decide: func() error {
			recorded, err := decide(staff.State())
			if err != nil || len(recorded) == 0 {
				return err
			}
			events, undo, err := follow(folio.State(), recorded)
			if err != nil {
				return err
			}
			folio.RecordUndoable(events, undo...)
			staff.Record(recorded...)
			return nil
		},
	})
}

// freezeOnDeparture freezes employee id's portfolio when the decision
// started their departure.
func freezeOnDeparture(id string, at time.Time) portfolioFollows {
	return func(p employee.Portfolio, recorded []domain.Event) ([]domain.Event, []domain.Event, error) {
		for _, e := range recorded {
			if d, ok := e.(employee.DepartureInitiated); ok {
				reason := fmt.Sprintf("departure initiated (%s)", d.Type)
				return p.Freeze(id, reason, at), p.Unfreeze(id, "the departure's start was not recorded", at), nil
			}
		}
		return nil, nil, nil
	}
}

// closeOnDeparture closes employee id's portfolio as they depart; it
// refuses while the portfolio lists a customer (E-departure).
func closeOnDeparture(id string, at time.Time) portfolioFollows {
	return func(p employee.Portfolio, _ []domain.Event) ([]domain.Event, []domain.Event, error) {
		events, err := p.Close(id, at)
		return events, nil, err
	}
}
