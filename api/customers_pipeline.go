package api

import (
	"context"
	"time"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/customer"
)

func customerPipelineRoutes(s *Server, rt *routes) {
	command(rt, "/customers/{id}/classification", customerTag, "Classify the customer (C8, C12)", s.classifyCustomer)
	command(rt, "/customers/{id}/relationship-depth", customerTag, "Record how deep the relationship has grown", s.setRelationshipDepth)
	command(rt, "/customers/{id}/reassign", customerTag, "Hand the customer to another rep", s.reassignCustomer)
	command(rt, "/customers/{id}/file-review", customerTag, "Confirm this month's review of the file (C4)", s.confirmMonthlyFileReview)
	command(rt, "/customers/{id}/visits", customerTag, "Record a visit on a registered outing", s.recordVisit)
	command(rt, "/customers/{id}/negotiation", customerTag, "Start cooperation talks", s.startNegotiation)
	command(rt, "/customers/{id}/cooperating", customerTag, "Mark the customer cooperating on a signed contract (system, C9)", s.markCustomerCooperating)
	command(rt, "/customers/{id}/park", customerTag, "Keep the customer on file without active pursuit", s.parkCustomer)
	command(rt, "/customers/{id}/abandon", customerTag, "Give the customer up", s.abandonCustomer)
	command(rt, "/customers/{id}/reactivate", customerTag, "Take a parked, abandoned or dormant customer up again", s.reactivateCustomer)
	command(rt, "/customers/{id}/dormant", customerTag, "Mark a cooperating customer dormant", s.markCustomerDormant)
}

// CustomerStepRequest is a pipeline step that needs nothing but the
// envelope (its reason, where the step asks for one).
type CustomerStepRequest struct {
	Envelope
}

// ClassifyCustomerRequest places the customer in the classification scheme
// in force.
type ClassifyCustomerRequest struct {
	Envelope
	Industry              string `json:"industry"`
	Scale                 string `json:"scale"`
	ValueTier             string `json:"value_tier"`
	PurchaseFrequencyBand string `json:"purchase_frequency_band"`
}

func (s *Server) classifyCustomer(ctx context.Context, m commands.Meta, id string, req ClassifyCustomerRequest) (commands.Result, error) {
	return s.Commands.Customers.ClassifyCustomer(ctx, m, commands.ClassifyCustomer{CustomerID: id, Classification: customer.Classification{
		Industry: req.Industry, Scale: req.Scale, ValueTier: req.ValueTier, PurchaseFrequencyBand: req.PurchaseFrequencyBand,
	}})
}

// SetRelationshipDepthRequest names the depth (GENERAL_UNDERSTANDING …
// RELATIONSHIP_CONSOLIDATED).
type SetRelationshipDepthRequest struct {
	Envelope
	Depth string `json:"depth"`
}

func (s *Server) setRelationshipDepth(ctx context.Context, m commands.Meta, id string, req SetRelationshipDepthRequest) (commands.Result, error) {
	return s.Commands.Customers.SetRelationshipDepth(ctx, m, commands.SetRelationshipDepth{CustomerID: id, Depth: customer.Depth(req.Depth)})
}

// ReassignCustomerRequest names the new owning rep; the reason says why.
type ReassignCustomerRequest struct {
	Envelope
	ToRepID string `json:"to_rep_id"`
}

func (s *Server) reassignCustomer(ctx context.Context, m commands.Meta, id string, req ReassignCustomerRequest) (commands.Result, error) {
	return s.Commands.Customers.ReassignCustomer(ctx, m, commands.ReassignCustomer{CustomerID: id, ToRepID: req.ToRepID})
}

func (s *Server) confirmMonthlyFileReview(ctx context.Context, m commands.Meta, id string, _ CustomerStepRequest) (commands.Result, error) {
	return s.Commands.Customers.ConfirmMonthlyFileReview(ctx, m, commands.ConfirmMonthlyFileReview{CustomerID: id})
}

// RecordVisitRequest is a visit as the rep reports it; outcome is one of
// CONTINUE_VISITING, KEEP_FOLLOWING_UP, NEGOTIATE, PARK, ABANDON.
type RecordVisitRequest struct {
	Envelope
	OutingRegistrationID string `json:"outing_registration_id"`
	Purpose              string `json:"purpose"`
	Outcome              string `json:"outcome"`
	Note                 string `json:"note,omitempty"`
}

func (s *Server) recordVisit(ctx context.Context, m commands.Meta, id string, req RecordVisitRequest) (commands.Result, error) {
	return s.Commands.Customers.RecordVisit(ctx, m, commands.RecordVisit{CustomerID: id, Visit: customer.Visit{
		OutingRegistrationID: req.OutingRegistrationID, Purpose: req.Purpose, Outcome: customer.VisitOutcome(req.Outcome), Note: req.Note,
	}})
}

func (s *Server) startNegotiation(ctx context.Context, m commands.Meta, id string, _ CustomerStepRequest) (commands.Result, error) {
	return s.Commands.Customers.StartNegotiation(ctx, m, commands.StartNegotiation{CustomerID: id})
}

// MarkCustomerCooperatingRequest names the signed contract (a system
// reaction; people do not issue it).
type MarkCustomerCooperatingRequest struct {
	Envelope
	ContractID string     `json:"contract_id"`
	SignedAt   *time.Time `json:"signed_at,omitempty"`
}

func (s *Server) markCustomerCooperating(ctx context.Context, m commands.Meta, id string, req MarkCustomerCooperatingRequest) (commands.Result, error) {
	cmd := commands.MarkCustomerCooperating{CustomerID: id, ContractID: req.ContractID}
	if req.SignedAt != nil {
		cmd.SignedAt = *req.SignedAt
	}
	return s.Commands.Customers.MarkCustomerCooperating(ctx, m, cmd)
}

func (s *Server) parkCustomer(ctx context.Context, m commands.Meta, id string, _ CustomerStepRequest) (commands.Result, error) {
	return s.Commands.Customers.ParkCustomer(ctx, m, commands.ParkCustomer{CustomerID: id})
}

func (s *Server) abandonCustomer(ctx context.Context, m commands.Meta, id string, _ CustomerStepRequest) (commands.Result, error) {
	return s.Commands.Customers.AbandonCustomer(ctx, m, commands.AbandonCustomer{CustomerID: id})
}

func (s *Server) reactivateCustomer(ctx context.Context, m commands.Meta, id string, _ CustomerStepRequest) (commands.Result, error) {
	return s.Commands.Customers.ReactivateCustomer(ctx, m, commands.ReactivateCustomer{CustomerID: id})
}

func (s *Server) markCustomerDormant(ctx context.Context, m commands.Meta, id string, _ CustomerStepRequest) (commands.Result, error) {
	return s.Commands.Customers.MarkCustomerDormant(ctx, m, commands.MarkCustomerDormant{CustomerID: id})
}
