package commands_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
)

// portfolio returns the stored event types of employee id's portfolio.
func (w *employeeWorld) portfolio(id string) []string {
	w.t.Helper()
	recs, err := w.store.ReadStream(context.Background(), employee.PortfolioStream(id), eventstore.ReadStreamOptions{})
	if err != nil {
		w.t.Fatalf("ReadStream() error = %v", err)
	}
	var out []string
	for _, r := range recs {
		out = append(out, r.Type)
	}
	return out
}

// portfolioEvents returns the decoded events of stream.
func (w *employeeWorld) decoded(stream string) []domain.Event {
	w.t.Helper()
	recs, err := w.store.ReadStream(context.Background(), stream, eventstore.ReadStreamOptions{})
	if err != nil {
		w.t.Fatalf("ReadStream() error = %v", err)
	}
	var out []domain.Event
	for _, r := range recs {
		e, err := commands.Codec().DecodeRecorded(r)
		if err != nil {
			w.t.Fatalf("DecodeRecorded() error = %v", err)
		}
		out = append(out, e)
	}
	return out
}

// seed appends events to stream directly, as an earlier version wrote them.
func (w *employeeWorld) seed(stream string, events ...domain.Event) {
	w.t.Helper()
	for i, e := range events {
		data, err := commands.Codec().Encode(fmt.Sprintf("%s-seed-%d", stream, i), e, eventstore.Metadata{ActorID: "seed"})
		if err != nil {
			w.t.Fatalf("Encode(%T) error = %v", e, err)
		}
		if _, err := w.store.Append(context.Background(), stream, eventstore.Any, data); err != nil {
			w.t.Fatalf("Append(%s) error = %v", stream, err)
		}
	}
}

func TestRegisterTargetCustomer_recordsOnTheOwnersPortfolioOnly(t *testing.T) {
	w := newEmployeeWorld(t).regular()
	before := w.types()

	if err := w.registerCustomer("c-1"); err != nil {
		t.Fatalf("RegisterTargetCustomer() error = %v", err)
	}

	if diff := cmp.Diff(before, w.types()); diff != "" {
		t.Errorf("the registration wrote on e-1's own stream (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"employee.customer_assigned"}, w.portfolio("e-1")); diff != "" {
		t.Errorf("e-1's portfolio mismatch (-want +got):\n%s", diff)
	}
}

func TestReassignCustomer_recordsOnBothPortfolios(t *testing.T) {
	ctx := context.Background()
	w := newEmployeeWorld(t).regular()
	if err := w.registerCustomer("c-1"); err != nil {
		t.Fatalf("RegisterTargetCustomer() error = %v", err)
	}
	before := w.types()

	w.ok(w.h.Customers.ReassignCustomer(ctx, salesHead, commands.ReassignCustomer{CustomerID: "c-1", ToRepID: "e-2"}))

	if diff := cmp.Diff([]string{"employee.customer_assigned", "employee.customer_handed_over"}, w.portfolio("e-1")); diff != "" {
		t.Errorf("the previous owner's portfolio mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"employee.customer_assigned"}, w.portfolio("e-2")); diff != "" {
		t.Errorf("the new owner's portfolio mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(before, w.types()); diff != "" {
		t.Errorf("the reassignment wrote on e-1's own stream (-before +after):\n%s", diff)
	}
}

// Every way a departure starts freezes the portfolio in the same append,
// and a frozen portfolio takes no customer (E-reassign-leaving).
func TestDepartureStart_freezesThePortfolio(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		given func(*employeeWorld) *employeeWorld
		start func(*employeeWorld) (commands.Result, error)
	}{
		{name: "a resignation", given: (*employeeWorld).regular, start: func(w *employeeWorld) (commands.Result, error) {
			return w.h.Employees.InitiateDeparture(ctx, employeeRep, commands.InitiateDeparture{EmployeeID: "e-1", Type: employee.DepartureResign, Reason: "moving"})
		}},
		{name: "a dismissal", given: (*employeeWorld).regular, start: func(w *employeeWorld) (commands.Result, error) {
			return w.h.Employees.InitiateDeparture(ctx, employeeHR, commands.InitiateDeparture{EmployeeID: "e-1", Type: employee.DepartureDismiss, Reason: "restructuring"})
		}},
		{name: "a summary dismissal", given: (*employeeWorld).regular, start: func(w *employeeWorld) (commands.Result, error) {
			return w.h.Employees.SummarilyDismiss(ctx, employeeHR, commands.SummarilyDismiss{EmployeeID: "e-1", Violation: employee.ViolationPartTimeJob, Reason: "second job"})
		}},
		{name: "a failed probation", given: (*employeeWorld).onProbation, start: func(w *employeeWorld) (commands.Result, error) {
			return w.h.Employees.FailProbation(ctx, employeeGM, commands.FailProbation{EmployeeID: "e-1", Assessment: employeeAssess})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.given(newEmployeeWorld(t))

			res, err := tt.start(w)

			if err != nil {
				t.Fatalf("starting the departure: %v", err)
			}
			if res.Stream != employee.Stream("e-1") || res.Version != uint64(len(w.types())) {
				t.Errorf("result = %+v, want e-1's stream at its new version %d", res, len(w.types()))
			}
			if diff := cmp.Diff([]string{"employee.portfolio_frozen"}, w.portfolio("e-1")); diff != "" {
				t.Errorf("e-1's portfolio mismatch (-want +got):\n%s", diff)
			}
			if err := w.registerCustomer("c-9"); !errors.Is(err, employee.ErrOwnerLeaving) {
				t.Errorf("RegisterTargetCustomer() error = %v, want employee.ErrOwnerLeaving", err)
			}
		})
	}
	t.Run("a refused start freezes nothing", func(t *testing.T) {
		w := newEmployeeWorld(t).onProbation()

		_, err := w.h.Employees.InitiateDeparture(ctx, employeeRep, commands.InitiateDeparture{EmployeeID: "e-1", Type: employee.DepartureResign, Reason: " "})

		if !errors.Is(err, employee.ErrMissingField) {
			t.Fatalf("InitiateDeparture() error = %v, want employee.ErrMissingField", err)
		}
		if got := w.portfolio("e-1"); len(got) != 0 {
			t.Errorf("e-1's portfolio = %v, want nothing", got)
		}
	})
	t.Run("starting the same departure again records nothing", func(t *testing.T) {
		w := newEmployeeWorld(t).regular()
		resign := commands.InitiateDeparture{EmployeeID: "e-1", Type: employee.DepartureResign, Reason: "moving"}
		w.ok(w.h.Employees.InitiateDeparture(ctx, employeeRep, resign))
		before := w.types()

		w.ok(w.h.Employees.InitiateDeparture(ctx, employeeRep, resign))

		if diff := cmp.Diff(before, w.types()); diff != "" {
			t.Errorf("e-1's stream changed (-before +after):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"employee.portfolio_frozen"}, w.portfolio("e-1")); diff != "" {
			t.Errorf("e-1's portfolio mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestCompleteDeparture_closesThePortfolio(t *testing.T) {
	w := newEmployeeWorld(t).leaving()

	w.ok(w.h.Employees.CompleteDeparture(context.Background(), employeeHR, commands.CompleteDeparture{EmployeeID: "e-1"}))

	if diff := cmp.Diff([]string{"employee.portfolio_frozen", "employee.portfolio_closed"}, w.portfolio("e-1")); diff != "" {
		t.Errorf("e-1's portfolio mismatch (-want +got):\n%s", diff)
	}
}

// leaverEvents are an employee's events through a resignation with files
// archived and pay settled.
func leaverEvents(id string) []domain.Event {
	return []domain.Event{
		employee.QualificationChecked{EmployeeID: id, CandidateName: "Li Lei", Passed: true},
		employee.Hired{EmployeeID: id, Name: "Li Lei", Role: domain.RoleSalesRep, OrgUnitID: "sales", ProbationMonths: 3},
		employee.DocumentsFiled{EmployeeID: id, Documents: []string{"ID"}},
		employee.PreJobTrainingCompleted{EmployeeID: id, Passed: true},
		employee.StartedWork{EmployeeID: id},
		employee.ConfirmedRegular{EmployeeID: id},
		employee.DepartureInitiated{EmployeeID: id, Type: employee.DepartureResign, Reason: "moving"},
		employee.FilesArchived{EmployeeID: id, Items: []string{"files"}},
		employee.FinalPaySettled{EmployeeID: id, Amount: domain.Yuan(1)},
	}
}

// Given a log written before portfolios were kept, with the ownership
// events the superseded version recorded on employee streams and its
// marker, when the portfolio upgrade runs, then each owner's portfolio
// lists the customers their files name, each leaver's is frozen, the
// marker is recorded once, and from then on the portfolios decide.
func TestUpgradeCustomerOwnership_buildsPortfoliosFromTheLog(t *testing.T) {
	ctx := context.Background()
	w := newEmployeeWorldBeforeUpgrade(t)
	w.seed(customer.Stream("c-1"), customer.Registered{CustomerID: "c-1", Number: "N-C-1", OwnerRepID: "e-1", OrgUnitID: "sales"})
	w.seed(customer.Stream("c-2"), customer.Registered{CustomerID: "c-2", Number: "N-C-2", OwnerRepID: "e-1", OrgUnitID: "sales"},
		customer.Reassigned{CustomerID: "c-2", FromRepID: "e-1", ToRepID: "e-2"})
	w.seed(customer.Stream("c-3"), customer.Registered{CustomerID: "c-3", Number: "N-C-3", OrgUnitID: "sales"})
	w.seed(employee.Stream("e-1"), append(leaverEvents("e-1"),
		employee.CustomerAssigned{EmployeeID: "e-1", CustomerID: "c-1"},
		employee.CustomerAssigned{EmployeeID: "e-1", CustomerID: "c-2"},
		employee.CustomerHandedOver{EmployeeID: "e-1", CustomerID: "c-2", ToEmployeeID: "e-2"})...)
	w.seed("upgrade-employeecustomers", employee.OwnershipUpgraded{Customers: 2, Owners: 1})
	w.seed(employee.Stream("e-3"), leaverEvents("e-3")[:6]...)
	w.seed(employee.Stream("e-4"), leaverEvents("e-4")...)

	if err := w.h.UpgradeCustomerOwnership(ctx); err != nil {
		t.Fatalf("UpgradeCustomerOwnership() error = %v", err)
	}

	want := map[string][]domain.Event{
		"e-1": {
			employee.CustomersOwnedRecorded{EmployeeID: "e-1", CustomerIDs: []string{"c-1"}, RecordedAt: employeeT0},
			employee.PortfolioFrozen{EmployeeID: "e-1", Reason: "LEAVING before the portfolio upgrade", FrozenAt: employeeT0},
		},
		"e-2": {employee.CustomersOwnedRecorded{EmployeeID: "e-2", CustomerIDs: []string{"c-2"}, RecordedAt: employeeT0}},
		"e-3": nil,
		"e-4": {employee.PortfolioFrozen{EmployeeID: "e-4", Reason: "LEAVING before the portfolio upgrade", FrozenAt: employeeT0}},
	}
	for id, events := range want {
		if diff := cmp.Diff(events, w.decoded(employee.PortfolioStream(id))); diff != "" {
			t.Errorf("%s's portfolio mismatch (-want +got):\n%s", id, diff)
		}
	}
	marker := []domain.Event{employee.PortfoliosUpgraded{Customers: 3, Owners: 2, Frozen: 2, UpgradedAt: employeeT0}}
	if diff := cmp.Diff(marker, w.decoded(employee.PortfolioUpgradeStream)); diff != "" {
		t.Errorf("upgrade marker mismatch (-want +got):\n%s", diff)
	}

	t.Run("a second run records nothing", func(t *testing.T) {
		if err := w.h.UpgradeCustomerOwnership(ctx); err != nil {
			t.Fatalf("UpgradeCustomerOwnership() error = %v", err)
		}
		if got := len(w.decoded(employee.PortfolioStream("e-1"))) + len(w.decoded(employee.PortfolioUpgradeStream)); got != 3 {
			t.Errorf("after a second run e-1's portfolio and the marker hold %d events, want 3", got)
		}
	})
	t.Run("the portfolios decide from then on", func(t *testing.T) {
		complete := commands.CompleteDeparture{EmployeeID: "e-1"}
		if _, err := w.h.Employees.CompleteDeparture(ctx, employeeHR, complete); !errors.Is(err, employee.ErrCustomersOwned) {
			t.Fatalf("CompleteDeparture() error = %v, want employee.ErrCustomersOwned", err)
		}
		toLeaver := commands.ReassignCustomer{CustomerID: "c-1", ToRepID: "e-4"}
		if _, err := w.h.Customers.ReassignCustomer(ctx, salesHead, toLeaver); !errors.Is(err, employee.ErrOwnerLeaving) {
			t.Fatalf("ReassignCustomer() to a leaver error = %v, want employee.ErrOwnerLeaving", err)
		}
		w.ok(w.h.Customers.ReassignCustomer(ctx, salesHead, commands.ReassignCustomer{CustomerID: "c-1", ToRepID: "e-3"}))
		w.ok(w.h.Employees.CompleteDeparture(ctx, employeeHR, complete))
	})
}
