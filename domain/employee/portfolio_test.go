package employee_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

var (
	assignedC1   = employee.CustomerAssigned{EmployeeID: "e-1", CustomerID: "c-1", AssignedAt: t1}
	handedOverC1 = employee.CustomerHandedOver{EmployeeID: "e-1", CustomerID: "c-1", ToEmployeeID: "e-2", HandedOverAt: t1}
	recordedC1   = employee.CustomersOwnedRecorded{EmployeeID: "e-1", CustomerIDs: []string{"c-1"}, RecordedAt: t1}
	frozen       = employee.PortfolioFrozen{EmployeeID: "e-1", Reason: "departure initiated", FrozenAt: t1}
	unfrozen     = employee.PortfolioUnfrozen{EmployeeID: "e-1", Reason: "departure not recorded", UnfrozenAt: t1}
	closed       = employee.PortfolioClosed{EmployeeID: "e-1", ClosedAt: t1}
)

type portfolioCase struct {
	name    string
	given   []domain.Event
	when    func(employee.Portfolio) ([]domain.Event, error)
	want    []domain.Event
	wantErr error
}

// runPortfolio folds each case's portfolio history, runs its decision and
// compares events and error kind.
func runPortfolio(t *testing.T, method string, tests []portfolioCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := domain.Fold(employee.Portfolio.Evolve, tt.given...)

			got, err := tt.when(p)

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("%s() error = %v, want %v", method, err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s() events mismatch (-want +got):\n%s", method, diff)
			}
		})
	}
}

func TestPortfolio_TakeCustomer(t *testing.T) {
	take := func(p employee.Portfolio) ([]domain.Event, error) { return p.TakeCustomer("e-1", "c-1", t1) }
	runPortfolio(t, "TakeCustomer", []portfolioCase{
		{name: "an open portfolio takes a customer", when: take, want: []domain.Event{assignedC1}},
		{name: "a customer already theirs is recorded again, so the append checks the stream", given: []domain.Event{assignedC1}, when: take, want: []domain.Event{assignedC1}},
		{name: "a portfolio frozen by a departure under way takes none (E-reassign-leaving)", given: []domain.Event{frozen}, when: take, wantErr: employee.ErrOwnerLeaving},
		{name: "a closed portfolio (its owner departed) takes none", given: []domain.Event{frozen, closed}, when: take, wantErr: employee.ErrOwnerLeaving},
		{name: "a portfolio closed without a freeze recorded takes none", given: []domain.Event{closed}, when: take, wantErr: employee.ErrOwnerLeaving},
		{name: "an unfrozen portfolio (a departure that failed to land) takes one again", given: []domain.Event{frozen, unfrozen}, when: take, want: []domain.Event{assignedC1}},
	})
}

func TestPortfolio_HandOverCustomer(t *testing.T) {
	handOver := func(p employee.Portfolio) ([]domain.Event, error) {
		return p.HandOverCustomer("e-1", "c-1", "e-2", t1), nil
	}
	runPortfolio(t, "HandOverCustomer", []portfolioCase{
		{name: "an owner hands a customer over", given: []domain.Event{assignedC1}, when: handOver, want: []domain.Event{handedOverC1}},
		{name: "a frozen portfolio hands customers over", given: []domain.Event{assignedC1, frozen}, when: handOver, want: []domain.Event{handedOverC1}},
		{name: "a customer the portfolio does not list is handed over all the same", when: handOver, want: []domain.Event{handedOverC1}},
	})
}

func TestPortfolio_RecordOwnedCustomers(t *testing.T) {
	record := func(ids ...string) func(employee.Portfolio) ([]domain.Event, error) {
		return func(p employee.Portfolio) ([]domain.Event, error) { return p.RecordOwnedCustomers("e-1", ids, t1), nil }
	}
	runPortfolio(t, "RecordOwnedCustomers", []portfolioCase{
		{name: "customers owned before the upgrade are recorded, sorted, once each", when: record("c-2", "c-1", "c-2"), want: []domain.Event{
			employee.CustomersOwnedRecorded{EmployeeID: "e-1", CustomerIDs: []string{"c-1", "c-2"}, RecordedAt: t1},
		}},
		{name: "customers already listed are left out", given: []domain.Event{assignedC1}, when: record("c-1", "c-2"), want: []domain.Event{
			employee.CustomersOwnedRecorded{EmployeeID: "e-1", CustomerIDs: []string{"c-2"}, RecordedAt: t1},
		}},
		{name: "nothing new records nothing", given: []domain.Event{recordedC1}, when: record("c-1")},
		{name: "a frozen portfolio records them too: its owner still owns them", given: []domain.Event{frozen}, when: record("c-1"), want: []domain.Event{recordedC1}},
	})
}

func TestPortfolio_Freeze(t *testing.T) {
	freeze := func(p employee.Portfolio) ([]domain.Event, error) {
		return p.Freeze("e-1", "departure initiated", t1), nil
	}
	runPortfolio(t, "Freeze", []portfolioCase{
		{name: "an open portfolio is frozen", when: freeze, want: []domain.Event{frozen}},
		{name: "a portfolio with customers is frozen, keeping them", given: []domain.Event{assignedC1}, when: freeze, want: []domain.Event{frozen}},
		{name: "a frozen portfolio records nothing more", given: []domain.Event{frozen}, when: freeze},
		{name: "an unfrozen portfolio is frozen again", given: []domain.Event{frozen, unfrozen}, when: freeze, want: []domain.Event{frozen}},
	})
}

func TestPortfolio_Close(t *testing.T) {
	closing := func(p employee.Portfolio) ([]domain.Event, error) { return p.Close("e-1", t1) }
	runPortfolio(t, "Close", []portfolioCase{
		{name: "a frozen portfolio with no customer closes", given: []domain.Event{frozen}, when: closing, want: []domain.Event{closed}},
		{name: "an owned customer refuses completion (E-departure)", given: []domain.Event{assignedC1, frozen}, when: closing, wantErr: employee.ErrCustomersOwned},
		{name: "a customer owned before the upgrade refuses completion", given: []domain.Event{recordedC1, frozen}, when: closing, wantErr: employee.ErrCustomersOwned},
		{name: "a customer handed over no longer refuses it", given: []domain.Event{assignedC1, frozen, handedOverC1}, when: closing, want: []domain.Event{closed}},
		{name: "a portfolio never written closes, so the append checks its stream", when: closing, want: []domain.Event{closed}},
	})
}

func TestPortfolio_OwnedCustomers(t *testing.T) {
	tests := []struct {
		name  string
		given []domain.Event
		want  int
	}{
		{name: "no customer at first", want: 0},
		{name: "assigned and recorded customers count once each", given: []domain.Event{assignedC1, recordedC1, employee.CustomerAssigned{EmployeeID: "e-1", CustomerID: "c-2"}}, want: 2},
		{name: "a handed-over customer no longer counts", given: []domain.Event{assignedC1, handedOverC1}, want: 0},
		{name: "freezing keeps the customers", given: []domain.Event{assignedC1, frozen}, want: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := domain.Fold(employee.Portfolio.Evolve, tt.given...)

			if got := p.OwnedCustomers(); got != tt.want {
				t.Errorf("OwnedCustomers() = %d, want %d", got, tt.want)
			}
		})
	}
}

// The employee aggregate ignores the portfolio events an earlier version
// recorded on employee streams: its state is the same with or without them.
func TestEmployee_Evolve_ignoresPortfolioEvents(t *testing.T) {
	without := domain.Fold(employee.Employee.Evolve, given(atWork, resigning)...)
	with := domain.Fold(employee.Employee.Evolve, given(atWork, assignedC1, recordedC1, handedOverC1, frozen, resigning, closed)...)

	if without.Status != with.Status || without.ID != with.ID || without.Role != with.Role {
		t.Errorf("with portfolio events = %+v, want %+v", with, without)
	}
}
