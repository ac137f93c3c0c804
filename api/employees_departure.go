package api

import (
	"context"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/employee"
)

// employeeDepartureRoutes registers resignations, dismissals and the
// steps that complete a departure.
func employeeDepartureRoutes(s *Server, rt *routes) {
	command(rt, "/employees/{id}/departures", employeeTag, "Start a resignation (the employee), dismissal (HR) or automatic resignation", s.initiateDeparture)
	command(rt, "/employees/{id}/summary-dismissal", employeeTag, "Dismiss at once for a part-time job or serious violation (E9, E10)", s.summarilyDismiss)
	command(rt, "/employees/{id}/file-archive", employeeTag, "Record that the leaver's company files were archived (E11)", s.archiveEmployeeFiles)
	command(rt, "/employees/{id}/final-pay", employeeTag, "Settle a leaver's pay and benefits", s.settleFinalPay)
	command(rt, "/employees/{id}/final-pay-forfeiture", employeeTag, "Withhold pay after a summary dismissal (E9)", s.forfeitFinalPay)
	command(rt, "/employees/{id}/departure-completion", employeeTag, "End the employment once files, pay and customers are handed over", s.completeDeparture)
}

// InitiateDepartureRequest starts a departure of type RESIGN, DISMISS or
// AUTO_RESIGN, optionally on the basis of a record; the envelope's reason
// says why.
type InitiateDepartureRequest struct {
	Envelope
	Type  string              `json:"type"`
	Basis *employee.RecordRef `json:"basis,omitempty"`
}

func (s *Server) initiateDeparture(ctx context.Context, m commands.Meta, id string, req InitiateDepartureRequest) (commands.Result, error) {
	return s.Commands.Employees.InitiateDeparture(ctx, m, commands.InitiateDeparture{EmployeeID: id, Type: employee.DepartureType(req.Type),
		Reason: req.Reason, Basis: req.Basis})
}

// SummarilyDismissRequest names the violation (PART_TIME_JOB,
// SERIOUS_DISCLOSURE or SERIOUS_SLACKING); the envelope's reason gives the
// facts.
type SummarilyDismissRequest struct {
	Envelope
	Violation string `json:"violation"`
}

func (s *Server) summarilyDismiss(ctx context.Context, m commands.Meta, id string, req SummarilyDismissRequest) (commands.Result, error) {
	return s.Commands.Employees.SummarilyDismiss(ctx, m, commands.SummarilyDismiss{EmployeeID: id, Violation: employee.Violation(req.Violation), Reason: req.Reason})
}

// ArchiveEmployeeFilesRequest lists the archived files and materials.
type ArchiveEmployeeFilesRequest struct {
	Envelope
	Items []string `json:"items"`
}

func (s *Server) archiveEmployeeFiles(ctx context.Context, m commands.Meta, id string, req ArchiveEmployeeFilesRequest) (commands.Result, error) {
	return s.Commands.Employees.ArchiveEmployeeFiles(ctx, m, commands.ArchiveEmployeeFiles{EmployeeID: id, Items: req.Items})
}

// SettleFinalPayRequest is the settled amount (decimal string).
type SettleFinalPayRequest struct {
	Envelope
	Amount string `json:"amount"`
}

func (s *Server) settleFinalPay(ctx context.Context, m commands.Meta, id string, req SettleFinalPayRequest) (commands.Result, error) {
	amount, err := decimalAmount("amount", req.Amount)
	if err != nil {
		return commands.Result{}, err
	}
	return s.Commands.Employees.SettleFinalPay(ctx, m, commands.SettleFinalPay{EmployeeID: id, Amount: amount})
}

// ForfeitFinalPayRequest withholds the leaver's pay.
type ForfeitFinalPayRequest struct {
	Envelope
}

func (s *Server) forfeitFinalPay(ctx context.Context, m commands.Meta, id string, _ ForfeitFinalPayRequest) (commands.Result, error) {
	return s.Commands.Employees.ForfeitFinalPay(ctx, m, commands.ForfeitFinalPay{EmployeeID: id})
}

// CompleteDepartureRequest ends the employment.
type CompleteDepartureRequest struct {
	Envelope
}

func (s *Server) completeDeparture(ctx context.Context, m commands.Meta, id string, _ CompleteDepartureRequest) (commands.Result, error) {
	return s.Commands.Employees.CompleteDeparture(ctx, m, commands.CompleteDeparture{EmployeeID: id})
}
