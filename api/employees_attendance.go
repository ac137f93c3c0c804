package api

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/employee"
)

// employeeAttendanceRoutes registers check-ins, leave, outings, trips and
// work reports. Check-ins, leave requests, outings, trip requests and
// reports are filed by the employee themself: the command layer refuses
// anyone else (403).
func employeeAttendanceRoutes(s *Server, rt *routes) {
	command(rt, "/employees/{id}/check-ins", employeeTag, "Check in for a configured slot (the employee themself)", s.checkIn)
	command(rt, "/employees/{id}/leaves", employeeTag, "Request leave in advance (the employee themself, E7)", s.requestLeave)
	command(rt, "/employees/{id}/retroactive-leaves", employeeTag, "File emergency leave after the fact (flagged)", s.fileRetroactiveLeave)
	command(rt, "/employees/{id}/leaves/{leave_id}/signature", employeeTag, "Sign a leave request (DEPT_HEAD, E7)", s.signLeave)
	command(rt, "/employees/{id}/outings", employeeTag, "Register an outing before customer visits", s.registerOuting)
	command(rt, "/employees/{id}/business-trips", employeeTag, "Request a business trip", s.requestBusinessTrip)
	command(rt, "/employees/{id}/business-trips/{trip_id}/approval", employeeTag, "Approve a business trip before it starts (DEPT_HEAD, E8)", s.approveBusinessTrip)
	command(rt, "/employees/{id}/work-reports", employeeTag, "Submit a daily, weekly or monthly work report", s.submitWorkReport)
	command(rt, "/employees/{id}/work-reports/{report_id}/rejection", employeeTag, "Reject a sloppy report, which is fined (E12)", s.rejectWorkReport)
}

// CheckInRequest names the check-in slot.
type CheckInRequest struct {
	Envelope
	Slot string `json:"slot"`
}

func (s *Server) checkIn(ctx context.Context, m commands.Meta, id string, req CheckInRequest) (commands.Result, error) {
	return s.Commands.Employees.CheckIn(ctx, m, commands.CheckIn{EmployeeID: id, Slot: req.Slot})
}

// RequestLeaveRequest asks for leave from..to; the envelope's reason is
// the reason for the leave.
type RequestLeaveRequest struct {
	Envelope
	LeaveID string    `json:"leave_id"`
	From    time.Time `json:"from"`
	To      time.Time `json:"to"`
}

func (r RequestLeaveRequest) command(id string) commands.RequestLeave {
	return commands.RequestLeave{EmployeeID: id, LeaveID: r.LeaveID, From: r.From, To: r.To, Reason: r.Reason}
}

func (s *Server) requestLeave(ctx context.Context, m commands.Meta, id string, req RequestLeaveRequest) (commands.Result, error) {
	return s.Commands.Employees.RequestLeave(ctx, m, req.command(id))
}

// FileRetroactiveLeaveRequest files leave already taken.
type FileRetroactiveLeaveRequest struct {
	RequestLeaveRequest
}

func (s *Server) fileRetroactiveLeave(ctx context.Context, m commands.Meta, id string, req FileRetroactiveLeaveRequest) (commands.Result, error) {
	return s.Commands.Employees.FileRetroactiveLeave(ctx, m, commands.FileRetroactiveLeave(req.command(id)))
}

// SignLeaveRequest signs the leave named in the path.
type SignLeaveRequest struct {
	Envelope
}

func (s *Server) signLeave(ctx context.Context, m commands.Meta, id string, _ SignLeaveRequest) (commands.Result, error) {
	return s.Commands.Employees.SignLeave(ctx, m, commands.SignLeave{EmployeeID: id, LeaveID: routeParam(ctx, "leave_id")})
}

// RegisterOutingRequest registers an outing; leaves_at defaults to now.
type RegisterOutingRequest struct {
	Envelope
	OutingID       string    `json:"outing_id"`
	Destination    string    `json:"destination"`
	Purpose        string    `json:"purpose"`
	CustomerIDs    []string  `json:"customer_ids,omitempty"`
	LeavesAt       time.Time `json:"leaves_at,omitzero"`
	ExpectedBackAt time.Time `json:"expected_back_at,omitzero"`
}

func (s *Server) registerOuting(ctx context.Context, m commands.Meta, id string, req RegisterOutingRequest) (commands.Result, error) {
	o := employee.Outing{OutingID: req.OutingID, Destination: req.Destination, Purpose: req.Purpose,
		CustomerIDs: req.CustomerIDs, LeavesAt: req.LeavesAt, ExpectedBackAt: req.ExpectedBackAt}
	return s.Commands.Employees.RegisterOuting(ctx, m, commands.RegisterOuting{EmployeeID: id, Outing: o})
}

// RequestBusinessTripRequest asks for a business trip.
type RequestBusinessTripRequest struct {
	Envelope
	TripID      string    `json:"trip_id"`
	Destination string    `json:"destination"`
	Purpose     string    `json:"purpose"`
	StartsAt    time.Time `json:"starts_at"`
	EndsAt      time.Time `json:"ends_at"`
}

func (s *Server) requestBusinessTrip(ctx context.Context, m commands.Meta, id string, req RequestBusinessTripRequest) (commands.Result, error) {
	t := employee.Trip{TripID: req.TripID, Destination: req.Destination, Purpose: req.Purpose, StartsAt: req.StartsAt, EndsAt: req.EndsAt}
	return s.Commands.Employees.RequestBusinessTrip(ctx, m, commands.RequestBusinessTrip{EmployeeID: id, Trip: t})
}

// ApproveBusinessTripRequest approves the trip named in the path.
type ApproveBusinessTripRequest struct {
	Envelope
}

func (s *Server) approveBusinessTrip(ctx context.Context, m commands.Meta, id string, _ ApproveBusinessTripRequest) (commands.Result, error) {
	return s.Commands.Employees.ApproveBusinessTrip(ctx, m, commands.ApproveBusinessTrip{EmployeeID: id, TripID: routeParam(ctx, "trip_id")})
}

// SubmitWorkReportRequest is a report for a DAILY, WEEKLY (from a Monday)
// or MONTHLY (from the 1st) period starting at period_start: the period's
// work, the next period's plan and, on a daily report, the day's visits
// (E12-content).
type SubmitWorkReportRequest struct {
	Envelope
	ReportID    string               `json:"report_id"`
	Period      string               `json:"period"`
	PeriodStart Date                 `json:"period_start"`
	Content     string               `json:"content"`
	NextPlan    string               `json:"next_plan"`
	Visits      []ReportVisitRequest `json:"visits,omitempty"`
}

// ReportVisitRequest is one customer visit of a daily report: the
// customer, the contact's name, title and department, a phone, the
// minutes spent and the project's progress.
type ReportVisitRequest struct {
	Customer          string `json:"customer"`
	ContactName       string `json:"contact_name"`
	ContactTitle      string `json:"contact_title"`
	ContactDepartment string `json:"contact_department,omitempty"`
	Phone             string `json:"phone"`
	Minutes           int    `json:"minutes"`
	Outcome           string `json:"outcome,omitempty"`
}

func (s *Server) submitWorkReport(ctx context.Context, m commands.Meta, id string, req SubmitWorkReportRequest) (commands.Result, error) {
	rep := employee.WorkReport{ReportID: req.ReportID, Period: employee.ReportPeriod(req.Period), PeriodStart: req.PeriodStart.Time,
		Content: req.Content, NextPlan: req.NextPlan}
	for _, v := range req.Visits {
		rep.Visits = append(rep.Visits, employee.ReportVisit(v))
	}
	return s.Commands.Employees.SubmitWorkReport(ctx, m, commands.SubmitWorkReport{EmployeeID: id, Report: rep})
}

// RejectWorkReportRequest rejects the report named in the path; the
// envelope's reason says what was wrong with it.
type RejectWorkReportRequest struct {
	Envelope
}

func (s *Server) rejectWorkReport(ctx context.Context, m commands.Meta, id string, req RejectWorkReportRequest) (commands.Result, error) {
	return s.Commands.Employees.RejectWorkReport(ctx, m, commands.RejectWorkReport{EmployeeID: id, ReportID: routeParam(ctx, "report_id"), Reason: req.Reason})
}
