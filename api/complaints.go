package api

import (
	"context"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/complaint"
)

const complaintTag = "Complaints"

// complaintRoutes registers one endpoint per complaint command and the
// complaint queries. Commands that take a reason (escalation, declined
// resolution, reopening) read it from the envelope's "reason".
func complaintRoutes(s *Server, rt *routes) {
	create(rt, "/complaints", complaintTag, "Receive a customer complaint (and route it when department_id is given)", s.receiveComplaint)
	command(rt, "/complaints/{id}/routing", complaintTag, "Route the complaint to the department concerned", s.routeComplaint)
	command(rt, "/complaints/{id}/progress", complaintTag, "Note the handling department's progress", s.recordComplaintProgress)
	command(rt, "/complaints/{id}/customer-updates", complaintTag, "Record feedback given to the customer", s.sendComplaintUpdate)
	command(rt, "/complaints/{id}/resolution", complaintTag, "Propose a resolution", s.proposeComplaintResolution)
	command(rt, "/complaints/{id}/escalations", complaintTag, "Escalate beyond the handler's authority", s.escalateComplaint)
	command(rt, "/complaints/{id}/confirmation-request", complaintTag, "Put the proposed resolution to the customer", s.requestComplaintConfirmation)
	command(rt, "/complaints/{id}/resolution-declines", complaintTag, "Record that the customer declined the resolution", s.declineComplaintResolution)
	command(rt, "/complaints/{id}/closure", complaintTag, "Close with the customer's confirmed satisfaction (§5.8)", s.closeComplaint)
	command(rt, "/complaints/{id}/reopening", complaintTag, "Reopen a closed complaint", s.reopenComplaint)
	command(rt, "/complaints/{id}/root-cause", complaintTag, "Record the root cause and preventive action", s.recordComplaintRootCause)
	complaintQueryRoutes(s, rt)
}

// ReceiveComplaintRequest records a complaint; the id is made by the
// server. Channel is PHONE, EMAIL, IN_PERSON, LETTER, WEB or OTHER.
type ReceiveComplaintRequest struct {
	Envelope
	CustomerID   string `json:"customer_id"`
	Channel      string `json:"channel"`
	Content      string `json:"content"`
	Contact      string `json:"contact,omitempty"`
	DepartmentID string `json:"department_id,omitempty"`
}

func (s *Server) receiveComplaint(ctx context.Context, m commands.Meta, id string, req ReceiveComplaintRequest) (commands.Result, error) {
	return s.Commands.Complaints.ReceiveComplaint(ctx, m, commands.ReceiveComplaint{ComplaintID: id, CustomerID: req.CustomerID,
		Channel: complaint.Channel(req.Channel), Content: req.Content, Contact: req.Contact, DepartmentID: req.DepartmentID})
}

// RouteComplaintRequest names the department to notify.
type RouteComplaintRequest struct {
	Envelope
	DepartmentID string `json:"department_id"`
}

func (s *Server) routeComplaint(ctx context.Context, m commands.Meta, id string, req RouteComplaintRequest) (commands.Result, error) {
	return s.Commands.Complaints.RouteComplaint(ctx, m, commands.RouteComplaint{ComplaintID: id, DepartmentID: req.DepartmentID})
}

// RecordComplaintProgressRequest is a progress note.
type RecordComplaintProgressRequest struct {
	Envelope
	Note string `json:"note"`
}

func (s *Server) recordComplaintProgress(ctx context.Context, m commands.Meta, id string, req RecordComplaintProgressRequest) (commands.Result, error) {
	return s.Commands.Complaints.RecordComplaintProgress(ctx, m, commands.RecordComplaintProgress{ComplaintID: id, Note: req.Note})
}

// SendComplaintUpdateRequest is the feedback given to the customer.
type SendComplaintUpdateRequest struct {
	Envelope
	Message string `json:"message"`
}

func (s *Server) sendComplaintUpdate(ctx context.Context, m commands.Meta, id string, req SendComplaintUpdateRequest) (commands.Result, error) {
	return s.Commands.Complaints.SendComplaintUpdate(ctx, m, commands.SendComplaintUpdate{ComplaintID: id, Message: req.Message})
}

// ProposeComplaintResolutionRequest is the handling department's proposal.
type ProposeComplaintResolutionRequest struct {
	Envelope
	Resolution string `json:"resolution"`
}

func (s *Server) proposeComplaintResolution(ctx context.Context, m commands.Meta, id string, req ProposeComplaintResolutionRequest) (commands.Result, error) {
	return s.Commands.Complaints.ProposeComplaintResolution(ctx, m, commands.ProposeComplaintResolution{ComplaintID: id, Resolution: req.Resolution})
}

// EscalateComplaintRequest names the superior; the envelope's reason says
// why the complaint is beyond the handler's authority.
type EscalateComplaintRequest struct {
	Envelope
	EscalateTo string `json:"escalate_to"`
}

func (s *Server) escalateComplaint(ctx context.Context, m commands.Meta, id string, req EscalateComplaintRequest) (commands.Result, error) {
	return s.Commands.Complaints.EscalateComplaint(ctx, m, commands.EscalateComplaint{ComplaintID: id, EscalateTo: req.EscalateTo, Reason: req.Reason})
}

// RequestComplaintConfirmationRequest asks the customer to confirm.
type RequestComplaintConfirmationRequest struct {
	Envelope
}

func (s *Server) requestComplaintConfirmation(ctx context.Context, m commands.Meta, id string, _ RequestComplaintConfirmationRequest) (commands.Result, error) {
	return s.Commands.Complaints.RequestComplaintConfirmation(ctx, m, commands.RequestComplaintConfirmation{ComplaintID: id})
}

// DeclineComplaintResolutionRequest records the customer's refusal; the
// envelope's reason is theirs.
type DeclineComplaintResolutionRequest struct {
	Envelope
}

func (s *Server) declineComplaintResolution(ctx context.Context, m commands.Meta, id string, req DeclineComplaintResolutionRequest) (commands.Result, error) {
	return s.Commands.Complaints.DeclineComplaintResolution(ctx, m, commands.DeclineComplaintResolution{ComplaintID: id, Reason: req.Reason})
}

// CloseComplaintRequest is the customer's answer to the proposed
// resolution (the customer confirms satisfaction, §5.8): the complaint closes
// only when satisfied is true.
type CloseComplaintRequest struct {
	Envelope
	Satisfied               bool   `json:"satisfied"`
	CustomerConfirmationRef string `json:"customer_confirmation_ref"`
}

func (s *Server) closeComplaint(ctx context.Context, m commands.Meta, id string, req CloseComplaintRequest) (commands.Result, error) {
	return s.Commands.Complaints.CloseComplaint(ctx, m, commands.CloseComplaint{ComplaintID: id, Satisfied: req.Satisfied,
		CustomerConfirmationRef: req.CustomerConfirmationRef})
}

// ReopenComplaintRequest reopens a closed complaint; the envelope's reason
// says why.
type ReopenComplaintRequest struct {
	Envelope
}

func (s *Server) reopenComplaint(ctx context.Context, m commands.Meta, id string, req ReopenComplaintRequest) (commands.Result, error) {
	return s.Commands.Complaints.ReopenComplaint(ctx, m, commands.ReopenComplaint{ComplaintID: id, Reason: req.Reason})
}

// RecordComplaintRootCauseRequest is an analysed cause and its preventive
// action.
type RecordComplaintRootCauseRequest struct {
	Envelope
	Category         string `json:"category"`
	PreventiveAction string `json:"preventive_action"`
}

func (s *Server) recordComplaintRootCause(ctx context.Context, m commands.Meta, id string, req RecordComplaintRootCauseRequest) (commands.Result, error) {
	return s.Commands.Complaints.RecordComplaintRootCause(ctx, m, commands.RecordComplaintRootCause{ComplaintID: id, Category: req.Category,
		PreventiveAction: req.PreventiveAction})
}
