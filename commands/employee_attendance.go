package commands

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/employee"
)

// CheckIn checks the acting employee in for a configured slot.
type CheckIn struct {
	EmployeeID string
	Slot       string
}

// CheckIn records employee.CheckedIn; employees check in for themselves.
func (h *Employees) CheckIn(ctx context.Context, m Meta, cmd CheckIn) (Result, error) {
	role, err := authorizeSelf(m, "CheckIn", cmd.EmployeeID, domain.AllRoles()...)
	if err != nil {
		return Result{}, err
	}
	reg, version := h.regulationFor(m)
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, version, func(s employee.Employee) ([]domain.Event, error) {
		return s.CheckIn(cmd.Slot, reg, h.now())
	})
}

// RequestLeave is an employee's written request for leave in advance; it
// is effective only when the department manager signs (E7).
type RequestLeave struct {
	EmployeeID string
	LeaveID    string
	From, To   time.Time
	Reason     string
}

func (c RequestLeave) request() employee.LeaveRequest {
	return employee.LeaveRequest{LeaveID: c.LeaveID, From: c.From, To: c.To, Reason: c.Reason}
}

// RequestLeave records employee.LeaveRequested.
func (h *Employees) RequestLeave(ctx context.Context, m Meta, cmd RequestLeave) (Result, error) {
	role, err := authorizeSelf(m, "RequestLeave", cmd.EmployeeID, domain.AllRoles()...)
	if err != nil {
		return Result{}, err
	}
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, "", func(s employee.Employee) ([]domain.Event, error) {
		return s.RequestLeave(cmd.request(), h.now())
	})
}

// FileRetroactiveLeave files emergency leave after the fact; it is flagged
// and still needs the manager's signature.
type FileRetroactiveLeave RequestLeave

// FileRetroactiveLeave records employee.LeaveRetroactivelyFiled.
func (h *Employees) FileRetroactiveLeave(ctx context.Context, m Meta, cmd FileRetroactiveLeave) (Result, error) {
	role, err := authorizeSelf(m, "FileRetroactiveLeave", cmd.EmployeeID, domain.AllRoles()...)
	if err != nil {
		return Result{}, err
	}
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, "", func(s employee.Employee) ([]domain.Event, error) {
		return s.FileRetroactiveLeave(RequestLeave(cmd).request(), h.now())
	})
}

// SignLeave is the department manager's signature on a leave request (E7).
type SignLeave struct {
	EmployeeID string
	LeaveID    string
}

// SignLeave records employee.LeaveApproved.
func (h *Employees) SignLeave(ctx context.Context, m Meta, cmd SignLeave) (Result, error) {
	role, err := authorize(m, "SignLeave", domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, "", inHeadsUnit(m, role, func(s employee.Employee) ([]domain.Event, error) {
		return s.SignLeave(cmd.LeaveID, m.Actor.EmployeeID, role, h.now())
	}))
}

// RegisterOuting registers a rep's outing before customer visits.
type RegisterOuting struct {
	EmployeeID string
	Outing     employee.Outing
}

// RegisterOuting records employee.OutingRegistered.
func (h *Employees) RegisterOuting(ctx context.Context, m Meta, cmd RegisterOuting) (Result, error) {
	role, err := authorizeSelf(m, "RegisterOuting", cmd.EmployeeID, domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, "", func(s employee.Employee) ([]domain.Event, error) {
		return s.RegisterOuting(cmd.Outing, h.now())
	})
}

// RequestBusinessTrip asks the department manager for a business trip.
type RequestBusinessTrip struct {
	EmployeeID string
	Trip       employee.Trip
}

// RequestBusinessTrip records employee.BusinessTripRequested.
func (h *Employees) RequestBusinessTrip(ctx context.Context, m Meta, cmd RequestBusinessTrip) (Result, error) {
	role, err := authorizeSelf(m, "RequestBusinessTrip", cmd.EmployeeID, domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, "", func(s employee.Employee) ([]domain.Event, error) {
		return s.RequestBusinessTrip(cmd.Trip, h.now())
	})
}

// ApproveBusinessTrip is the department manager's approval of a trip
// before it starts (E8).
type ApproveBusinessTrip struct {
	EmployeeID string
	TripID     string
}

// ApproveBusinessTrip records employee.BusinessTripApproved.
func (h *Employees) ApproveBusinessTrip(ctx context.Context, m Meta, cmd ApproveBusinessTrip) (Result, error) {
	role, err := authorize(m, "ApproveBusinessTrip", domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, "", inHeadsUnit(m, role, func(s employee.Employee) ([]domain.Event, error) {
		return s.ApproveBusinessTrip(cmd.TripID, m.Actor.EmployeeID, role, h.now())
	}))
}

// SubmitWorkReport submits a rep's daily, weekly or monthly report.
type SubmitWorkReport struct {
	EmployeeID string
	Report     employee.WorkReport
}

// SubmitWorkReport records employee.WorkReportSubmitted, due and late
// under the employee regulation in force (E12-due).
func (h *Employees) SubmitWorkReport(ctx context.Context, m Meta, cmd SubmitWorkReport) (Result, error) {
	role, err := authorizeSelf(m, "SubmitWorkReport", cmd.EmployeeID, domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	reg, version := h.regulationFor(m)
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, version, func(s employee.Employee) ([]domain.Event, error) {
		return s.SubmitWorkReport(cmd.Report, reg, h.now())
	})
}

// RejectWorkReport rejects a sloppy report, which counts as missing and is
// fined per the fine schedule (E12).
type RejectWorkReport struct {
	EmployeeID string
	ReportID   string
	Reason     string
}

// RejectWorkReport records employee.WorkReportRejected and Fined.
func (h *Employees) RejectWorkReport(ctx context.Context, m Meta, cmd RejectWorkReport) (Result, error) {
	role, err := authorize(m, "RejectWorkReport", domain.RoleDeptHead)
	if err != nil {
		return Result{}, err
	}
	reg, version := h.regulationFor(m)
	return h.onEmployee(ctx, m, cmd.EmployeeID, role, version, inHeadsUnit(m, role, func(s employee.Employee) ([]domain.Event, error) {
		return s.RejectWorkReport(cmd.ReportID, m.Actor.EmployeeID, role, cmd.Reason, reg, h.now())
	}))
}
