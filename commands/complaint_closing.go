package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/complaint"
)

// RequestComplaintConfirmation puts the proposed resolution to the
// customer.
type RequestComplaintConfirmation struct {
	ComplaintID string
}

// RequestComplaintConfirmation records complaint.ConfirmationRequested.
func (h *Complaints) RequestComplaintConfirmation(ctx context.Context, m Meta, cmd RequestComplaintConfirmation) (Result, error) {
	role, err := authorize(m, "RequestComplaintConfirmation", domain.RoleCustomerService)
	if err != nil {
		return Result{}, err
	}
	return h.onComplaint(ctx, m, cmd.ComplaintID, role, func(c complaint.Complaint, _ complaint.Regulation, now time.Time) ([]domain.Event, error) {
		return c.RequestConfirmation(m.Actor.EmployeeID, now)
	})
}

// DeclineComplaintResolution records that the customer is not satisfied
// with the proposal; handling resumes.
type DeclineComplaintResolution struct {
	ComplaintID string
	Reason      string
}

// DeclineComplaintResolution records complaint.ResolutionDeclined.
func (h *Complaints) DeclineComplaintResolution(ctx context.Context, m Meta, cmd DeclineComplaintResolution) (Result, error) {
	role, err := authorize(m, "DeclineComplaintResolution", domain.RoleCustomerService)
	if err != nil {
		return Result{}, err
	}
	return h.onComplaint(ctx, m, cmd.ComplaintID, role, func(c complaint.Complaint, _ complaint.Regulation, now time.Time) ([]domain.Event, error) {
		return c.DeclineResolution(cmd.Reason, m.Actor.EmployeeID, now)
	})
}

// CloseComplaint confirms the customer's satisfaction: customer service
// records the customer's answer to the proposed resolution, and the
// complaint closes only when the customer is satisfied (§5.8).
type CloseComplaint struct {
	ComplaintID             string
	Satisfied               bool
	CustomerConfirmationRef string
}

// CloseComplaint records complaint.Closed; it refuses a customer who is
// not satisfied (complaint.ErrNotSatisfied).
func (h *Complaints) CloseComplaint(ctx context.Context, m Meta, cmd CloseComplaint) (Result, error) {
	role, err := authorize(m, "CloseComplaint", domain.RoleCustomerService)
	if err != nil {
		return Result{}, err
	}
	conf := complaint.Confirmation{Satisfied: cmd.Satisfied, CustomerConfirmationRef: cmd.CustomerConfirmationRef}
	return h.onComplaint(ctx, m, cmd.ComplaintID, role, func(c complaint.Complaint, p complaint.Regulation, now time.Time) ([]domain.Event, error) {
		return c.Close(conf, m.Actor.EmployeeID, p, now)
	})
}

// ReopenComplaint takes a closed complaint up again.
type ReopenComplaint struct {
	ComplaintID string
	Reason      string
}

// ReopenComplaint records complaint.Reopened.
func (h *Complaints) ReopenComplaint(ctx context.Context, m Meta, cmd ReopenComplaint) (Result, error) {
	role, err := authorize(m, "ReopenComplaint", domain.RoleCustomerService, domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	return h.onComplaint(ctx, m, cmd.ComplaintID, role, func(c complaint.Complaint, _ complaint.Regulation, now time.Time) ([]domain.Event, error) {
		if c.Status != complaint.StatusNone {
			if err := headsUnit(m, role, c.DepartmentID); err != nil {
				return nil, err
			}
		}
		return c.Reopen(cmd.Reason, m.Actor.EmployeeID, now)
	})
}

// RecordComplaintRootCause records an analysed cause and its preventive
// action, also after closure.
type RecordComplaintRootCause struct {
	ComplaintID      string
	Category         string
	PreventiveAction string
}

// RecordComplaintRootCause records complaint.RootCauseRecorded.
func (h *Complaints) RecordComplaintRootCause(ctx context.Context, m Meta, cmd RecordComplaintRootCause) (Result, error) {
	role, err := authorize(m, "RecordComplaintRootCause", complaintHandlerRoles...)
	if err != nil {
		return Result{}, err
	}
	rc := complaint.RootCause{Category: cmd.Category, PreventiveAction: cmd.PreventiveAction}
	return h.onComplaint(ctx, m, cmd.ComplaintID, role, func(c complaint.Complaint, _ complaint.Regulation, now time.Time) ([]domain.Event, error) {
		if err := complaintHandlerScope(c, m, role, true); err != nil {
			return nil, err
		}
		return c.RecordRootCause(rc, m.Actor.EmployeeID, now)
	})
}
