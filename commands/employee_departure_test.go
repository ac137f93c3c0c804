package commands_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
	"github.com/opsledger/opsledger/eventstore"
)

// leaving drives regular employee e-1 through a resignation with files
// archived and pay settled.
func (w *employeeWorld) leaving() *employeeWorld {
	ctx := context.Background()
	w.regular()
	w.ok(w.h.Employees.InitiateDeparture(ctx, employeeRep, commands.InitiateDeparture{EmployeeID: "e-1", Type: employee.DepartureResign, Reason: "moving"}))
	w.ok(w.h.Employees.ArchiveEmployeeFiles(ctx, employeeAdmin, commands.ArchiveEmployeeFiles{EmployeeID: "e-1", Items: []string{"customer files"}}))
	w.ok(w.h.Employees.SettleFinalPay(ctx, employeeFinance, commands.SettleFinalPay{EmployeeID: "e-1", Amount: domain.Yuan(3000)}))
	return w
}

// salesHead heads org unit "sales", where e-1 works and its customers are
// filed.
var salesHead = commands.Meta{Actor: domain.Actor{EmployeeID: "dh-1", Roles: []domain.Role{domain.RoleDeptHead}, OrgUnitID: "sales"}, Reason: "handover"}

// registerCustomer registers customer id as e-1's, by e-1.
func (w *employeeWorld) registerCustomer(id string) error {
	_, err := w.h.Customers.RegisterTargetCustomer(context.Background(), employeeRep, commands.RegisterTargetCustomer{
		CustomerID: id, Number: "N-" + strings.ToUpper(id), Name: "Jinling Valves", Address: "1 Xinjiekou", PrimaryContact: "Mr Wang",
		Phone: "025-1234567", Source: customer.SourceOnSite, OrgUnitID: "sales", Region: "east",
	})
	return err
}

// departing is leaving for e-1 after registering customer c-1 as theirs.
func (w *employeeWorld) departingWithCustomer() *employeeWorld {
	w.regular()
	if err := w.registerCustomer("c-1"); err != nil {
		w.t.Fatalf("RegisterTargetCustomer() error = %v", err)
	}
	ctx := context.Background()
	w.ok(w.h.Employees.InitiateDeparture(ctx, employeeRep, commands.InitiateDeparture{EmployeeID: "e-1", Type: employee.DepartureResign, Reason: "moving"}))
	w.ok(w.h.Employees.ArchiveEmployeeFiles(ctx, employeeAdmin, commands.ArchiveEmployeeFiles{EmployeeID: "e-1", Items: []string{"customer files"}}))
	w.ok(w.h.Employees.SettleFinalPay(ctx, employeeFinance, commands.SettleFinalPay{EmployeeID: "e-1", Amount: domain.Yuan(3000)}))
	return w
}

func TestCompleteDeparture(t *testing.T) {
	ctx := context.Background()
	complete := commands.CompleteDeparture{EmployeeID: "e-1"}

	t.Run("a departure with an owned customer is refused", func(t *testing.T) {
		w := newEmployeeWorld(t).departingWithCustomer()

		_, err := w.h.Employees.CompleteDeparture(ctx, employeeHR, complete)

		if !errors.Is(err, employee.ErrCustomersOwned) {
			t.Fatalf("CompleteDeparture() error = %v, want employee.ErrCustomersOwned", err)
		}
		if got := w.types(); got[len(got)-1] == "employee.departed" {
			t.Errorf("employee departed with a customer still owned")
		}
	})
	t.Run("once the customer is reassigned the departure completes at once", func(t *testing.T) {
		w := newEmployeeWorld(t).departingWithCustomer()
		w.ok(w.h.Customers.ReassignCustomer(ctx, salesHead, commands.ReassignCustomer{CustomerID: "c-1", ToRepID: "e-2"}))

		w.ok(w.h.Employees.CompleteDeparture(ctx, employeeHR, complete))

		got := w.types()
		if diff := cmp.Diff("employee.departed", got[len(got)-1]); diff != "" {
			t.Errorf("last event mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("without customers the departure completes", func(t *testing.T) {
		w := newEmployeeWorld(t).leaving()

		w.ok(w.h.Employees.CompleteDeparture(ctx, employeeHR, complete))

		got := w.types()
		if diff := cmp.Diff("employee.departed", got[len(got)-1]); diff != "" {
			t.Errorf("last event mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("before the ownership upgrade is recorded the departure fails, never passes silently", func(t *testing.T) {
		w := newEmployeeWorldBeforeUpgrade(t).leaving()

		_, err := w.h.Employees.CompleteDeparture(ctx, employeeHR, complete)

		if !errors.Is(err, commands.ErrOwnershipUnavailable) || !errors.Is(err, domain.ErrUnavailable) {
			t.Fatalf("CompleteDeparture() error = %v, want commands.ErrOwnershipUnavailable (unavailable)", err)
		}
	})
	t.Run("files not archived refuse completion (E11)", func(t *testing.T) {
		w := newEmployeeWorld(t).regular()
		w.ok(w.h.Employees.InitiateDeparture(ctx, employeeRep, commands.InitiateDeparture{EmployeeID: "e-1", Type: employee.DepartureResign, Reason: "moving"}))

		_, err := w.h.Employees.CompleteDeparture(ctx, employeeHR, complete)

		if !errors.Is(err, employee.ErrFilesNotArchived) {
			t.Fatalf("CompleteDeparture() error = %v, want employee.ErrFilesNotArchived", err)
		}
	})
}

func TestReassignCustomer_toALeavingEmployee(t *testing.T) {
	ctx := context.Background()
	t.Run("a customer is not reassigned to an employee whose departure is under way", func(t *testing.T) {
		w := newEmployeeWorld(t).regular()
		if err := w.registerCustomer("c-1"); err != nil {
			t.Fatalf("RegisterTargetCustomer() error = %v", err)
		}
		w.ok(w.h.Customers.ReassignCustomer(ctx, salesHead, commands.ReassignCustomer{CustomerID: "c-1", ToRepID: "e-2"}))
		w.ok(w.h.Employees.InitiateDeparture(ctx, employeeRep, commands.InitiateDeparture{EmployeeID: "e-1", Type: employee.DepartureResign, Reason: "moving"}))
		before := w.types()

		_, err := w.h.Customers.ReassignCustomer(ctx, salesHead, commands.ReassignCustomer{CustomerID: "c-1", ToRepID: "e-1"})

		if !errors.Is(err, employee.ErrOwnerLeaving) {
			t.Fatalf("ReassignCustomer() error = %v, want employee.ErrOwnerLeaving", err)
		}
		if diff := cmp.Diff(before, w.types()); diff != "" {
			t.Errorf("e-1's stream changed (-before +after):\n%s", diff)
		}
		if got := w.portfolio("e-1"); got[len(got)-1] != "employee.portfolio_frozen" {
			t.Errorf("e-1's portfolio = %v, want nothing after its freeze", got)
		}
	})
	t.Run("a departed employee is given no customer at registration", func(t *testing.T) {
		w := newEmployeeWorld(t).leaving()
		w.ok(w.h.Employees.CompleteDeparture(ctx, employeeHR, commands.CompleteDeparture{EmployeeID: "e-1"}))

		err := w.registerCustomer("c-9")

		if !errors.Is(err, employee.ErrOwnerLeaving) {
			t.Fatalf("RegisterTargetCustomer() error = %v, want employee.ErrOwnerLeaving", err)
		}
		recs, _ := w.store.ReadStream(ctx, customer.NumberStream("N-C-9"), eventstore.ReadStreamOptions{})
		if len(recs) != 0 {
			t.Errorf("the number was claimed by a refused registration: %d events", len(recs))
		}
	})
}

func TestInitiateDeparture_Issuers(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		meta    commands.Meta
		typ     employee.DepartureType
		wantErr error
	}{
		{name: "an employee resigns for themself", meta: employeeRep, typ: employee.DepartureResign},
		{name: "HR cannot resign on an employee's behalf", meta: employeeHR, typ: employee.DepartureResign, wantErr: domain.ErrForbidden},
		{name: "HR dismisses", meta: employeeHR, typ: employee.DepartureDismiss},
		{name: "an employee cannot dismiss", meta: employeeRep, typ: employee.DepartureDismiss, wantErr: domain.ErrForbidden},
		{name: "the system starts an automatic resignation", meta: commands.Meta{Actor: domain.SystemActor}, typ: employee.DepartureAutoResign},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newEmployeeWorld(t).regular()

			_, err := w.h.Employees.InitiateDeparture(ctx, tt.meta, commands.InitiateDeparture{EmployeeID: "e-1", Type: tt.typ, Reason: "r"})

			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("InitiateDeparture() error = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestSummarilyDismiss_ForfeitsPay(t *testing.T) {
	ctx, w := context.Background(), newEmployeeWorld(t).regular()

	w.ok(w.h.Employees.SummarilyDismiss(ctx, employeeHR, commands.SummarilyDismiss{EmployeeID: "e-1", Violation: employee.ViolationPartTimeJob, Reason: "second job"}))
	_, settleErr := w.h.Employees.SettleFinalPay(ctx, employeeFinance, commands.SettleFinalPay{EmployeeID: "e-1", Amount: domain.Yuan(3000)})
	w.ok(w.h.Employees.ForfeitFinalPay(ctx, employeeHR, commands.ForfeitFinalPay{EmployeeID: "e-1"}))
	w.ok(w.h.Employees.ArchiveEmployeeFiles(ctx, employeeAdmin, commands.ArchiveEmployeeFiles{EmployeeID: "e-1", Items: []string{"files"}}))
	w.ok(w.h.Employees.CompleteDeparture(ctx, employeeHR, commands.CompleteDeparture{EmployeeID: "e-1"}))

	if !errors.Is(settleErr, employee.ErrPayForfeitRule) {
		t.Errorf("SettleFinalPay() error = %v, want employee.ErrPayForfeitRule (E9)", settleErr)
	}
	got := w.types()[6:]
	want := []string{"employee.departure_initiated", "employee.final_pay_forfeited", "employee.files_archived", "employee.departed"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("departure events mismatch (-want +got):\n%s", diff)
	}
}

func TestArchiveEmployeeFiles_Issuers(t *testing.T) {
	ctx := context.Background()
	archive := commands.ArchiveEmployeeFiles{EmployeeID: "e-1", Items: []string{"customer files"}}
	tests := []struct {
		name    string
		meta    commands.Meta
		wantErr error
	}{
		// §2.4.3: ArchiveEmployeeFiles is the employee's and the admin
		// office's ("档案管理" is the admin office's duty), not HR's
		{name: "HR may not archive a leaver's files", meta: employeeHR, wantErr: domain.ErrForbidden},
		{name: "the admin office archives them", meta: employeeAdmin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newEmployeeWorld(t).regular()
			w.ok(w.h.Employees.InitiateDeparture(ctx, employeeRep, commands.InitiateDeparture{EmployeeID: "e-1", Type: employee.DepartureResign, Reason: "moving"}))

			_, err := w.h.Employees.ArchiveEmployeeFiles(ctx, tt.meta, archive)

			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ArchiveEmployeeFiles() error = %v, want %v", err, tt.wantErr)
			}
			want := map[bool]string{true: "employee.files_archived", false: "employee.departure_initiated"}[tt.wantErr == nil]
			if got := w.types(); got[len(got)-1] != want {
				t.Errorf("last event = %s, want %s", got[len(got)-1], want)
			}
		})
	}
}
