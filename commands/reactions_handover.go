package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/customer"
	"github.com/opsledger/opsledger/domain/employee"
)

// ErrNoDepartmentToRoute refuses to route a complaint whose customer's
// file names no department: somebody must route it by hand.
var ErrNoDepartmentToRoute = domain.Rejected("the customer's file names no department to route the complaint to")

// RouteComplaintAtReceipt notifies the department concerned of a
// complaint received without one (§3.7-routing: "immediately"): the
// department serving the customer, its file's org unit. A complaint
// already routed, with its receipt or since, records nothing.
func (h *Reactions) RouteComplaintAtReceipt(ctx context.Context, cause Cause, e complaint.Received) (Result, error) {
	const reaction = "RouteComplaintAtReceipt"
	m := cause.meta(reaction)
	role, err := authorize(m, reaction, domain.RoleSystem)
	if err != nil {
		return Result{}, err
	}
	c, ok, err := h.complaints.customers.Load(ctx, customer.Stream(e.CustomerID))
	switch {
	case err != nil:
		return Result{}, err
	case !ok || c.OrgUnitID == "":
		return Result{}, ErrNoDepartmentToRoute
	}
	return h.complaints.onComplaint(ctx, m, e.ComplaintID, role, func(cp complaint.Complaint, reg complaint.Regulation, now time.Time) ([]domain.Event, error) {
		if cp.DepartmentID != "" {
			return nil, nil
		}
		return cp.Route(c.OrgUnitID, m.Actor.EmployeeID, reg, now)
	})
}

// OpenHandoverTasksOnDeparture lists, when an employee's departure starts,
// the customers they still own as handover tasks for the head of their
// department (E11-handover), on their customer portfolio.
func (h *Reactions) OpenHandoverTasksOnDeparture(ctx context.Context, cause Cause, e employee.DepartureInitiated) (Result, error) {
	const reaction = "OpenHandoverTasksOnDeparture"
	m := cause.meta(reaction)
	role, err := authorize(m, reaction, domain.RoleSystem)
	if err != nil {
		return Result{}, err
	}
	leaving, _, err := h.employees.employees.Load(ctx, employee.Stream(e.EmployeeID))
	if err != nil {
		return Result{}, err
	}
	at := m.businessTime(h.employees.now)
	return h.employees.portfolios.Update(ctx, m, decision[employee.Portfolio]{
		stream: employee.PortfolioStream(e.EmployeeID),
		role:   role,
		decide: func(p employee.Portfolio) ([]domain.Event, error) {
			return p.OpenHandoverTasks(e.EmployeeID, leaving.OrgUnitID, at), nil
		},
	})
}
