package employee_test

import (
	"testing"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

func TestPortfolio_OpenHandoverTasks(t *testing.T) {
	open := func(p employee.Portfolio) ([]domain.Event, error) {
		return p.OpenHandoverTasks("e-1", "EAST-SALES", t1), nil
	}
	assignedC2 := employee.CustomerAssigned{EmployeeID: "e-1", CustomerID: "c-2"}
	runPortfolio(t, "OpenHandoverTasks", []portfolioCase{
		{name: "a leaving employee's customers become handover tasks for their department head (E11-handover)",
			given: []domain.Event{assignedC2, assignedC1, frozen}, when: open,
			want: []domain.Event{employee.HandoverTasksOpened{EmployeeID: "e-1", OrgUnitID: "EAST-SALES", CustomerIDs: []string{"c-1", "c-2"}, OpenedAt: t1}}},
		{name: "a leaving employee without customers has nothing to hand over", given: []domain.Event{frozen}, when: open},
		{name: "customers already handed over are no task", given: []domain.Event{assignedC1, frozen, handedOverC1}, when: open},
		{name: "an employee who is not leaving hands nothing over", given: []domain.Event{assignedC1}, when: open},
	})
}
