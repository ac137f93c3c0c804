package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
	"github.com/opsledger/opsledger/domain/customer"
)

// Complaints handles the commands on customer complaints, from receipt to
// closing, under the complaint timers in force.
type Complaints struct {
	complaints repository[complaint.Complaint]
	customers  repository[customer.Customer] // the complaining customer
	regulation regulation[complaint.Regulation]
	now        func() time.Time
}

func newComplaints(log *eventLog, versions *domain.RegulationVersions[complaint.Regulation]) *Complaints {
	return &Complaints{
		complaints: newRepository(log, complaint.Complaint.Evolve, "complaint"),
		customers:  newRepository(log, customer.Customer.Evolve, "customer file"),
		regulation: newRegulation(complaintRegulation, versions, complaint.DefaultRegulation),
		now:        log.now,
	}
}

// complaintHandlerRoles may work on a complaint in the department it was
// routed to: the routing target can be any department (§3.7-routing),
// and escalation takes it up to management.
var complaintHandlerRoles = []domain.Role{
	domain.RoleCustomerService, domain.RoleDeptHead, domain.RoleDeputyHead, domain.RoleTeamSupervisor,
	domain.RoleSalesRep, domain.RoleSalesAssistant, domain.RoleQuality, domain.RoleWarehouse,
	domain.RoleDelivery, domain.RoleFinance, domain.RoleLegal, domain.RoleClerk, domain.RoleOpsAnalyst,
	domain.RoleBranchManager, domain.RoleGMOffice, domain.RoleDeputyGM, domain.RoleGM,
}

// ReceiveComplaint records a customer's complaint; naming DepartmentID
// routes it in the same decision.
type ReceiveComplaint struct {
	ComplaintID  string
	CustomerID   string
	Channel      complaint.Channel
	Content      string
	Contact      string
	DepartmentID string
}

// ReceiveComplaint records complaint.Received (and complaint.Routed) for a
// customer with a customer file.
func (h *Complaints) ReceiveComplaint(ctx context.Context, m Meta, cmd ReceiveComplaint) (Result, error) {
	role, err := authorize(m, "ReceiveComplaint", domain.RoleCustomerService, domain.RoleSalesAssistant, domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	exists, err := h.complaintCustomerExists(ctx, cmd.CustomerID)
	if err != nil {
		return Result{}, err
	}
	in := complaint.Intake{
		ComplaintID: cmd.ComplaintID, CustomerID: cmd.CustomerID, Channel: cmd.Channel,
		Content: cmd.Content, Contact: cmd.Contact, DepartmentID: cmd.DepartmentID,
	}
	return h.onComplaint(ctx, m, cmd.ComplaintID, role, func(c complaint.Complaint, _ complaint.Regulation, now time.Time) ([]domain.Event, error) {
		return c.Receive(in, exists, m.Actor.EmployeeID, now)
	})
}

// RouteComplaint notifies the department concerned.
type RouteComplaint struct {
	ComplaintID  string
	DepartmentID string
}

// RouteComplaint records complaint.Routed, flagged late after the
// regulation's "immediate" window.
func (h *Complaints) RouteComplaint(ctx context.Context, m Meta, cmd RouteComplaint) (Result, error) {
	role, err := authorize(m, "RouteComplaint", domain.RoleCustomerService)
	if err != nil {
		return Result{}, err
	}
	return h.onComplaint(ctx, m, cmd.ComplaintID, role, func(c complaint.Complaint, p complaint.Regulation, now time.Time) ([]domain.Event, error) {
		return c.Route(cmd.DepartmentID, m.Actor.EmployeeID, p, now)
	})
}

// RecordComplaintProgress notes the handling department's progress.
type RecordComplaintProgress struct {
	ComplaintID string
	Note        string
}

// RecordComplaintProgress records complaint.ProgressRecorded.
func (h *Complaints) RecordComplaintProgress(ctx context.Context, m Meta, cmd RecordComplaintProgress) (Result, error) {
	role, err := authorize(m, "RecordComplaintProgress", complaintHandlerRoles...)
	if err != nil {
		return Result{}, err
	}
	return h.onComplaint(ctx, m, cmd.ComplaintID, role, func(c complaint.Complaint, _ complaint.Regulation, now time.Time) ([]domain.Event, error) {
		if err := complaintHandlerScope(c, m, role, false); err != nil {
			return nil, err
		}
		return c.RecordProgress(cmd.Note, m.Actor.EmployeeID, now)
	})
}

// SendComplaintUpdate records feedback given to the customer.
type SendComplaintUpdate struct {
	ComplaintID string
	Message     string
}

// SendComplaintUpdate records complaint.CustomerUpdated, flagged late
// when it breaks the regulation's update timers.
func (h *Complaints) SendComplaintUpdate(ctx context.Context, m Meta, cmd SendComplaintUpdate) (Result, error) {
	role, err := authorize(m, "SendComplaintUpdate", domain.RoleCustomerService)
	if err != nil {
		return Result{}, err
	}
	return h.onComplaint(ctx, m, cmd.ComplaintID, role, func(c complaint.Complaint, p complaint.Regulation, now time.Time) ([]domain.Event, error) {
		return c.UpdateCustomer(cmd.Message, m.Actor.EmployeeID, p, now)
	})
}

// ProposeComplaintResolution records the handling department's proposal.
type ProposeComplaintResolution struct {
	ComplaintID string
	Resolution  string
}

// ProposeComplaintResolution records complaint.ResolutionProposed.
func (h *Complaints) ProposeComplaintResolution(ctx context.Context, m Meta, cmd ProposeComplaintResolution) (Result, error) {
	role, err := authorize(m, "ProposeComplaintResolution", complaintHandlerRoles...)
	if err != nil {
		return Result{}, err
	}
	return h.onComplaint(ctx, m, cmd.ComplaintID, role, func(c complaint.Complaint, _ complaint.Regulation, now time.Time) ([]domain.Event, error) {
		if err := complaintHandlerScope(c, m, role, false); err != nil {
			return nil, err
		}
		return c.ProposeResolution(cmd.Resolution, m.Actor.EmployeeID, now)
	})
}

// EscalateComplaint reports a complaint beyond the handler's authority to
// a superior.
type EscalateComplaint struct {
	ComplaintID string
	EscalateTo  string
	Reason      string
}

// EscalateComplaint records complaint.Escalated.
func (h *Complaints) EscalateComplaint(ctx context.Context, m Meta, cmd EscalateComplaint) (Result, error) {
	role, err := authorize(m, "EscalateComplaint", complaintHandlerRoles...)
	if err != nil {
		return Result{}, err
	}
	return h.onComplaint(ctx, m, cmd.ComplaintID, role, func(c complaint.Complaint, _ complaint.Regulation, now time.Time) ([]domain.Event, error) {
		if err := complaintHandlerScope(c, m, role, true); err != nil {
			return nil, err
		}
		return c.Escalate(cmd.EscalateTo, cmd.Reason, m.Actor.EmployeeID, now)
	})
}

// onComplaint runs a complaint decision under the complaint regulation in
// force now, recording its version.
func (h *Complaints) onComplaint(ctx context.Context, m Meta, id string, role domain.Role, decide func(complaint.Complaint, complaint.Regulation, time.Time) ([]domain.Event, error)) (Result, error) {
	now := h.now()
	reg, version := h.regulation.at(now)
	return h.complaints.Update(ctx, m, decision[complaint.Complaint]{
		stream:     complaint.Stream(id),
		role:       role,
		regulation: version,
		decide:     func(c complaint.Complaint) ([]domain.Event, error) { return decide(c, reg, now) },
	})
}

// complaintCustomerExists reports whether the customer has a file.
func (h *Complaints) complaintCustomerExists(ctx context.Context, customerID string) (bool, error) {
	if customerID == "" {
		return false, nil // the decision reports the missing field
	}
	c, ok, err := h.customers.Load(ctx, customer.Stream(customerID))
	return ok && c.Exists(), err
}
