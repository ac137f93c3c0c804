package employee

import (
	"fmt"
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Portfolio is an employee's customer portfolio: the customers they own
// and whether they are closed to new ones (rules E-departure and
// E-reassign-leaving in docs/RULES.md). It is an aggregate of its own, on
// its own stream (PortfolioStream), rather than part of Employee: a
// registration appends to its owner's portfolio, and on the employee's
// stream it would bump the employee's row in the read model, conflict with
// the rep's check-ins and grow the employee state every employee command
// loads. It lives in this package because its rules are the employee's
// (E11's "customers reassigned") and its refusals are this package's
// errors; it shares nothing else with Employee.
//
// Every change of a customer's owner appends to the portfolios of both
// owners in the same atomic append as the customer's file; the start of a
// departure freezes the portfolio, and its completion closes it, each in
// the same atomic append as the employee's event. So a registration or
// reassignment to an employee racing their departure touches one stream
// with it: one conflicts, decides again on the other's outcome, and never
// do both succeed.
type Portfolio struct {
	// Frozen is set once the owner's departure is under way or done: the
	// portfolio takes no new customer.
	Frozen    bool
	customers map[string]bool
}

// PortfolioStream returns the stream name of employee id's portfolio.
func PortfolioStream(id string) string { return "customerportfolio-" + id }

// Evolve returns the state after ev. It updates the customer set in
// place: a state must not be reused after it was evolved.
func (p Portfolio) Evolve(ev domain.Event) Portfolio {
	if p.customers == nil {
		p.customers = map[string]bool{}
	}
	switch e := ev.(type) {
	case CustomerAssigned:
		p.customers[e.CustomerID] = true
	case CustomerHandedOver:
		delete(p.customers, e.CustomerID)
	case CustomersOwnedRecorded:
		for _, c := range e.CustomerIDs {
			p.customers[c] = true
		}
	case PortfolioFrozen, PortfolioClosed:
		p.Frozen = true
	case PortfolioUnfrozen:
		p.Frozen = false
	}
	return p
}

// TakeCustomer makes employee employeeID (this portfolio's owner) the
// owner of customerID. A frozen portfolio takes none
// (E-reassign-leaving). An employee the log does not know (no stream, as
// for reps registered before employees were kept here) may take one. The
// event is recorded even when the customer is already theirs: it is what
// makes the joint append check this stream's version.
func (p Portfolio) TakeCustomer(employeeID, customerID string, at time.Time) ([]domain.Event, error) {
	if p.Frozen {
		return nil, ErrOwnerLeaving
	}
	return []domain.Event{CustomerAssigned{EmployeeID: employeeID, CustomerID: customerID, AssignedAt: at}}, nil
}

// HandOverCustomer records that customerID goes from employeeID (this
// portfolio's owner) to toEmployeeID. A frozen portfolio hands customers
// over: that is how its owner's departure becomes possible. It is recorded
// even for a customer the portfolio does not list (owned before the
// upgrade), so the upgrade, which checks this stream's version, cannot
// record it after.
func (Portfolio) HandOverCustomer(employeeID, customerID, toEmployeeID string, at time.Time) []domain.Event {
	return []domain.Event{CustomerHandedOver{EmployeeID: employeeID, CustomerID: customerID, ToEmployeeID: toEmployeeID, HandedOverAt: at}}
}

// RecordOwnedCustomers records the customers the employee owned before
// portfolios were kept, leaving out those it already lists; nothing when
// none is new.
func (p Portfolio) RecordOwnedCustomers(employeeID string, customerIDs []string, at time.Time) []domain.Event {
	var fresh []string
	for _, c := range customerIDs {
		if !p.OwnsCustomer(c) && !slices.Contains(fresh, c) {
			fresh = append(fresh, c)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	slices.Sort(fresh)
	return []domain.Event{CustomersOwnedRecorded{EmployeeID: employeeID, CustomerIDs: fresh, RecordedAt: at}}
}

// Freeze closes the portfolio to new customers because its owner's
// departure is under way (reason says how); nothing when it is already
// frozen.
func (p Portfolio) Freeze(employeeID, reason string, at time.Time) []domain.Event {
	if p.Frozen {
		return nil
	}
	return []domain.Event{PortfolioFrozen{EmployeeID: employeeID, Reason: reason, FrozenAt: at}}
}

// Unfreeze undoes Freeze (see PortfolioUnfrozen).
func (Portfolio) Unfreeze(employeeID, reason string, at time.Time) []domain.Event {
	return []domain.Event{PortfolioUnfrozen{EmployeeID: employeeID, Reason: reason, UnfrozenAt: at}}
}

// Close records that the owner departs. It is refused while the portfolio
// lists a customer (E-departure, E11). It is recorded whatever the
// portfolio's state, so that the departure's joint append checks this
// stream's version.
func (p Portfolio) Close(employeeID string, at time.Time) ([]domain.Event, error) {
	if n := p.OwnedCustomers(); n > 0 {
		return nil, fmt.Errorf("%w: %d still owned", ErrCustomersOwned, n)
	}
	return []domain.Event{PortfolioClosed{EmployeeID: employeeID, ClosedAt: at}}, nil
}

// OwnsCustomer reports whether the portfolio lists customerID.
func (p Portfolio) OwnsCustomer(customerID string) bool { return p.customers[customerID] }

// OwnedCustomers is how many customers the portfolio lists, abandoned ones
// included: an abandoned file keeps its owner and may be reactivated, so
// it is handed over like any other.
func (p Portfolio) OwnedCustomers() int { return len(p.customers) }
