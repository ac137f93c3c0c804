package commands_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
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

func TestCompleteDeparture(t *testing.T) {
	ctx := context.Background()
	complete := commands.CompleteDeparture{EmployeeID: "e-1"}

	t.Run("a departure with an owned customer is refused", func(t *testing.T) {
		w := newEmployeeWorld(t).leaving()
		w.h = commands.Rebuilt(w.h, commands.WithCustomerOwnership(employeeOwnership{owned: 1}))

		_, err := w.h.Employees.CompleteDeparture(ctx, employeeHR, complete)

		if !errors.Is(err, employee.ErrCustomersOwned) {
			t.Fatalf("CompleteDeparture() error = %v, want employee.ErrCustomersOwned", err)
		}
		if got := w.types(); got[len(got)-1] == "employee.departed" {
			t.Errorf("employee departed with a customer still owned")
		}
	})
	t.Run("without customers the departure completes", func(t *testing.T) {
		w := newEmployeeWorld(t).leaving()
		w.h = commands.Rebuilt(w.h, commands.WithCustomerOwnership(employeeOwnership{}))

		w.ok(w.h.Employees.CompleteDeparture(ctx, employeeHR, complete))

		got := w.types()
		if diff := cmp.Diff("employee.departed", got[len(got)-1]); diff != "" {
			t.Errorf("last event mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("without the ownership port the departure fails, never passes silently", func(t *testing.T) {
		w := newEmployeeWorld(t).leaving()

		_, err := w.h.Employees.CompleteDeparture(ctx, employeeHR, complete)

		if !errors.Is(err, commands.ErrOwnershipUnavailable) {
			t.Fatalf("CompleteDeparture() error = %v, want commands.ErrOwnershipUnavailable", err)
		}
	})
	t.Run("a failing ownership lookup fails the departure", func(t *testing.T) {
		w := newEmployeeWorld(t).leaving()
		boom := errors.New("read model down")
		w.h = commands.Rebuilt(w.h, commands.WithCustomerOwnership(employeeOwnership{err: boom}))

		_, err := w.h.Employees.CompleteDeparture(ctx, employeeHR, complete)

		if !errors.Is(err, boom) {
			t.Fatalf("CompleteDeparture() error = %v, want the lookup error", err)
		}
	})
	t.Run("files not archived refuse completion (E11)", func(t *testing.T) {
		w := newEmployeeWorld(t).regular()
		w.h = commands.Rebuilt(w.h, commands.WithCustomerOwnership(employeeOwnership{}))
		w.ok(w.h.Employees.InitiateDeparture(ctx, employeeRep, commands.InitiateDeparture{EmployeeID: "e-1", Type: employee.DepartureResign, Reason: "moving"}))

		_, err := w.h.Employees.CompleteDeparture(ctx, employeeHR, complete)

		if !errors.Is(err, employee.ErrFilesNotArchived) {
			t.Fatalf("CompleteDeparture() error = %v, want employee.ErrFilesNotArchived", err)
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
	w.h = commands.Rebuilt(w.h, commands.WithCustomerOwnership(employeeOwnership{}))

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
