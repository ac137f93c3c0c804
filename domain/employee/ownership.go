package employee

import (
	"slices"
	"time"

	"github.com/opsledger/opsledger/domain"
)

// Ownership of customers is a fact of the employee's own stream (rules
// E-departure and E-reassign-leaving in docs/RULES.md): each customer an
// employee takes is recorded here in the same atomic append as the
// customer's registration or reassignment, and each they hand over in the
// same append as the reassignment away. So a departure decides on its own
// stream, with no read model on the decision path, and a reassignment to
// an employee and that employee's departure, racing, touch one stream:
// one of them conflicts, decides again on the other's outcome, and never
// do both succeed.

// CustomerAssigned is recorded on an employee's stream when a customer is
// registered with them as owning rep or reassigned to them.
type CustomerAssigned struct {
	EmployeeID string    `json:"employee_id"`
	CustomerID string    `json:"customer_id"`
	AssignedAt time.Time `json:"assigned_at"`
}

// CustomerHandedOver is recorded on an employee's stream when a customer
// they own is reassigned to someone else.
type CustomerHandedOver struct {
	EmployeeID   string    `json:"employee_id"`
	CustomerID   string    `json:"customer_id"`
	ToEmployeeID string    `json:"to_employee_id"`
	HandedOverAt time.Time `json:"handed_over_at"`
}

// CustomersOwnedRecorded is recorded once by the upgrade that moved
// ownership onto employee streams: the customers the employee owned by
// the customer events written before it (see commands.UpgradeCustomerOwnership).
type CustomersOwnedRecorded struct {
	EmployeeID  string    `json:"employee_id"`
	CustomerIDs []string  `json:"customer_ids"`
	RecordedAt  time.Time `json:"recorded_at"`
}

// OwnershipUpgradeStream holds the one OwnershipUpgraded event. Its name
// does not start with Stream("") so that nothing takes it for an employee.
const OwnershipUpgradeStream = "upgrade-employeecustomers"

// OwnershipUpgraded is recorded once, after every employee who owned
// customers by the customer events written before ownership moved onto
// employee streams has those customers recorded (CustomersOwnedRecorded):
// from then on an employee's stream is the whole truth of what they own.
type OwnershipUpgraded struct {
	Customers  int       `json:"customers"`
	Owners     int       `json:"owners"`
	UpgradedAt time.Time `json:"upgraded_at"`
}

func (OwnershipUpgraded) EventType() string      { return "employee.ownership_upgraded" }
func (CustomerAssigned) EventType() string       { return "employee.customer_assigned" }
func (CustomerHandedOver) EventType() string     { return "employee.customer_handed_over" }
func (CustomersOwnedRecorded) EventType() string { return "employee.customers_owned_recorded" }

func ownershipEvents() []domain.Event {
	return []domain.Event{CustomerAssigned{}, CustomerHandedOver{}, CustomersOwnedRecorded{}, OwnershipUpgraded{}}
}

// TakeCustomer makes employee employeeID (this stream's) the owner of
// customerID. An employee
// whose departure is under way or done takes no customer
// (E-reassign-leaving). An employee the log does not know (no stream, as
// for reps registered before employees were kept here) may take one. The
// event is recorded even when the customer is already theirs: it is what
// makes the joint append check this stream's version.
func (s Employee) TakeCustomer(employeeID, customerID string, at time.Time) ([]domain.Event, error) {
	if s.Status == StatusLeaving || s.Status == StatusDeparted {
		return nil, ErrOwnerLeaving
	}
	return []domain.Event{CustomerAssigned{EmployeeID: employeeID, CustomerID: customerID, AssignedAt: at}}, nil
}

// HandOverCustomer records that customerID goes from employee employeeID
// (this stream's) to
// toEmployeeID. A leaving or departed employee hands customers over: that
// is how their departure becomes possible. It is recorded even for a
// customer the stream does not list (owned before the upgrade), so the
// upgrade, which checks this stream's version, cannot record it after.
func (Employee) HandOverCustomer(employeeID, customerID, toEmployeeID string, at time.Time) []domain.Event {
	return []domain.Event{CustomerHandedOver{EmployeeID: employeeID, CustomerID: customerID, ToEmployeeID: toEmployeeID, HandedOverAt: at}}
}

// RecordOwnedCustomers records the customers the employee owned before
// ownership was kept on this stream, leaving out those it already lists;
// nothing when none is new.
func (s Employee) RecordOwnedCustomers(employeeID string, customerIDs []string, at time.Time) []domain.Event {
	var fresh []string
	for _, c := range customerIDs {
		if !s.OwnsCustomer(c) && !slices.Contains(fresh, c) {
			fresh = append(fresh, c)
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	slices.Sort(fresh)
	return []domain.Event{CustomersOwnedRecorded{EmployeeID: employeeID, CustomerIDs: fresh, RecordedAt: at}}
}

// OwnsCustomer reports whether the stream lists customerID as the
// employee's.
func (s Employee) OwnsCustomer(customerID string) bool {
	return s.history != nil && s.customers[customerID]
}

// OwnedCustomers is how many customers the stream lists as the
// employee's, abandoned ones included: an abandoned file keeps its owner
// and may be reactivated, so it is handed over like any other.
func (s Employee) OwnedCustomers() int {
	if s.history == nil {
		return 0
	}
	return len(s.customers)
}

func (s Employee) evolveOwnership(ev domain.Event) Employee {
	switch e := ev.(type) {
	case CustomerAssigned:
		s.customers[e.CustomerID] = true
	case CustomerHandedOver:
		delete(s.customers, e.CustomerID)
	case CustomersOwnedRecorded:
		for _, c := range e.CustomerIDs {
			s.customers[c] = true
		}
	}
	return s
}
