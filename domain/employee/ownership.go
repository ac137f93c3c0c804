package employee

import (
	"time"

	"github.com/opsledger/opsledger/domain"
)

// The events of an employee's customer portfolio (see portfolio.go). They
// are recorded on the portfolio's stream (PortfolioStream), never on the
// employee's. CustomerAssigned, CustomerHandedOver, CustomersOwnedRecorded
// and OwnershipUpgraded were, for a while before the portfolio existed
// (never in production), recorded on employee streams: such records stay
// decodable, the Employee aggregate ignores them, and the portfolio upgrade
// (commands.UpgradeCustomerOwnership) derives the portfolios from the
// customer files those records mirrored.

// CustomerAssigned is recorded on an employee's portfolio when a customer
// is registered with them as owning rep or reassigned to them.
type CustomerAssigned struct {
	EmployeeID string    `json:"employee_id"`
	CustomerID string    `json:"customer_id"`
	AssignedAt time.Time `json:"assigned_at"`
}

// CustomerHandedOver is recorded on an employee's portfolio when a
// customer they own is reassigned to someone else (ToEmployeeID), or, with
// no ToEmployeeID, when a registration that recorded it failed on a store
// without an atomic multi-stream append.
type CustomerHandedOver struct {
	EmployeeID   string    `json:"employee_id"`
	CustomerID   string    `json:"customer_id"`
	ToEmployeeID string    `json:"to_employee_id"`
	HandedOverAt time.Time `json:"handed_over_at"`
}

// CustomersOwnedRecorded is recorded once by the portfolio upgrade: the
// customers the employee owned by the customer events written before
// portfolios were kept.
type CustomersOwnedRecorded struct {
	EmployeeID  string    `json:"employee_id"`
	CustomerIDs []string  `json:"customer_ids"`
	RecordedAt  time.Time `json:"recorded_at"`
}

// PortfolioFrozen closes an employee's portfolio to new customers: it is
// recorded in the same atomic append as the start of their departure (or
// by the upgrade, for an employee already leaving or gone), so a
// registration or reassignment to them racing it conflicts and, decided
// again, is refused (E-reassign-leaving).
type PortfolioFrozen struct {
	EmployeeID string    `json:"employee_id"`
	Reason     string    `json:"reason"`
	FrozenAt   time.Time `json:"frozen_at"`
}

// PortfolioUnfrozen reopens a portfolio. It is recorded only to undo a
// PortfolioFrozen whose departure failed to land on a store without an
// atomic multi-stream append: no command cancels a departure.
type PortfolioUnfrozen struct {
	EmployeeID string    `json:"employee_id"`
	Reason     string    `json:"reason"`
	UnfrozenAt time.Time `json:"unfrozen_at"`
}

// PortfolioClosed is recorded in the same atomic append as the owner's
// Departed, once the portfolio lists no customer (E-departure): a
// reassignment to them racing the completion conflicts with it.
type PortfolioClosed struct {
	EmployeeID string    `json:"employee_id"`
	ClosedAt   time.Time `json:"closed_at"`
}

// PortfolioUpgradeStream holds the one PortfoliosUpgraded event. Its name
// starts with neither Stream("") nor PortfolioStream("") so that nothing
// takes it for an employee or a portfolio.
const PortfolioUpgradeStream = "upgrade-customerportfolios"

// PortfoliosUpgraded is recorded once, after every employee who owned
// customers by the customer events written before portfolios were kept
// has them recorded on their portfolio, and every employee then leaving or
// gone has their portfolio frozen: from then on a portfolio is the whole
// truth of what its owner owns.
type PortfoliosUpgraded struct {
	Customers  int       `json:"customers"`
	Owners     int       `json:"owners"`
	Frozen     int       `json:"frozen"`
	UpgradedAt time.Time `json:"upgraded_at"`
}

// OwnershipUpgraded is the marker of the superseded upgrade that recorded
// ownership on employee streams (stream "upgrade-employeecustomers"). It
// is kept decodable only; nothing waits for it any more.
type OwnershipUpgraded struct {
	Customers  int       `json:"customers"`
	Owners     int       `json:"owners"`
	UpgradedAt time.Time `json:"upgraded_at"`
}

func (CustomerAssigned) EventType() string       { return "employee.customer_assigned" }
func (CustomerHandedOver) EventType() string     { return "employee.customer_handed_over" }
func (CustomersOwnedRecorded) EventType() string { return "employee.customers_owned_recorded" }
func (PortfolioFrozen) EventType() string        { return "employee.portfolio_frozen" }
func (PortfolioUnfrozen) EventType() string      { return "employee.portfolio_unfrozen" }
func (PortfolioClosed) EventType() string        { return "employee.portfolio_closed" }
func (PortfoliosUpgraded) EventType() string     { return "employee.portfolios_upgraded" }
func (OwnershipUpgraded) EventType() string      { return "employee.ownership_upgraded" }

// PortfolioEvents lists every event of a portfolio stream and the upgrade
// markers, for the codec registry.
func PortfolioEvents() []domain.Event {
	return []domain.Event{
		CustomerAssigned{}, CustomerHandedOver{}, CustomersOwnedRecorded{},
		PortfolioFrozen{}, PortfolioUnfrozen{}, PortfolioClosed{}, PortfoliosUpgraded{}, OwnershipUpgraded{},
		HandoverTasksOpened{},
	}
}
