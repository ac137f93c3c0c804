package commands

import (
	"context"

	"github.com/opsledger/opsledger/domain"
	"github.com/opsledger/opsledger/domain/contract"
)

// SetCollectionPlan sets or replaces a signed contract's instalments
// (K10). They add up to the contract value less the required deposit.
type SetCollectionPlan struct {
	ContractID  string
	Instalments []contract.Instalment
}

// SetCollectionPlan records contract.CollectionPlanSet.
func (h *Contracts) SetCollectionPlan(ctx context.Context, m Meta, cmd SetCollectionPlan) (Result, error) {
	role, err := authorize(m, "SetCollectionPlan", domain.RoleSalesMgmt, domain.RoleSalesRep)
	if err != nil {
		return Result{}, err
	}
	return h.onContract(ctx, m, cmd.ContractID, role, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.SetCollectionPlan(cmd.Instalments, by, m.businessTime(h.now))
	})
}

// RecordContractPayment records a payment against an instalment (named
// apart from RecordOrderPayment).
type RecordContractPayment struct {
	ContractID   string
	InstalmentID string
	Amount       domain.Money
	Reference    string
}

// RecordContractPayment records contract.PaymentReceived.
func (h *Contracts) RecordContractPayment(ctx context.Context, m Meta, cmd RecordContractPayment) (Result, error) {
	role, err := authorize(m, "RecordContractPayment", domain.RoleFinance)
	if err != nil {
		return Result{}, err
	}
	return h.onContract(ctx, m, cmd.ContractID, role, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.RecordPayment(cmd.InstalmentID, cmd.Amount, cmd.Reference, by, m.businessTime(h.now))
	})
}

// EscalateCollection takes the next dunning step on an overdue instalment:
// DUNNING_LETTER, then ON_SITE_VISIT, then LEGAL_ACTION, which needs the GM
// and legal both: each issues it once, and the second starts it.
type EscalateCollection struct {
	ContractID   string
	InstalmentID string
	Step         contract.DunningStep
	Note         string
}

// EscalateCollection records contract.DunningLetterSent,
// contract.CollectionVisitMade, or for legal action contract.LegalActionApproved
// (and, with the second approval, contract.LegalActionInitiated). The
// instalment must be overdue at the command's business time.
func (h *Contracts) EscalateCollection(ctx context.Context, m Meta, cmd EscalateCollection) (Result, error) {
	// Dunning letters and visits are the sales side's (SALES_MGMT / SALES_REP);
	// legal action is the GM's and legal's (§2.2.4 EscalateCollection).
	name, roles := "EscalateCollection", []domain.Role{domain.RoleSalesMgmt, domain.RoleSalesRep}
	if cmd.Step == contract.DunningLegalAction {
		name, roles = "EscalateCollection to legal action", []domain.Role{domain.RoleGM, domain.RoleLegal}
	}
	role, err := authorize(m, name, roles...)
	if err != nil {
		return Result{}, err
	}
	// the dunning ladder of the version in force at the business time,
	// recorded on the events (§2.5-regulation-adoption)
	reg, version := h.regulation.at(m.businessTime(h.now))
	return h.onContractUnder(ctx, m, cmd.ContractID, role, version, func(ct contract.Contract, by contract.Actor) ([]domain.Event, error) {
		return ct.EscalateCollectionUnder(cmd.InstalmentID, cmd.Step, cmd.Note, by, reg.Dunning, m.businessTime(h.now))
	})
}
