package api

import (
	"context"
	"fmt"

	"github.com/opsledger/opsledger/commands"
	"github.com/opsledger/opsledger/domain/contract"
)

const receivableTag = "Receivables"

func receivableRoutes(s *Server, rt *routes) {
	command(rt, "/contracts/{id}/collection-plan", receivableTag, "Set or replace the instalments of a signed contract", s.setCollectionPlan)
	command(rt, "/contracts/{id}/payments", receivableTag, "Record a payment against an instalment", s.recordContractPayment)
	command(rt, "/contracts/{id}/collection-escalations", receivableTag, "Take the next dunning step on an overdue instalment (K10)", s.escalateCollection)
	receivableQueryRoutes(s, rt)
}

// InstalmentRequest is one instalment; amount is a decimal string.
type InstalmentRequest struct {
	ID      string `json:"id"`
	DueDate Date   `json:"due_date"`
	Amount  string `json:"amount"`
}

// SetCollectionPlanRequest lists the instalments; they add up to the
// contract value less the required deposit.
type SetCollectionPlanRequest struct {
	Envelope
	Instalments []InstalmentRequest `json:"instalments"`
}

func (s *Server) setCollectionPlan(ctx context.Context, m commands.Meta, id string, req SetCollectionPlanRequest) (commands.Result, error) {
	plan := make([]contract.Instalment, len(req.Instalments))
	for i, in := range req.Instalments {
		amount, err := salesCycleMoney(fmt.Sprintf("instalments[%d].amount", i), in.Amount)
		if err != nil {
			return commands.Result{}, err
		}
		plan[i] = contract.Instalment{ID: in.ID, DueDate: in.DueDate.Time, Amount: amount}
	}
	return s.Commands.Contracts.SetCollectionPlan(ctx, m, commands.SetCollectionPlan{ContractID: id, Instalments: plan})
}

// RecordContractPaymentRequest is a payment received against an instalment.
type RecordContractPaymentRequest struct {
	Envelope
	InstalmentID string `json:"instalment_id"`
	Amount       string `json:"amount"`
	Reference    string `json:"reference"`
}

func (s *Server) recordContractPayment(ctx context.Context, m commands.Meta, id string, req RecordContractPaymentRequest) (commands.Result, error) {
	amount, err := salesCycleMoney("amount", req.Amount)
	if err != nil {
		return commands.Result{}, err
	}
	return s.Commands.Contracts.RecordContractPayment(ctx, m, commands.RecordContractPayment{ContractID: id, InstalmentID: req.InstalmentID,
		Amount: amount, Reference: req.Reference})
}

// EscalateCollectionRequest names the instalment and the step: one of
// DUNNING_LETTER, ON_SITE_VISIT, LEGAL_ACTION, taken in that order.
type EscalateCollectionRequest struct {
	Envelope
	InstalmentID string `json:"instalment_id"`
	Step         string `json:"step"`
	Note         string `json:"note,omitempty"`
}

func (s *Server) escalateCollection(ctx context.Context, m commands.Meta, id string, req EscalateCollectionRequest) (commands.Result, error) {
	return s.Commands.Contracts.EscalateCollection(ctx, m, commands.EscalateCollection{ContractID: id, InstalmentID: req.InstalmentID,
		Step: contract.DunningStep(req.Step), Note: req.Note})
}
