package employee_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

var (
	assignedC1   = employee.CustomerAssigned{EmployeeID: "e-1", CustomerID: "c-1", AssignedAt: t1}
	handedOverC1 = employee.CustomerHandedOver{EmployeeID: "e-1", CustomerID: "c-1", ToEmployeeID: "e-2", HandedOverAt: t1}
	recordedC1   = employee.CustomersOwnedRecorded{EmployeeID: "e-1", CustomerIDs: []string{"c-1"}, RecordedAt: t1}
)

func TestEmployee_TakeCustomer(t *testing.T) {
	take := func(s employee.Employee) ([]domain.Event, error) { return s.TakeCustomer("e-1", "c-1", t1) }
	run(t, "TakeCustomer", []testCase{
		{name: "an employee at work takes a customer", given: atWork, when: take, want: []domain.Event{assignedC1}},
		{name: "an employee the log does not know takes one", when: take, want: []domain.Event{assignedC1}},
		{name: "a customer already theirs is recorded again, so the append checks the stream", given: given(atWork, assignedC1), when: take, want: []domain.Event{assignedC1}},
		{name: "an employee whose departure is under way takes none (E-reassign-leaving)", given: given(atWork, resigning), when: take, wantErr: employee.ErrOwnerLeaving},
		{name: "a failed probationer takes none", given: given(onProbation, employee.ProbationFailed{EmployeeID: "e-1"}), when: take, wantErr: employee.ErrOwnerLeaving},
		{name: "a departed employee takes none", given: given(atWork, resigning, archived, settled, employee.Departed{EmployeeID: "e-1"}), when: take, wantErr: employee.ErrOwnerLeaving},
	})
}

func TestEmployee_HandOverCustomer(t *testing.T) {
	handOver := func(s employee.Employee) ([]domain.Event, error) {
		return s.HandOverCustomer("e-1", "c-1", "e-2", t1), nil
	}
	run(t, "HandOverCustomer", []testCase{
		{name: "an owner hands a customer over", given: given(atWork, assignedC1), when: handOver, want: []domain.Event{handedOverC1}},
		{name: "a leaving owner hands customers over", given: given(atWork, assignedC1, resigning), when: handOver, want: []domain.Event{handedOverC1}},
		{name: "a customer the stream does not list is handed over all the same", given: atWork, when: handOver, want: []domain.Event{handedOverC1}},
	})
}

func TestEmployee_RecordOwnedCustomers(t *testing.T) {
	record := func(ids ...string) decide {
		return func(s employee.Employee) ([]domain.Event, error) { return s.RecordOwnedCustomers("e-1", ids, t1), nil }
	}
	run(t, "RecordOwnedCustomers", []testCase{
		{name: "customers owned before the upgrade are recorded, sorted, once each", given: atWork, when: record("c-2", "c-1", "c-2"), want: []domain.Event{
			employee.CustomersOwnedRecorded{EmployeeID: "e-1", CustomerIDs: []string{"c-1", "c-2"}, RecordedAt: t1},
		}},
		{name: "customers already listed are left out", given: given(atWork, assignedC1), when: record("c-1", "c-2"), want: []domain.Event{
			employee.CustomersOwnedRecorded{EmployeeID: "e-1", CustomerIDs: []string{"c-2"}, RecordedAt: t1},
		}},
		{name: "nothing new records nothing", given: given(atWork, recordedC1), when: record("c-1")},
	})
}

func TestEmployee_OwnedCustomers(t *testing.T) {
	tests := []struct {
		name  string
		given []domain.Event
		want  int
	}{
		{name: "no customer at first", given: atWork, want: 0},
		{name: "assigned and recorded customers count once each", given: given(atWork, assignedC1, recordedC1, employee.CustomerAssigned{EmployeeID: "e-1", CustomerID: "c-2"}), want: 2},
		{name: "a handed-over customer no longer counts", given: given(atWork, assignedC1, handedOverC1), want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := domain.Fold(employee.Employee.Evolve, tt.given...)

			if got := s.OwnedCustomers(); got != tt.want {
				t.Errorf("OwnedCustomers() = %d, want %d", got, tt.want)
			}
		})
	}
}
